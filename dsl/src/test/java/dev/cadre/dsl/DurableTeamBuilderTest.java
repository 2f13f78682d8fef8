package dev.cadre.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.store.CheckpointKind;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableTeamBuilderTest {

  @TempDir Path dir;

  private static Team writers(
      CheckpointStore store, ReplayChatModel writer, ReplayChatModel critic) {
    RoundRobinBuilder builder =
        Cadre.roundRobin("writers")
            .participant(Cadre.assistant("writer").model(writer))
            .participant(Cadre.assistant("critic").model(critic))
            .termination(Terminations.textMention("APPROVE"));
    return store == null ? builder.build() : builder.checkpoints(store).build();
  }

  @Test
  void aTeamBuiltWithCheckpointsCommitsItsRunAndAFreshTeamResumesIt() {
    Path file = dir.resolve("runs.db");
    try (CheckpointStore store = SqliteCheckpointStore.open(file);
        Team team =
            writers(
                store, ReplayChatModel.ofTexts("A poem."), ReplayChatModel.ofTexts("APPROVE"))) {
      team.runDurable("poem-1", "Write a poem", event -> {});
    }
    try (CheckpointStore store = SqliteCheckpointStore.open(file);
        // Models with nothing scripted: resuming a finished run must not call them.
        Team team = writers(store, ReplayChatModel.ofTexts(), ReplayChatModel.ofTexts())) {
      assertThat(store.steps("poem-1", 0))
          .extracting(c -> c.kind())
          .contains(CheckpointKind.SPEAKER_CHOICE, CheckpointKind.MESSAGE);
      assertThat(team.resume("poem-1").messages())
          .extracting(AgentMessage::content)
          .containsExactly("Write a poem", "A poem.", "APPROVE");
    }
  }

  @Test
  void aTeamBuiltWithoutCheckpointsSaysHowToMakeItDurable() {
    try (Team team = writers(null, ReplayChatModel.ofTexts(), ReplayChatModel.ofTexts())) {
      assertThatThrownBy(() -> team.runDurable("poem-1", "Write a poem", event -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("team 'writers' has no checkpoint store")
          .hasMessageContaining(".checkpoints(store)");
    }
  }
}
