package dev.cadre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.model.ChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.samples.Sample;
import dev.cadre.samples.Samples;
import dev.cadre.state.store.CheckpointKind;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.PausingTeams;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.studio.RunIndex;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code runs}, {@code resume} and {@code answer} on real SQLite stores and real teams. */
@Timeout(120)
class DurableCommandsTest {

  @TempDir Path dir;

  private final Terminal terminal = new Terminal();
  private final List<TaskResult> results = new ArrayList<>();

  private int cadre(String... args) {
    terminal.reset();
    List<Sample> samples = new ArrayList<>(Samples.all());
    samples.add(new Travel());
    return terminal.run(samples, Map.of(), args);
  }

  private String store() {
    return dir.resolve("runs.db").toString();
  }

  private String started(String team) {
    assertThat(cadre("run", team, "--store", store())).as(terminal.err()).isEqualTo(CadreCli.OK);
    Matcher id =
        Pattern.compile("^durable run (\\S+) on ", Pattern.MULTILINE).matcher(terminal.out());
    assertThat(id.find()).as(terminal.out()).isTrue();
    return id.group(1);
  }

  @Test
  void aRunThatPausesForAPersonIsAnsweredAndGoesOnToItsEnd() {
    String runId = started("travel");

    assertThat(terminal.out())
        .contains("---------- agent ----------\nWhere to?\n")
        .contains("run " + runId + " is waiting for customer: Where to?\n")
        .endsWith("answer it with: cadre answer " + runId + " <text> --store " + store() + "\n");
    assertThat(cadre("runs", "--store", store())).isEqualTo(CadreCli.OK);
    assertThat(terminal.out()).isEqualTo(runId + "  paused    travel\n");

    // Resuming without an answer asks the question again, and runs nothing.
    assertThat(cadre("resume", runId, "--store", store())).isEqualTo(CadreCli.OK);
    assertThat(terminal.out()).contains("run " + runId + " is waiting for customer: Where to?\n");

    assertThat(cadre("answer", runId, "Lisbon, in May", "--store", store()))
        .as(terminal.err())
        .isEqualTo(CadreCli.OK);
    assertThat(terminal.out())
        .startsWith("answering run " + runId + " on " + store())
        .contains("---------- customer ----------\nLisbon, in May\n")
        .contains("---------- agent ----------\nBooked.\n")
        .doesNotContain("is waiting for");
    assertThat(results).last().extracting(r -> r.messages().size()).isEqualTo(4);

    assertThat(cadre("runs", "--store", store())).isEqualTo(CadreCli.OK);
    assertThat(terminal.out()).isEqualTo(runId + "  finished  travel\n");

    assertThat(cadre("answer", runId, "again", "--store", store())).isEqualTo(CadreCli.USAGE);
    assertThat(terminal.firstErrorLine())
        .isEqualTo("error: run '" + runId + "' has finished; it waits for no answer");
  }

  @Test
  void runsListsEveryRunWithItsStatusAndTeam() {
    String finished = started("feature");
    String paused = started("travel");
    // A run whose process died before its end: not finished, not waiting.
    String running = "crashed-run";
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      store.append(running, 0, CheckpointKind.MESSAGE, "{\"text\":\"half way\"}");
    }

    assertThat(cadre("runs", "--store", store())).isEqualTo(CadreCli.OK);

