package dev.cadre.state.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.team.StopReason;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.Question;
import dev.cadre.core.CancelledException;
import dev.cadre.core.Json;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.StateException;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable team runs against one kind of store: crash recovery across processes, a resume race,
 * checkpoints that cannot be read, and a run that pauses for a person and is answered from another
 * process.
 */
abstract class DurableRunContract {

  @TempDir Path dir;

  /** A new connection to this test's store (each call another connection, as a process would). */
  abstract CheckpointStore open();

  /** Arguments that make {@link DurableTeamChild} open this test's store. */
  abstract List<String> childArguments();

  /** A plain JDBC connection to this test's database, to change it behind the store's back. */
  abstract Connection jdbc() throws SQLException;

  /** Runs {@code sql} with {@code arguments} on this test's database; returns the rows changed. */
  int update(String sql, Object... arguments) throws SQLException {
    try (Connection c = jdbc();
        PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < arguments.length; i++) {
        p.setObject(i + 1, arguments[i]);
      }
      return p.executeUpdate();
    }
  }

  /** The first column of the first row {@code sql} selects, as text. */
  String query(String sql, Object... arguments) throws SQLException {
    try (Connection c = jdbc();
        PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < arguments.length; i++) {
        p.setObject(i + 1, arguments[i]);
      }
      try (ResultSet rs = p.executeQuery()) {
        assertThat(rs.next()).as("a row for %s", sql).isTrue();
        return rs.getString(1);
      }
    }
  }

  /** The version of run {@code runId}'s latest checkpoint of {@code kind}. */
  private long latest(String runId, CheckpointKind kind) throws SQLException {
    return Long.parseLong(
        query(
            "SELECT MAX(version) FROM cadre_checkpoints WHERE run_id = ? AND kind = ?",
            runId,
            kind.name()));
  }

  /**
   * Replaces {@code from} with {@code to} in the payload of checkpoint {@code version} of {@code
   * runId} with plain JDBC, checking that the payload changed and is still valid JSON.
   */
  private void edit(String runId, long version, String from, String to) throws Exception {
    String payload =
        query(
            "SELECT payload FROM cadre_checkpoints WHERE run_id = ? AND version = ?",
            runId,
            version);
    String edited = payload.replace(from, to);
    assertThat(edited).as("checkpoint %d holds '%s'", version, from).isNotEqualTo(payload);
    Json.mapper().readTree(edited);
    assertThat(
            update(
                "UPDATE cadre_checkpoints SET payload = ? WHERE run_id = ? AND version = ?",
                edited,
                runId,
                version))
        .isEqualTo(1);
  }

  private long rows(String runId) throws SQLException {
    return Long.parseLong(
        query("SELECT COUNT(*) FROM cadre_checkpoints WHERE run_id = ?", runId));
  }

  private static List<String> transcript(TaskResult result) {
    List<String> lines = new ArrayList<>();
    for (AgentMessage message : result.messages()) {
      lines.add(message.source() + ": " + message.content());
    }
    return lines;
  }

  private TaskResult reference() {
    try (CheckpointStore store = open();
        Team team = DurableTeams.team(store, dir.resolve("reference.log"), true, Duration.ZERO)) {
      return team.runDurable("reference", DurableTeams.TASK, event -> {});
    }
  }

  @Test
  void aRunKilledDuringASlowTurnResumesInAnotherProcessWithNothingLostAndTheToolRunOnce()
      throws Exception {
    TaskResult reference = reference();
    assertThat(transcript(reference))
        .containsExactly(
            "user: File the report",
            "writer: Draft: all systems nominal.",
            "clerk: Filed in the ledger.",
            "writer: Done, thanks.");
    Path toolFile = dir.resolve("ledger.log");
    crashAfterToolResult("crashed", toolFile);
    assertThat(Files.readAllLines(toolFile, StandardCharsets.UTF_8))
        .containsExactly("filed call_1");
    try (CheckpointStore store = open()) {
      RunState crashed = store.load("crashed").orElseThrow();
      assertThat(crashed.steps())
          .noneMatch(
              step ->
                  step.kind() == CheckpointKind.MESSAGE
                      && step.payload().contains("Filed in the ledger"));

      try (Team resumed = DurableTeams.team(store, toolFile, false, Duration.ZERO)) {
        TaskResult result = resumed.resume("crashed");
        assertThat(transcript(result)).isEqualTo(transcript(reference));
        assertThat(result.stopReason()).isEqualTo(reference.stopReason());
      }
      assertThat(Files.readAllLines(toolFile, StandardCharsets.UTF_8))
          .containsExactly("filed call_1");
      // A finished run resumes to its result and runs nothing.
      try (Team again = DurableTeams.team(store, toolFile, false, Duration.ZERO)) {
        assertThat(transcript(again.resume("crashed"))).isEqualTo(transcript(reference));
      }
      assertThat(Files.readAllLines(toolFile, StandardCharsets.UTF_8)).hasSize(1);
    }
  }

  /**
   * Runs the {@link DurableTeams} team as {@code runId} in a child JVM and kills it (no clean
   * close, so an SQLite store keeps its write-ahead log) once the clerk's tool result is committed,
   * during the clerk's slow answer.
   */
  void crashAfterToolResult(String runId, Path toolFile) throws Exception {
    List<String> command = child(DurableTeamChild.class, runId, toolFile.toString());
    Path out = dir.resolve(runId + "-child.out");
    Process child =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      // Closed before the kill: the last connection to close an SQLite file would checkpoint it.
      try (CheckpointStore store = open()) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!hasToolResult(store, runId)) {
          assertThat(child.isAlive()).as("child exited early: %s", Files.readString(out)).isTrue();
          assertThat(System.nanoTime())
              .as("child committed no tool result in 60 s")
              .isLessThan(deadline);
          Thread.sleep(50);
        }
      }
      settled();
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** The command that runs {@code main} in a child JVM on this test's store. */
  private List<String> child(Class<?> main, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(childArguments());
    command.addAll(List.of(arguments));
    return command;
  }

  /** Waits, once the child's tool result is committed, for whatever the store does after it. */
  void settled() throws Exception {}

  private static boolean hasToolResult(CheckpointStore store, String runId) {
    return store.load(runId).stream()
        .flatMap(state -> state.steps().stream())
        .anyMatch(step -> step.kind() == CheckpointKind.TOOL_RESULT);
  }

  /** Leaves run {@code runId} after its first turn, as a crash in the clerk's turn would. */
  private void interruptedRun(String runId, Path toolFile) throws Exception {
    try (CheckpointStore store = open();
        Team team = DurableTeams.team(store, toolFile, true, Duration.ofMinutes(1))) {
      CountDownLatch filed = new CountDownLatch(1);
      CompletableFuture<TaskResult> run =
          CompletableFuture.supplyAsync(
              () ->
                  team.runDurable(
                      runId,
                      DurableTeams.TASK,
                      event -> {
                        if (event instanceof TeamEvent.Activity activity
                            && activity.event() instanceof AgentEvent.ToolCallsExecuted) {
                          filed.countDown();
                        }
                      }));
      assertThat(filed.await(30, TimeUnit.SECONDS)).isTrue();
      team.cancel();
      assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(CancelledException.class);
    }
  }

  @Test
  void ofTwoResumersOfOneRunExactlyOneWinsAndTheOtherGetsAConcurrentRunError() throws Exception {
    TaskResult reference = reference();
    Path toolFile = dir.resolve("race.log");
    interruptedRun("race", toolFile);
    assertThat(Files.readAllLines(toolFile)).hasSize(1);
    CyclicBarrier bothLoaded = new CyclicBarrier(2);
    List<CompletableFuture<TaskResult>> resumers = new ArrayList<>();
    List<CheckpointStore> stores = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        CheckpointStore store = new BarrierStore(open(), bothLoaded);
        stores.add(store);
        Team team = DurableTeams.team(store, toolFile, false, Duration.ZERO);
        resumers.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try (team) {
                    return team.resume("race");
                  }
                }));
      }
      List<TaskResult> won = new ArrayList<>();
      List<Throwable> lost = new ArrayList<>();
      for (CompletableFuture<TaskResult> resumer : resumers) {
        try {
          won.add(resumer.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          lost.add(e.getCause());
        }
      }
      assertThat(won).hasSize(1);
      assertThat(transcript(won.get(0))).isEqualTo(transcript(reference));
      assertThat(lost).singleElement().isInstanceOf(ConcurrentRunException.class);
      assertThat(lost.get(0)).hasMessageContaining("run 'race'");
      assertThat(Files.readAllLines(toolFile)).hasSize(1);
      try (CheckpointStore store = open()) {
        List<Checkpoint> log = store.steps("race", 0);
        assertThat(log).filteredOn(step -> step.kind() == CheckpointKind.RESUMED).hasSize(1);
        for (int i = 0; i < log.size(); i++) {
          assertThat(log.get(i).version()).isEqualTo(i + 1);
        }
      }
    } finally {
      stores.forEach(CheckpointStore::close);
    }
  }

  @Test
  void aCorruptedCheckpointFailsClearlyAndChangesNothing() throws Exception {
    interruptedRun("torn", dir.resolve("torn.log"));
    try (CheckpointStore store = open()) {
      long version = store.load("torn").orElseThrow().version();
      store.append(
          "torn", version, CheckpointKind.TOOL_RESULT, "{\"format\": 1, \"kind\": \"tool-res");
      List<Checkpoint> before = store.steps("torn", 0);
      try (Team team = DurableTeams.team(store, dir.resolve("torn.log"), false, Duration.ZERO)) {
        assertThatThrownBy(() -> team.resume("torn"))
            .isInstanceOf(StateException.class)
            .hasMessageContaining("checkpoint " + (version + 1) + " (TOOL_RESULT) of run 'torn'")
            .hasMessageContaining("not valid JSON")
            .hasMessageContaining("Nothing was changed");
      }
      assertThat(store.steps("torn", 0)).isEqualTo(before);
    }
  }

  @Test
  void aSnapshotOfAnUnknownFormatVersionFailsClearlyAndChangesNothing() {
    try (CheckpointStore store = open()) {
      store.append(
          "future",
          0,
          CheckpointKind.SNAPSHOT,
          "{\"format\": 99, \"kind\": \"run\", \"team\": {}}");
      List<Checkpoint> before = store.steps("future", 0);
      try (Team team = DurableTeams.team(store, dir.resolve("future.log"), true, Duration.ZERO)) {
        assertThatThrownBy(() -> team.resume("future"))
            .isInstanceOf(StateException.class)
            .hasMessageContaining("checkpoint 1 (SNAPSHOT) of run 'future'")
            .hasMessageContaining("version 99 is not understood")
            .hasMessageContaining("saved by a newer Cadre");
        assertThatThrownBy(() -> team.resume("nowhere"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("there is no run 'nowhere'");
      }
      assertThat(store.steps("future", 0)).isEqualTo(before);
      assertThat(store.runs()).containsExactly("future");
    }
  }

  @Test
  void messageTextEditedInsideAStoredSnapshotIsDetectedOnResumeNamingTheRunAndTheStep()
      throws Exception {
    Path toolFile = dir.resolve("edited.log");
    interruptedRun("edited", toolFile);
    long snapshot = latest("edited", CheckpointKind.SNAPSHOT);
    edit("edited", snapshot, "all systems nominal", "all systems failing");
    long rows = rows("edited");

    try (CheckpointStore store = open();
        Team team = DurableTeams.team(store, toolFile, false, Duration.ZERO)) {
      assertThatThrownBy(() -> team.resume("edited"))
          .isInstanceOfSatisfying(
              DamagedCheckpointException.class,
              e -> {
                assertThat(e.runId()).isEqualTo("edited");
                assertThat(e.version()).isEqualTo(snapshot);
              })
          .hasMessageContaining("checkpoint " + snapshot + " (SNAPSHOT) of run 'edited'")
          .hasMessageContaining("does not match the SHA-256 digest stored beside it")
          .hasMessageContaining("edited or damaged")
          .hasMessageContaining("Nothing was changed")
          .hasMessageContaining("Restore the database from a backup")
          .hasMessageNotContaining("all systems");
    }
    assertThat(rows("edited")).isEqualTo(rows);
    assertThat(Files.readAllLines(toolFile)).containsExactly("filed call_1");
  }

  @Test
  void anEditedToolResultIsDetectedOnResumeBeforeTheModelSeesIt() throws Exception {
    Path toolFile = dir.resolve("faked.log");
    interruptedRun("faked", toolFile);
    long result = latest("faked", CheckpointKind.TOOL_RESULT);
    edit("faked", result, "\"filed\"", "\"nothing to file\"");

    try (CheckpointStore store = open();
        Team team = DurableTeams.team(store, toolFile, false, Duration.ZERO)) {
      assertThatThrownBy(() -> team.resume("faked"))
          .isInstanceOf(DamagedCheckpointException.class)
          .hasMessageContaining("checkpoint " + result + " (TOOL_RESULT) of run 'faked'")
          .hasMessageContaining("does not match the SHA-256 digest")
          .hasMessageNotContaining("nothing to file");
    }
    assertThat(Files.readAllLines(toolFile)).containsExactly("filed call_1");
  }

  @Test
  void anEditedQuestionOfAPausedRunIsDetectedBeforeAPersonIsShownIt() throws Exception {
    pausedRun("asked", new ArrayList<>());
    long paused = latest("asked", CheckpointKind.PAUSED);
    edit("asked", paused, PausingTeams.PROMPT, "Type your card number");

    try (CheckpointStore store = open();
        Team team = PausingTeams.team(store, ReplayChatModel.ofTexts("Booked."))) {
      assertThatThrownBy(() -> team.waiting("asked"))
          .isInstanceOf(DamagedCheckpointException.class)
          .hasMessageContaining("checkpoint " + paused + " (PAUSED) of run 'asked'")
          .hasMessageNotContaining("card number");
      assertThatThrownBy(() -> team.resume("asked", "Lisbon"))
          .isInstanceOf(DamagedCheckpointException.class)
          .hasMessageContaining("checkpoint " + paused + " (PAUSED) of run 'asked'");
    }
  }

  @Test
  void aFlippedDigestIsDetectedOnResumeAsWell() throws Exception {
    Path toolFile = dir.resolve("flipped.log");
    interruptedRun("flipped", toolFile);
    long snapshot = latest("flipped", CheckpointKind.SNAPSHOT);
    String digest =
        query(
            "SELECT digest FROM cadre_checkpoints WHERE run_id = ? AND version = ?",
            "flipped",
            snapshot);
    String flipped = (digest.charAt(0) == '0' ? "1" : "0") + digest.substring(1);
    update(
        "UPDATE cadre_checkpoints SET digest = ? WHERE run_id = ? AND version = ?",
        flipped,
        "flipped",
        snapshot);

    try (CheckpointStore store = open();
        Team team = DurableTeams.team(store, toolFile, false, Duration.ZERO)) {
      assertThatThrownBy(() -> team.resume("flipped"))
          .isInstanceOf(DamagedCheckpointException.class)
          .hasMessageContaining("checkpoint " + snapshot + " (SNAPSHOT) of run 'flipped'")
          .hasMessageContaining("does not match the SHA-256 digest");
    }
    assertThat(Files.readAllLines(toolFile)).containsExactly("filed call_1");
  }

  /** Runs the pausing team as {@code runId} in this JVM until it pauses, and closes it. */
  private TaskResult pausedRun(String runId, List<TeamEvent> events) {
    ReplayChatModel model = ReplayChatModel.ofTexts("Where would you like to go?");
    try (CheckpointStore store = open();
        Team team = PausingTeams.team(store, model)) {
      return team.runDurable(runId, PausingTeams.TASK, events::add);
    }
  }

  @Test
  void aRunPausesForAPersonAndASecondProcessResumesItWithTheAnswer() throws Exception {
    List<TeamEvent> events = new ArrayList<>();
    TaskResult paused = pausedRun("trip", events);

    assertThat(paused.paused()).isTrue();
    assertThat(paused.stop().kind()).isEqualTo(StopReason.Kind.WAITING);
    Question question = paused.waiting();
    assertThat(question.agent()).isEqualTo("customer");
    assertThat(question.prompt()).isEqualTo(PausingTeams.PROMPT);
    assertThat(question.context())
        .containsExactly(
            AgentMessage.user(PausingTeams.TASK),
            new AgentMessage.Text("agent", "Where would you like to go?"));
    assertThat(paused.stopReason())
        .contains("waiting for a person's answer", "'customer'", question.id());
    assertThat(transcript(paused))
        .containsExactly("user: Book me a trip", "agent: Where would you like to go?");
    assertThat(events)
        .contains(
            new TeamEvent.Activity(
                new AgentEvent.InputRequested("customer", question.id(), PausingTeams.PROMPT)));
    assertThat(events.get(events.size() - 1)).isEqualTo(new TeamEvent.Finished(paused));

    try (CheckpointStore store = open();
        Team fresh = PausingTeams.team(store, ReplayChatModel.ofTexts("unused"))) {
      assertThat(fresh.waiting("trip")).contains(question);
      List<Checkpoint> before = store.steps("trip", 0);
      assertThat(before.get(before.size() - 1).kind()).isEqualTo(CheckpointKind.PAUSED);
      assertThatThrownBy(() -> fresh.resume("trip"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("run 'trip' is paused")
          .hasMessageContaining("'customer's question " + question.id())
          .hasMessageContaining(PausingTeams.PROMPT)
          .hasMessageContaining("resume(\"trip\", answer)");
      assertThat(store.steps("trip", 0)).isEqualTo(before);
    }

    Path out = dir.resolve("resumed.out");
    List<String> command = child(PausedTeamChild.class, "trip", "Lisbon, in May", out.toString());
    Process child =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("paused-child.out").toFile())
            .start();
    try {
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished in 60 s").isTrue();
      assertThat(child.exitValue())
          .as("child failed: %s", Files.readString(dir.resolve("paused-child.out")))
          .isZero();
    } finally {
      child.destroyForcibly();
    }
    assertThat(Files.readAllLines(out, StandardCharsets.UTF_8))
        .containsExactly(
            "user: Book me a trip",
            "agent: Where would you like to go?",
            "customer: Lisbon, in May",
            "agent: Booked.",
            // What the agent's model was sent on its turn after the resume.
            "> user: Book me a trip",
            "> assistant: Where would you like to go?",
            "> user/customer: Lisbon, in May");

    try (CheckpointStore store = open();
        Team fresh = PausingTeams.team(store, ReplayChatModel.ofTexts("unused"))) {
      assertThat(fresh.waiting("trip")).isEmpty();
      List<Checkpoint> log = store.steps("trip", 0);
      assertThat(log)
          .filteredOn(step -> step.kind() == CheckpointKind.RESUMED)
          .singleElement()
          .satisfies(step -> assertThat(step.payload()).contains("Lisbon, in May"));
      assertThatThrownBy(() -> fresh.resume("trip", "Porto"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("run 'trip' is not waiting for a person's answer")
          .hasMessageContaining("it has finished")
          .hasMessageContaining("resume(\"trip\")");
      assertThat(store.steps("trip", 0)).isEqualTo(log);
    }
  }

  @Test
  void answeringARunThatNeverPausedIsAClearErrorAndChangesNothing() throws Exception {
    interruptedRun("busy", dir.resolve("busy.log"));
    try (CheckpointStore store = open();
        Team team = DurableTeams.team(store, dir.resolve("busy.log"), false, Duration.ZERO)) {
      List<Checkpoint> before = store.steps("busy", 0);
      assertThat(team.waiting("busy")).isEmpty();
      assertThatThrownBy(() -> team.resume("busy", "yes"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("run 'busy' is not waiting for a person's answer")
          .hasMessageContaining("it did not pause");
      assertThat(store.steps("busy", 0)).isEqualTo(before);
    }
  }

  @Test
  void ofTwoProcessesAnsweringOnePauseExactlyOneWins() throws Exception {
    pausedRun("answered", new ArrayList<>());
    CyclicBarrier bothLoaded = new CyclicBarrier(2);
    List<CompletableFuture<TaskResult>> answerers = new ArrayList<>();
    List<CheckpointStore> stores = new ArrayList<>();
    try {
      for (String answer : List.of("Rome", "Oslo")) {
        CheckpointStore store = new BarrierStore(open(), bothLoaded);
        stores.add(store);
        Team team = PausingTeams.team(store, ReplayChatModel.ofTexts("Booked."));
        answerers.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try (team) {
                    return team.resume("answered", answer);
                  }
                }));
      }
      List<TaskResult> won = new ArrayList<>();
      List<Throwable> lost = new ArrayList<>();
      for (CompletableFuture<TaskResult> answerer : answerers) {
        try {
          won.add(answerer.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          lost.add(e.getCause());
        }
      }
      assertThat(won).hasSize(1);
      assertThat(lost).singleElement().isInstanceOf(ConcurrentRunException.class);
      String winner = won.get(0).messages().get(2).content();
      assertThat(winner).isIn("Rome", "Oslo");
      assertThat(transcript(won.get(0)))
          .containsExactly(
              "user: Book me a trip",
              "agent: Where would you like to go?",
              "customer: " + winner,
              "agent: Booked.");
      try (CheckpointStore store = open()) {
        assertThat(store.steps("answered", 0))
            .filteredOn(step -> step.kind() == CheckpointKind.RESUMED)
            .singleElement()
            .satisfies(step -> assertThat(step.payload()).contains(winner));
      }
    } finally {
      stores.forEach(CheckpointStore::close);
    }
  }

  /** Holds each RESUMED append until both resumers have loaded the run, so they truly race. */
  private static final class BarrierStore extends ForwardingCheckpointStore {
    private final CyclicBarrier barrier;

    BarrierStore(CheckpointStore delegate, CyclicBarrier barrier) {
      super(delegate);
      this.barrier = barrier;
    }

    @Override
    public Checkpoint append(
        String runId, long expectedVersion, CheckpointKind kind, String payload) {
      if (kind == CheckpointKind.RESUMED) {
        try {
          barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException("the other resumer never got here", e);
        }
      }
      return delegate.append(runId, expectedVersion, kind, payload);
    }
  }

}
