package dev.cadre.state.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.RunStatus;
import dev.cadre.team.Team;
import dev.cadre.team.TeamRunException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A durable run's status, read from a real SQLite store without building its team. */
@Timeout(60)
class RunStatusTest {

  @TempDir Path dir;

  @Test
  void aRunIsPausedWhileItWaitsForAPersonAndFinishedAfterTheAnswer() {
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      try (Team team = PausingTeams.team(store, ReplayChatModel.ofTexts("Where to?", "Booked."))) {
        team.runDurable("trip", PausingTeams.TASK, event -> {});
      }
      assertThat(RunStatus.of(store, "trip")).contains(RunStatus.PAUSED);

      try (Team team = PausingTeams.team(store, ReplayChatModel.ofTexts("Booked."))) {
        team.resume("trip", "Lisbon");
      }
      assertThat(RunStatus.of(store, "trip")).contains(RunStatus.FINISHED);
    }
  }

  @Test
  void aRunWhoseAgentFailedIsFailedAndAnUnfinishedOneIsRunning() {
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      try (Team team = PausingTeams.team(store, ReplayChatModel.ofTexts())) {
        assertThatThrownBy(() -> team.runDurable("broken", PausingTeams.TASK, event -> {}))
            .isInstanceOf(TeamRunException.class);
      }
      // A run whose process died after its first step: neither finished nor waiting.
      store.append("crashed", 0, CheckpointKind.MESSAGE, "{}");

      assertThat(RunStatus.of(store, "broken")).contains(RunStatus.FAILED);
      assertThat(RunStatus.of(store, "crashed")).contains(RunStatus.RUNNING);
      assertThat(RunStatus.of(store, "never")).isEqualTo(Optional.empty());
    }
  }
}