    assertThat(terminal.out().lines())
        .containsExactlyInAnyOrder(
            String.format("%-36s  finished  feature", finished),
            String.format("%-36s  paused    travel", paused),
            String.format("%-36s  running   -", running));
    assertThat(terminal.err()).isEmpty();
  }

  @Test
  void runsOnAStoreThatIsNotThereIsAUsageErrorNamingTheOption() {
    String missing = dir.resolve("none.db").toString();

    assertThat(cadre("runs", "--store", missing)).isEqualTo(CadreCli.USAGE);

    assertThat(terminal.firstErrorLine())
        .isEqualTo(
            "error: --store "
                + missing
                + ": no run store there; give the file the runs were started on with --store"
                + " <file>");
    assertThat(dir.resolve("none.db")).doesNotExist();
  }

  @Test
  void runsOnAnEmptyStoreSaysSo() throws Exception {
    Files.createFile(dir.resolve("runs.db"));

    assertThat(cadre("runs", "--store", store())).isEqualTo(CadreCli.OK);

    assertThat(terminal.out()).isEqualTo("no runs in " + store() + "\n");
  }

  @Test
  void answeringARunThatWaitsForNothingIsAUsageError() {
    String running = "crashed-run";
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      store.append(running, 0, CheckpointKind.MESSAGE, "{}");
    }

    assertThat(cadre("answer", running, "yes", "--store", store(), "--team", "travel"))
        .isEqualTo(CadreCli.USAGE);

    assertThat(terminal.firstErrorLine())
        .isEqualTo(
            "error: run '"
                + running
                + "' is not waiting for an answer; carry it on with: cadre resume "
                + running);
  }

  @Test
  void aRunTheCommandDidNotStartNeedsItsTeamNamed() {
    String runId = started("travel");
    // The same run, in a store whose index of teams is gone: as for a run another program began.
    try (RunIndex index = RunIndex.open(dir.resolve("runs.db"))) {
      index.put(runId, "gone");
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    assertThat(cadre("resume", runId, "--store", store())).isEqualTo(CadreCli.USAGE);
    assertThat(terminal.firstErrorLine()).startsWith("error: unknown sample 'gone'");

    assertThat(cadre("answer", runId, "Oslo", "--store", store(), "--team", "travel"))
        .as(terminal.err())
        .isEqualTo(CadreCli.OK);
    assertThat(terminal.out()).contains("---------- customer ----------\nOslo\n");
  }

  @Test
  void aRunWithNoRecordOfItsTeamIsAUsageErrorNamingTeam() {
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      store.append("foreign", 0, CheckpointKind.MESSAGE, "{}");
    }

    assertThat(cadre("resume", "foreign", "--store", store())).isEqualTo(CadreCli.USAGE);

    assertThat(terminal.firstErrorLine())
        .isEqualTo(
            "error: run 'foreign' in "
                + store()
                + " was not started by cadre run; name its team with --team <sample|spec>");
  }

  @Test
  void listingAndResumingAStoreLeaveItsTablesAsTheyWere() throws Exception {
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      store.append("foreign", 0, CheckpointKind.MESSAGE, "{}");
    }
    List<String> before = tables();

    assertThat(cadre("runs", "--store", store())).isEqualTo(CadreCli.OK);
    assertThat(terminal.out()).isEqualTo("foreign  running   -\n");
    assertThat(cadre("resume", "foreign", "--store", store())).isEqualTo(CadreCli.USAGE);

    assertThat(tables()).isEqualTo(before).doesNotContain("cadre_cli_runs");
  }

  private List<String> tables() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store());
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }

  @Test
  void answerWithoutItsTextIsAUsageErrorNamingTheParameter() {
    assertThat(cadre("answer", "r1")).isEqualTo(CadreCli.USAGE);

    assertThat(terminal.firstErrorLine()).isEqualTo("error: Missing required parameter: '<text>'");
    assertThat(terminal.err()).contains("Usage: cadre answer [-hV]");
  }

  /**
   * A travel agent and a customer in turn; the customer is a person whose answer pauses the run.
   * Every command gets a fresh script, which the command keeps with the run's snapshots.
   */
  private final class Travel implements Sample {
    @Override
    public String name() {
      return "travel";
    }

    @Override
    public String description() {
      return "an agent asks a person where to go";
    }

    @Override
    public String defaultTask() {
      return PausingTeams.TASK;
    }

    @Override
    public ChatModel offlineModel() {
      return ReplayChatModel.ofTexts(PausingTeams.PROMPT, "Booked.");
    }

    @Override
    public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
      throw new AssertionError("the travel team runs only durably");
    }

    @Override
    public TaskResult durably(
        ChatModel model, CheckpointStore store, Function<Team, TaskResult> body) {
      try (Team team = PausingTeams.team(store, model)) {
        TaskResult result = body.apply(team);
        if (result != null) {
          results.add(result);
        }
        return result;
      }
    }
  }
}
