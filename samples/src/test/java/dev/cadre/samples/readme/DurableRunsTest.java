package dev.cadre.samples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentEvent;
import dev.cadre.core.CancelledException;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's durable-run example, run as it is written against a temporary SQLite file: the
 * first team stops dead after the clerk's tool has run (cancelled while its model is still
 * answering, so nothing after the tool result is committed, as after a crash), and a fresh team on
 * a new connection to the file resumes the run. The crash in a separate JVM killed with SIGKILL is
 * covered by the runtime's {@code DurableRunContract}.
 */
@Timeout(60)
class DurableRunsTest {

  @TempDir Path dir;

  @Test
  void aFreshTeamResumesTheInterruptedRunAndTheToolHasRunOnce() throws Exception {
    Path file = dir.resolve("runs.db");
    Path ledger = dir.resolve("ledger.txt");
    ReplayChatModel slow =
        ReplayChatModel.builder()
            .toolCall("file_report", "{}")
            .text("Filed in the ledger.")
            .delayed(Duration.ofMinutes(1))
            .build();
    try (CheckpointStore store = SqliteCheckpointStore.open(file);
        Team team = DurableRuns.office(store, slow, ledger)) {
      CountDownLatch filed = new CountDownLatch(1);
      CompletableFuture<TaskResult> run =
          CompletableFuture.supplyAsync(
              () ->
                  team.runDurable(
                      "report-42",
                      "File the monthly report",
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
    assertThat(Files.readAllLines(ledger)).containsExactly("filed call_1");

    try (CheckpointStore store = SqliteCheckpointStore.open(file);
        Team team = DurableRuns.office(store, DurableRuns.script(), ledger)) {
      TaskResult result = team.resume("report-42");

      assertThat(result.messages())
          .extracting(m -> m.source() + ": " + m.content())
          .containsExactly(
              "user: File the monthly report",
              "clerk: Filed in the ledger.",
              "reviewer: Looks good.");
    }
    // The model asked for the tool again on resume; its recorded result was used instead.
    assertThat(Files.readAllLines(ledger)).containsExactly("filed call_1");
  }

  @Test
  void aRunThatFinishedResumesToItsResultWithoutCallingAModel() throws Exception {
    Path file = dir.resolve("runs.db");
    Path ledger = dir.resolve("ledger.txt");
    try (CheckpointStore store = SqliteCheckpointStore.open(file);
        Team team = DurableRuns.office(store, DurableRuns.script(), ledger)) {
      team.runDurable("report-42", "File the monthly report", event -> {});
    }
    try (CheckpointStore store = SqliteCheckpointStore.open(file);
        Team team = DurableRuns.office(store, ReplayChatModel.ofTexts(), ledger)) {
      assertThat(team.resume("report-42").messages()).hasSize(3);
    }
    assertThat(Files.readAllLines(ledger)).hasSize(1);
  }
}
