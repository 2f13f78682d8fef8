package dev.cadre.state.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link CheckpointStore} must do, run against each implementation on a fresh database
 * per test.
 */
abstract class CheckpointStoreContract {

  /** A store on this test's database; each call is an independent instance (connection). */
  abstract CheckpointStore open(Clock clock);

  /** Runs SQL on this test's database behind the store's back. */
  abstract void execute(String sql);

  abstract long queryLong(String sql);

  /** Arguments that make {@link StoreRaceChild} open this test's database. */
  abstract List<String> childArguments();

  private static final Instant START = Instant.parse("2026-11-25T10:00:00.123Z");

  /** Each reading is one second after the last, so every checkpoint gets its own timestamp. */
  static final class SteppingClock extends Clock {
    private final AtomicLong readings = new AtomicLong();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return START.plusSeconds(readings.getAndIncrement()).plusNanos(456_789);
    }
  }

  CheckpointStore open() {
    return open(new SteppingClock());
  }

  @Test
  void appendedStepsLoadBackInOrderWithTheirVersionKindPayloadAndClockTime() {
    try (CheckpointStore store = open()) {
      Checkpoint first = store.append("run-1", 0, CheckpointKind.MESSAGE, "{\"text\":\"hi\"}");
      Checkpoint second = store.append("run-1", 1, CheckpointKind.SPEAKER_CHOICE, "\"coder\"");
      Checkpoint third = store.append("run-1", 2, CheckpointKind.TOOL_RESULT, "{\"ok\":true}");

      assertThat(first)
          .isEqualTo(
              new Checkpoint(
                  1, CheckpointKind.MESSAGE, "{\"text\":\"hi\"}", START));
      assertThat(third.timestamp()).isEqualTo(START.plusSeconds(2));
      RunState state = store.load("run-1").orElseThrow();
      assertThat(state.runId()).isEqualTo("run-1");
      assertThat(state.version()).isEqualTo(3);
      assertThat(state.snapshot()).isEmpty();
      assertThat(state.steps()).containsExactly(first, second, third);
      assertThat(store.steps("run-1", 1)).containsExactly(second, third);
    }
    try (CheckpointStore reopened = open()) {
      assertThat(reopened.load("run-1").orElseThrow().version()).isEqualTo(3);
      assertThat(reopened.runs()).containsExactly("run-1");
    }
  }

  @Test
  void loadReturnsTheLatestSnapshotAndOnlyTheStepsAfterIt() {
    try (CheckpointStore store = open()) {
      store.append("r", 0, CheckpointKind.MESSAGE, "1");
      store.append("r", 1, CheckpointKind.SNAPSHOT, "{\"upTo\":1}");
      store.append("r", 2, CheckpointKind.MESSAGE, "3");
      Checkpoint snapshot = store.append("r", 3, CheckpointKind.SNAPSHOT, "{\"upTo\":3}");
      Checkpoint after = store.append("r", 4, CheckpointKind.TOOL_CALL, "5");

      RunState state = store.load("r").orElseThrow();
      assertThat(state.version()).isEqualTo(5);
      assertThat(state.snapshot()).contains(snapshot);
      assertThat(state.steps()).containsExactly(after);
      assertThat(store.steps("r", 0)).extracting(Checkpoint::payload)
          .containsExactly("1", "{\"upTo\":1}", "3", "{\"upTo\":3}", "5");
    }
  }

  @Test
  void aFirstSnapshotIsLoadedWithTheStepsAfterIt() {
    try (CheckpointStore store = open()) {
      Checkpoint snapshot = store.append("r", 0, CheckpointKind.SNAPSHOT, "{}");
      Checkpoint next = store.append("r", 1, CheckpointKind.MESSAGE, "2");

      RunState state = store.load("r").orElseThrow();
      assertThat(state.snapshot()).contains(snapshot);
      assertThat(state.steps()).containsExactly(next);
    }
  }

  @Test
  void anAppendThatExpectsAnotherVersionIsRefusedNamingRunAndVersionsAndWritesNothing() {
    try (CheckpointStore store = open()) {
      store.append("run-7", 0, CheckpointKind.MESSAGE, "a");
      store.append("run-7", 1, CheckpointKind.MESSAGE, "b");

      assertThatThrownBy(() -> store.append("run-7", 1, CheckpointKind.MESSAGE, "stale"))
          .isInstanceOfSatisfying(
              ConcurrentRunException.class,
              e -> {
                assertThat(e.runId()).isEqualTo("run-7");
                assertThat(e.expectedVersion()).isEqualTo(1);
                assertThat(e.actualVersion()).isEqualTo(2);
              })
          .hasMessageContaining("run 'run-7' is at version 2, not the expected 1");
      assertThatThrownBy(() -> store.append("run-7", 0, CheckpointKind.MESSAGE, "again"))
          .isInstanceOf(ConcurrentRunException.class)
          .hasMessageContaining("expected 0");
      assertThatThrownBy(() -> store.append("run-7", 9, CheckpointKind.MESSAGE, "ahead"))
          .isInstanceOf(ConcurrentRunException.class)
          .hasMessageContaining("at version 2, not the expected 9");
      assertThatThrownBy(() -> store.append("nobody", 3, CheckpointKind.MESSAGE, "x"))
          .isInstanceOfSatisfying(
              ConcurrentRunException.class, e -> assertThat(e.actualVersion()).isZero());

      assertThat(store.steps("run-7", 0)).extracting(Checkpoint::payload).containsExactly("a", "b");
      assertThat(store.load("nobody")).isEmpty();
      assertThat(store.runs()).containsExactly("run-7");
    }
  }

  @Test
  @Timeout(60)
  void twoStoreInstancesRacingOnOneVersionLetExactlyOneWinEachRound() throws Exception {
    int rounds = 25;
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (CheckpointStore a = open();
        CheckpointStore b = open()) {
      a.append("race", 0, CheckpointKind.MESSAGE, "start");
      for (int round = 1; round <= rounds; round++) {
        long expected = round;
        CountDownLatch go = new CountDownLatch(1);
        Future<String> fromA = threads.submit(racer(a, "a" + round, expected, go));
        Future<String> fromB = threads.submit(racer(b, "b" + round, expected, go));
        go.countDown();
        List<String> outcomes = List.of(fromA.get(), fromB.get());
        assertThat(outcomes)
            .as("round %d", round)
            .containsExactlyInAnyOrder("ok " + (expected + 1), "conflict " + (expected + 1));
      }
      RunState state = b.load("race").orElseThrow();
      assertThat(state.version()).isEqualTo(rounds + 1);
      assertThat(state.steps()).extracting(Checkpoint::version)
          .containsExactlyElementsOf(versions(rounds + 1));
      for (int round = 1; round <= rounds; round++) {
        assertThat(state.steps().get(round).payload()).isIn("a" + round, "b" + round);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static Callable<String> racer(
      CheckpointStore store, String payload, long expected, CountDownLatch go) {
    return () -> {
      go.await();
      try {
        return "ok " + store.append("race", expected, CheckpointKind.MESSAGE, payload).version();
      } catch (ConcurrentRunException e) {
        return "conflict " + e.actualVersion();
      }
    };
  }

  private static List<Long> versions(int upTo) {
    List<Long> versions = new ArrayList<>();
    for (long v = 1; v <= upTo; v++) {
      versions.add(v);
    }
    return versions;
  }

  @Test
  @Timeout(120)
  void twoProcessesResumingOneRunGetExactlyOneWinnerPerStep() throws Exception {
    int rounds = 5;
    try (CheckpointStore store = open()) {
      store.append("shared", 0, CheckpointKind.MESSAGE, "start");
    }
    List<Process> children = new ArrayList<>();
    try {
      List<BufferedReader> outputs = new ArrayList<>();
      List<PrintWriter> inputs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StoreRaceChild.class.getName());
        command.addAll(childArguments());
        Process child =
            new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(child);
        outputs.add(
            new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)));
        inputs.add(
            new PrintWriter(child.getOutputStream(), true, StandardCharsets.UTF_8));
      }
      for (BufferedReader output : outputs) {
        assertThat(output.readLine()).isEqualTo("ready");
      }
      for (int round = 1; round <= rounds; round++) {
        for (int i = 0; i < 2; i++) {
          inputs.get(i).println("shared " + round + " p" + i + "-" + round);
        }
        // Arrays.asList: a child that died answers null, which the assertion then shows.
        List<String> outcomes = Arrays.asList(outputs.get(0).readLine(), outputs.get(1).readLine());
        assertThat(outcomes)
            .as("round %d", round)
            .containsExactlyInAnyOrder("ok " + (round + 1), "conflict " + (round + 1));
      }
      inputs.forEach(PrintWriter::close);
      for (Process child : children) {
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
      }
    } finally {
      children.forEach(Process::destroyForcibly);
    }
    try (CheckpointStore store = open()) {
      RunState state = store.load("shared").orElseThrow();
      assertThat(state.version()).isEqualTo(rounds + 1);
      assertThat(state.steps()).extracting(Checkpoint::version)
          .containsExactlyElementsOf(versions(rounds + 1));
    }
  }

  @Test
  void deleteRemovesTheRunAndItsLogAndTheIdCanStartAgain() {
    try (CheckpointStore store = open()) {
      store.append("gone", 0, CheckpointKind.MESSAGE, "1");
      store.append("gone", 1, CheckpointKind.MESSAGE, "2");
      store.append("kept", 0, CheckpointKind.MESSAGE, "k");

      assertThat(store.delete("gone")).isTrue();
      assertThat(store.delete("gone")).isFalse();
      assertThat(store.load("gone")).isEmpty();
      assertThat(store.steps("gone", 0)).isEmpty();
      assertThat(store.runs()).containsExactly("kept");
      assertThat(store.append("gone", 0, CheckpointKind.MESSAGE, "new").version()).isEqualTo(1);
      assertThat(store.runs()).containsExactly("gone", "kept");
    }
  }

  @Test
  void openCreatesTheSchemaOnAnEmptyDatabaseAndReopeningKeepsIt() {
    try (CheckpointStore store = open()) {
      store.append("r", 0, CheckpointKind.MESSAGE, "1");
    }
    assertThat(queryLong("SELECT version FROM cadre_schema_version"))
        .isEqualTo(JdbcCheckpointStore.SCHEMA_VERSION);
    try (CheckpointStore again = open()) {
      assertThat(again.load("r").orElseThrow().version()).isEqualTo(1);
    }
    assertThat(queryLong("SELECT COUNT(*) FROM cadre_schema_version")).isEqualTo(1);
  }

  @Test
  void aSchemaFromANewerCadreIsRejectedClearlyAndLeftAsItIs() {
    try (CheckpointStore store = open()) {
      store.append("r", 0, CheckpointKind.MESSAGE, "1");
    }
    execute("UPDATE cadre_schema_version SET version = 99");

    assertThatThrownBy(this::open)
        .isInstanceOf(CheckpointStoreException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining(
            "newer than the newest this Cadre knows (" + JdbcCheckpointStore.SCHEMA_VERSION + ")")
        .hasMessageContaining("Nothing was changed");
    assertThat(queryLong("SELECT version FROM cadre_schema_version")).isEqualTo(99);
    assertThat(queryLong("SELECT COUNT(*) FROM cadre_checkpoints")).isEqualTo(1);
  }

  @Test
  void payloadsComeBackExactlyAsStoredEvenWhenTheyAreNotJson() {
    String corrupted = "{\"messages\": [ {\"role\": \"assistant\", \"content\": \"cut off";
    String unicode = "{\"text\":\"naïve café — 日本語 \\u0000 emoji \uD83D\uDE00\"}";
    try (CheckpointStore store = open()) {
      store.append("r", 0, CheckpointKind.SNAPSHOT, corrupted);
      store.append("r", 1, CheckpointKind.MESSAGE, unicode);
      store.append("r", 2, CheckpointKind.MESSAGE, "");
    }
    try (CheckpointStore store = open()) {
      RunState state = store.load("r").orElseThrow();
      assertThat(state.snapshot().orElseThrow().payload()).isEqualTo(corrupted);
      assertThat(state.steps()).extracting(Checkpoint::payload).containsExactly(unicode, "");
    }
  }

  @Test
  void aPayloadEditedBehindTheStoresBackFailsLoadAndStepsNamingTheStepButNotThePayload() {
    try (CheckpointStore store = open()) {
      store.append("r", 0, CheckpointKind.MESSAGE, "{\"text\":\"hello\"}");
      store.append("r", 1, CheckpointKind.TOOL_RESULT, "{\"token\":\"sk-live-1234\"}");
      store.append("other", 0, CheckpointKind.MESSAGE, "{\"text\":\"untouched\"}");
    }
    execute(
        "UPDATE cadre_checkpoints SET payload = '{\"token\":\"sk-live-9999\"}'"
            + " WHERE run_id = 'r' AND version = 2");

    try (CheckpointStore store = open()) {
      assertThatThrownBy(() -> store.load("r"))
          .isInstanceOfSatisfying(
              DamagedCheckpointException.class,
              e -> {
                assertThat(e.runId()).isEqualTo("r");
                assertThat(e.version()).isEqualTo(2);
                assertThat(e.getMessage())
                    .contains("checkpoint 2 (TOOL_RESULT) of run 'r'")
                    .contains("does not match the SHA-256 digest stored beside it")
                    .contains("edited or damaged")
                    .doesNotContain("sk-live");
              });
      assertThatThrownBy(() -> store.steps("r", 0))
          .isInstanceOf(DamagedCheckpointException.class)
          .hasMessageContaining("checkpoint 2 (TOOL_RESULT) of run 'r'");
      // Other runs, and the steps after the damaged one, still read.
      assertThat(store.load("other").orElseThrow().steps()).hasSize(1);
      assertThat(store.steps("r", 2)).isEmpty();
    }
  }

  @Test
  void aCheckpointMovedToAnotherVersionOrRunWithItsDigestDoesNotMatchThere() {
    try (CheckpointStore store = open()) {
      store.append("r", 0, CheckpointKind.MESSAGE, "\"approve\"");
      store.append("r", 1, CheckpointKind.MESSAGE, "\"reject\"");
      store.append("s", 0, CheckpointKind.MESSAGE, "\"reject\"");
    }
    // Swap the two messages of run r, digests and all.
    execute(
        "UPDATE cadre_checkpoints SET payload = '\"reject\"', digest = (SELECT digest FROM"
            + " cadre_checkpoints WHERE run_id = 'r' AND version = 2)"
            + " WHERE run_id = 'r' AND version = 1");
    // Give run s's message run r's digest for the same text at the same version.
    execute(
        "UPDATE cadre_checkpoints SET digest = (SELECT digest FROM cadre_checkpoints"
            + " WHERE run_id = 'r' AND version = 1) WHERE run_id = 's'");

    try (CheckpointStore store = open()) {
      assertThatThrownBy(() -> store.load("r"))
          .isInstanceOf(DamagedCheckpointException.class)
          .hasMessageContaining("checkpoint 1 (MESSAGE) of run 'r'");
      assertThatThrownBy(() -> store.load("s"))
          .isInstanceOf(DamagedCheckpointException.class)
          .hasMessageContaining("checkpoint 1 (MESSAGE) of run 's'");
    }
  }

  @Test
  void aRunRowEditedBehindTheStoresBackIsReportedByLoadInsteadOfAnOlderState() {
    try (CheckpointStore store = open()) {
      for (String run : List.of("rolled-back", "older-snapshot", "not-a-snapshot")) {
        store.append(run, 0, CheckpointKind.SNAPSHOT, "{\"upTo\":0}");
        store.append(run, 1, CheckpointKind.TOOL_RESULT, "{\"paid\":true}");
        store.append(run, 2, CheckpointKind.SNAPSHOT, "{\"upTo\":2}");
        store.append(run, 3, CheckpointKind.MESSAGE, "\"done\"");
      }
    }
    execute("UPDATE cadre_runs SET version = 2 WHERE run_id = 'rolled-back'");
    execute("UPDATE cadre_runs SET snapshot_version = 1 WHERE run_id = 'older-snapshot'");
    execute("UPDATE cadre_runs SET snapshot_version = 2 WHERE run_id = 'not-a-snapshot'");

    try (CheckpointStore store = open()) {
      assertThatThrownBy(() -> store.load("rolled-back"))
          .isInstanceOf(CheckpointStoreException.class)
          .hasMessageContaining("run 'rolled-back' is at version 2 with its latest snapshot at 3")
          .hasMessageContaining("checkpoint 3 is past that version")
          .hasMessageContaining("edited outside Cadre");
      assertThatThrownBy(() -> store.load("older-snapshot"))
          .isInstanceOf(CheckpointStoreException.class)
          .hasMessageContaining("checkpoint 3 is a later snapshot");
      assertThatThrownBy(() -> store.load("not-a-snapshot"))
          .isInstanceOf(CheckpointStoreException.class)
          .hasMessageContaining("checkpoint 2 is not a snapshot");
    }
  }

  @Test
  void aStoreWrittenBeforeDigestsIsUpgradedInPlaceAndCheckedFromThenOn() {
    execute("CREATE TABLE cadre_schema_version (version INTEGER NOT NULL)");
    execute("INSERT INTO cadre_schema_version (version) VALUES (1)");
    execute(
        "CREATE TABLE cadre_runs (run_id TEXT NOT NULL PRIMARY KEY, version BIGINT NOT NULL,"
            + " snapshot_version BIGINT NOT NULL, created_at_ms BIGINT NOT NULL,"
            + " updated_at_ms BIGINT NOT NULL)");
    execute(
        "CREATE TABLE cadre_checkpoints (run_id TEXT NOT NULL, version BIGINT NOT NULL,"
            + " kind TEXT NOT NULL, payload TEXT NOT NULL, created_at_ms BIGINT NOT NULL,"
            + " PRIMARY KEY (run_id, version))");
    // Many batches of the upgrade, so that it pages through them.
    int runs = 1_200;
    StringBuilder insertRuns = new StringBuilder("INSERT INTO cadre_runs VALUES ");
    StringBuilder insertSteps = new StringBuilder("INSERT INTO cadre_checkpoints VALUES ");
    for (int i = 0; i < runs; i++) {
      String separator = i == 0 ? "" : ", ";
      String run = "'old-" + i + "'";
      insertRuns.append(separator).append("(" + run + ", 2, 2, 1000, 2000)");
      insertSteps
          .append(separator)
          .append("(" + run + ", 1, 'MESSAGE', '\"hi " + i + "\"', 1000), ")
          .append("(" + run + ", 2, 'SNAPSHOT', '{\"n\":" + i + "}', 2000)");
    }
    execute(insertRuns.toString());
    execute(insertSteps.toString());

    try (CheckpointStore store = open()) {
      RunState old = store.load("old-7").orElseThrow();
      assertThat(old.snapshot().orElseThrow().payload()).isEqualTo("{\"n\":7}");
      assertThat(store.steps("old-1199", 0))
          .extracting(Checkpoint::payload)
          .containsExactly("\"hi 1199\"", "{\"n\":1199}");
      store.append("old-7", 2, CheckpointKind.MESSAGE, "\"new\"");
    }
    assertThat(queryLong("SELECT version FROM cadre_schema_version"))
        .isEqualTo(JdbcCheckpointStore.SCHEMA_VERSION);
    assertThat(queryLong("SELECT COUNT(*) FROM cadre_checkpoints WHERE LENGTH(digest) = 64"))
        .isEqualTo(2L * runs + 1);

    // An older Cadre still running against the upgraded database cannot add a row it could not
    // check: its append, which leaves the digest out, fails before its run acts.
    assertThatThrownBy(
            () ->
                execute(
                    "INSERT INTO cadre_checkpoints (run_id, version, kind, payload, created_at_ms)"
                        + " VALUES ('old-9', 3, 'MESSAGE', '\"from an older Cadre\"', 3000)"))
        .hasStackTraceContaining("digest");
    // From then on an old row is checked like a new one, and a digest blanked by hand is wrong.
    execute(
        "UPDATE cadre_checkpoints SET payload = '{\"n\":8}'"
            + " WHERE run_id = 'old-7' AND version = 2");
    execute("UPDATE cadre_checkpoints SET digest = '' WHERE run_id = 'old-9' AND version = 2");
    try (CheckpointStore store = open()) {
      assertThatThrownBy(() -> store.load("old-7"))
          .isInstanceOf(DamagedCheckpointException.class)
          .hasMessageContaining("checkpoint 2 (SNAPSHOT) of run 'old-7'");
      assertThatThrownBy(() -> store.load("old-9"))
          .isInstanceOf(DamagedCheckpointException.class)
          .hasMessageContaining("checkpoint 2 (SNAPSHOT) of run 'old-9'");
      assertThat(store.load("old-8")).isPresent();
    }
  }

  @Test
  void badArgumentsAndAClosedStoreFailNamingTheProblem() {
    CheckpointStore store = open();
    assertThatThrownBy(() -> store.append("r", -1, CheckpointKind.MESSAGE, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expectedVersion for run 'r'");
    assertThatThrownBy(() -> store.append(" ", 0, CheckpointKind.MESSAGE, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runId");
    store.close();
    store.close();
    assertThatThrownBy(() -> store.load("r"))
        .isInstanceOf(CheckpointStoreException.class)
        .hasMessageContaining("is closed; cannot load run 'r'");
  }
}
