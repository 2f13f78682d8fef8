package dev.cadre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.samples.Sample;
import dev.cadre.samples.Samples;
import dev.cadre.state.store.Checkpoint;
import dev.cadre.state.store.CheckpointKind;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.DyingStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bundled sample's durable run, offline on its replay script and on a real SQLite file, stopped
 * part-way as if its process had died, and resumed through the command line by a fresh sample (a
 * new process's): the whole transcript must be the one the uninterrupted run gives, so the resumed
 * replay must go on after the replies the run had already committed, not at its first line.
 */
class OfflineResumeTest {

  @TempDir Path dir;

  private final Terminal terminal = new Terminal();
  private final List<TaskResult> results = new ArrayList<>();

  @ParameterizedTest
  @ValueSource(strings = {"devteam", "finance", "research", "process", "feature"})
  void aRunStoppedHalfWayResumesToTheUninterruptedTranscript(String name) {
    Uninterrupted reference = uninterrupted(name);

    String runId = stoppedAt(name, reference.middleAnswer(), "runs.db");
    TaskResult resumed = resume(name, "runs.db", runId);

    assertThat(lines(resumed)).isEqualTo(lines(reference.result()));
    assertThat(resumed.stopReason()).isEqualTo(reference.result().stopReason());
    // The same replies, each asked for once: a script read from elsewhere costs other tokens.
    assertThat(resumed.usage()).isEqualTo(reference.result().usage());
  }

  @Test
  void aRunStoppedAtAnyCommitResumesToTheUninterruptedTranscript() {
    Uninterrupted reference = uninterrupted("feature");
    assertThat(reference.appends()).isGreaterThan(10);

    // Dying at the first append leaves no run to resume; every later commit is a place to stop.
    for (int append = 2; append <= reference.appends(); append++) {
      String file = "runs-" + append + ".db";
      String runId = stoppedAt("feature", append, file);
      TaskResult resumed = resume("feature", file, runId);

      assertThat(lines(resumed))
          .as("stopped at append %d", append)
          .isEqualTo(lines(reference.result()));
      assertThat(resumed.usage())
          .as("stopped at append %d", append)
          .isEqualTo(reference.result().usage());
    }
  }

  /** The reference run, to its end, and how many checkpoints it committed. */
  private Uninterrupted uninterrupted(String name) {
    String store = dir.resolve("reference.db").toString();
    assertThat(cadre(recording(name, 0), "run", name, "--store", store))
        .as(err())
        .isEqualTo(CadreCli.OK);
    String runId = runId();
    try (CheckpointStore opened = SqliteCheckpointStore.open(Path.of(store))) {
      List<Checkpoint> steps = opened.steps(runId, 0);
      List<Checkpoint> answers =
          steps.stream().filter(step -> step.kind() == CheckpointKind.MESSAGE).toList();
      assertThat(answers).as("the reference run commits several answers").hasSizeGreaterThan(2);
      // A run's versions count its appends from 1.
      int middle = (int) answers.get(answers.size() / 2).version();
      return new Uninterrupted(results.remove(0), steps.size(), middle);
    }
  }

  /** Starts the run on {@code file}, its process dying at the {@code append}th commit. */
  private String stoppedAt(String name, int append, String file) {
    String store = dir.resolve(file).toString();
    assertThat(cadre(recording(name, append), "run", name, "--store", store))
        .as("stopped at append %d: %s", append, err())
        .isEqualTo(CadreCli.FAILED);
    assertThat(err()).contains("the process died");
    assertThat(results).isEmpty();
    return runId();
  }

  /** Resumes the run with a fresh sample, as a new process would, to its end. */
  private TaskResult resume(String name, String file, String runId) {
    String store = dir.resolve(file).toString();
    assertThat(cadre(recording(name, 0), "resume", runId, "--store", store))
        .as(err())
        .isEqualTo(CadreCli.OK);
    assertThat(out()).startsWith("resuming run " + runId);
    assertThat(err()).isEmpty();
    return results.remove(0);
  }

  /**
   * @param appends how many checkpoints the run committed
   * @param middleAnswer the number of the append that commits its middle answer
   */
  private record Uninterrupted(TaskResult result, int appends, int middleAnswer) {}

  private static List<String> lines(TaskResult result) {
    List<String> lines = new ArrayList<>();
    for (AgentMessage message : result.messages()) {
      lines.add(message.source() + ": " + message.content());
    }
    return lines;
  }

  private int cadre(Sample sample, String... args) {
    terminal.reset();
    return terminal.run(List.of(sample), Map.of(), args);
  }

  private String out() {
    return terminal.out();
  }

  private String err() {
    return terminal.err();
  }

  private String runId() {
    Matcher id = Pattern.compile("^(?:durable|resuming) run (\\S+) on ", Pattern.MULTILINE)
        .matcher(out());
    assertThat(id.find()).as(out()).isTrue();
    return id.group(1);
  }

  /**
   * A fresh instance of the bundled sample {@code name} whose durable runs record their result,
   * and whose process dies at the {@code dieAt}th commit (never for 0).
   */
  private Sample recording(String name, int dieAt) {
    Sample sample =
        Samples.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    return new Sample() {
      @Override
      public String name() {
        return sample.name();
      }

      @Override
      public String description() {
        return sample.description();
      }

      @Override
      public String defaultTask() {
        return sample.defaultTask();
      }

      @Override
      public ChatModel offlineModel() {
        return sample.offlineModel();
      }

      @Override
      public TaskResult run(ChatModel model, String task, Consumer<TeamEvent> events) {
        throw new AssertionError("the CLI ran a --store run without its store");
      }

      @Override
      public TaskResult durably(
          ChatModel model, CheckpointStore store, Function<Team, TaskResult> body) {
        CheckpointStore used = dieAt == 0 ? store : DyingStore.atAppend(store, dieAt);
        return sample.durably(
            model,
            used,
            team -> {
              TaskResult result = body.apply(team);
              results.add(result);
              return result;
            });
      }
    };
  }
}
