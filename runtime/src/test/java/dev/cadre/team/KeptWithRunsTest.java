package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentMessage;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.StateException;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.DyingStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable run on one replay script shared by a model selector and three agents, on a real SQLite
 * file: the script's position is kept with the run ({@link Team#keepWithRuns}), so a run whose
 * process died mid-turn resumes on the whole script to the uninterrupted run's transcript.
 */
@Timeout(60)
class KeptWithRunsTest {

  /** Who speaks, then what they say, turn by turn: the selector and the agents take turns. */
  private static final String[] SCRIPT = {
    "planner", "Plan it.", "writer", "Draft.", "critic", "Looks good."
  };

  @TempDir Path dir;

  private static Team studio(CheckpointStore store, ReplayChatModel script) {
    return new Team(
        new TeamSpec(
            "studio",
            "",
            List.of(
                TeamFixtures.agent("planner", script),
                TeamFixtures.agent("writer", script),
                TeamFixtures.agent("critic", script)),
            ModelSelector.builder(script).build(),
            Terminations.maxMessages(4),
            10,
            null),
        store);
  }

  private static List<String> transcript(TaskResult result) {
    return result.messages().stream().map(m -> m.source() + ": " + m.content()).toList();
  }

  /** Starts run {@code runId} keeping the script; it dies committing the writer's answer. */
  private void crashedRun(CheckpointStore store, String runId) {
    ReplayChatModel script = ReplayChatModel.ofTexts(SCRIPT);
    try (Team team =
        studio(DyingStore.onPayload(store, "Draft."), script).keepWithRuns("model", script)) {
      assertThatThrownBy(() -> team.runDurable(runId, "Write a note", event -> {}))
          .hasMessageContaining("the process died");
    }
  }

  @Test
  void aRunResumedOnTheWholeScriptGoesOnWhereTheScriptStoodAndEndsAsTheUninterruptedOne() {
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      TaskResult reference;
      ReplayChatModel whole = ReplayChatModel.ofTexts(SCRIPT);
      try (Team team = studio(store, whole).keepWithRuns("model", whole)) {
        reference = team.runDurable("reference", "Write a note", event -> {});
      }
      assertThat(transcript(reference))
          .containsExactly(
              "user: Write a note", "planner: Plan it.", "writer: Draft.", "critic: Looks good.");
      crashedRun(store, "crashed");

      ReplayChatModel again = ReplayChatModel.ofTexts(SCRIPT);
      TaskResult resumed;
      try (Team team = studio(store, again).keepWithRuns("model", again)) {
        resumed = team.resume("crashed");
      }

      assertThat(transcript(resumed)).isEqualTo(transcript(reference));
      // The writer's turn was chosen and committed: only the writer, then the selector and the
      // critic, asked the script again, and their usage is counted once, as the selector's was.
      assertThat(again.requests()).hasSize(3);
      assertThat(again.remaining()).isZero();
      assertThat(resumed.usage()).isEqualTo(reference.usage()).isEqualTo(new Usage(60, 30));
    }
  }

  @Test
  void aTeamThatDoesNotKeepTheScriptLeavesWhatTheRunKeptAlone() {
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      crashedRun(store, "crashed");

      // The rest of the script only, as a live model would go on from the run's state.
      ReplayChatModel rest = ReplayChatModel.ofTexts("Draft.", "critic", "Looks good.");
      try (Team team = studio(store, rest)) {
        assertThat(transcript(team.resume("crashed")))
            .containsExactly(
                "user: Write a note", "planner: Plan it.", "writer: Draft.", "critic: Looks good.");
      }
    }
  }

  @Test
  void aRunStartedWithoutTheScriptKeptIsNotResumedOnOneAndNothingIsWritten() {
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      ReplayChatModel first = ReplayChatModel.ofTexts(SCRIPT);
      try (Team team = studio(DyingStore.onPayload(store, "Draft."), first)) {
        assertThatThrownBy(() -> team.runDurable("unkept", "Write a note", event -> {}))
            .hasMessageContaining("the process died");
      }
      long version = store.load("unkept").orElseThrow().version();

      ReplayChatModel script = ReplayChatModel.ofTexts(SCRIPT);
      try (Team team = studio(store, script).keepWithRuns("model", script)) {
        assertThatThrownBy(() -> team.resume("unkept"))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("run 'unkept' cannot be resumed as it was")
            .hasMessageContaining("team 'studio' keeps [model] with its runs")
            .hasMessageContaining("(SPEAKER_CHOICE) holds nothing of the kind");
      }
      assertThat(script.requests()).isEmpty();
      assertThat(store.load("unkept").orElseThrow().version()).isEqualTo(version);
    }
  }

  @Test
  void aScriptShorterThanTheRunHadUsedIsRejectedNamingTheRunAndNothingIsWritten() {
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      crashedRun(store, "crashed");
      long version = store.load("crashed").orElseThrow().version();

      ReplayChatModel shorter = ReplayChatModel.ofTexts("planner", "Plan it.");
      try (Team team = studio(store, shorter).keepWithRuns("model", shorter)) {
        assertThatThrownBy(() -> team.resume("crashed"))
            .isInstanceOf(StateException.class)
            .hasMessageContaining("invalid state at 'kept.model.given'")
            .hasMessageContaining("run 'crashed': 'model', kept with checkpoint")
            .hasMessageContaining("3 replies had been given, and this script holds only 2");
      }
      assertThat(shorter.requests()).isEmpty();
      assertThat(store.load("crashed").orElseThrow().version()).isEqualTo(version);
    }
  }

  @Test
  void finishedGivesAFinishedRunsResultAndNothingForOneThatCanGoOn() {
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      crashedRun(store, "crashed");
      ReplayChatModel script = ReplayChatModel.ofTexts(SCRIPT);
      try (Team team = studio(store, script).keepWithRuns("model", script)) {
        assertThat(team.finished("crashed")).isEmpty();
        assertThat(team.finished("nowhere")).isEmpty();
        TaskResult resumed = team.resume("crashed");

        Optional<TaskResult> finished = team.finished("crashed");

        assertThat(finished).isPresent();
        assertThat(transcript(finished.get())).isEqualTo(transcript(resumed));
        assertThat(finished.get().stopReason()).isEqualTo(resumed.stopReason()).isNotBlank();
        assertThat(finished.get().usage()).isEqualTo(resumed.usage());
      }
    }
  }

  @Test
  void aNameIsKeptOnce() {
    ReplayChatModel script = ReplayChatModel.ofTexts();
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"));
        Team team = studio(store, script).keepWithRuns("model", script)) {
      assertThatThrownBy(() -> team.keepWithRuns("model", ReplayChatModel.ofTexts()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("team 'studio' already keeps 'model' with its runs");
      assertThatThrownBy(() -> team.keepWithRuns(" ", script))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
