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
        .hasMessageContaining("newer than the newest this Cadre knows (1)")
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
