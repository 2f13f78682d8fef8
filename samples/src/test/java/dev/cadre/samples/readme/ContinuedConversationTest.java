package dev.cadre.samples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.dsl.Cadre;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's continued conversation, run as written. */
class ContinuedConversationTest {

  @Test
  void eachRunCarriesOnTheConversationUntilTheReset() {
    ReplayChatModel writer = ReplayChatModel.ofTexts("Rain on the roof", "Rain", "Snow falls");
    try (Team team =
        Cadre.roundRobin("poets")
            .participant(Cadre.assistant("writer").model(writer))
            .participant(
                Cadre.assistant("critic").model(ReplayChatModel.ofTexts("Longer?", "Fine.")))
            .maxTurns(1)
            .build()) {

      List<TaskResult> results = ContinuedConversation.converse(team);

      assertThat(results)
          .extracting(ContinuedConversationTest::sources)
          .containsExactly(
              List.of("user", "writer"),
              List.of("critic"),
              List.of("user", "writer"),
              List.of("user", "writer"));
      // The writer's second turn heard the critic and the new task, and remembered its first.
      assertThat(writer.requests().get(1).messages()).hasSize(5);
      // After the reset the rotation starts over, and the writer's memory is gone.
      assertThat(writer.requests().get(2).messages()).hasSize(2);
    }
  }

  private static List<String> sources(TaskResult result) {
    return result.messages().stream().map(AgentMessage::source).toList();
  }
}
