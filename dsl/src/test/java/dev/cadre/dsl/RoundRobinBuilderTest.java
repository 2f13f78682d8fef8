package dev.cadre.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentMessage;
import dev.cadre.core.InProcessRuntime;
import dev.cadre.graph.Finding;
import dev.cadre.graph.GraphValidationException;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundRobinBuilderTest {

  @Test
  void buildsARunnableTeam() {
    try (Team team =
        Cadre.roundRobin("writers")
            .participant(Cadre.assistant("writer").model(ReplayChatModel.ofTexts("A poem.")))
            .participant(Cadre.assistant("critic").model(ReplayChatModel.ofTexts("APPROVE")))
            .termination(Terminations.textMention("APPROVE"))
            .build()) {

      TaskResult result = team.run("Write a poem");

      assertThat(result.messages())
          .extracting(AgentMessage::source)
          .containsExactly("user", "writer", "critic");
      assertThat(result.stopReason()).contains("APPROVE");
    }
  }

  @Test
  void reportsEveryProblemAtOnce() {
    RoundRobinBuilder builder =
        Cadre.roundRobin("broken")
            .participant(
                Cadre.assistant("writer")
                    .model(ReplayChatModel.ofTexts())
                    .handoff("editr", "Hand over for editing"))
            .participant(Cadre.assistant("editor").model(ReplayChatModel.ofTexts()))
            .participant(Cadre.assistant("editor").model(ReplayChatModel.ofTexts()));

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            GraphValidationException.class,
            e ->
                assertThat(e.findings())
                    .extracting(Finding::tag)
                    .containsExactlyInAnyOrder(
                        "Cadre/DuplicateAgentName", "Cadre/UnknownHandoff", "Cadre/NeverTerminates"))
        .hasMessageContaining("team 'broken' has 3 problems")
        .hasMessageContaining("did you mean 'editor'");
  }

  @Test
  void teamEventsPutEachChoiceOfSpeakersInTheResult() {
    try (Team team =
        Cadre.roundRobin("solo")
            .participant(Cadre.assistant("a").model(ReplayChatModel.ofTexts("one")))
            .maxTurns(1)
            .emitTeamEvents(true)
            .build()) {

      assertThat(team.run("Go").timeline())
          .containsExactly(
              new TeamEvent.Message(AgentMessage.user("Go")),
              new TeamEvent.SpeakersSelected(List.of("a")),
              new TeamEvent.Message(new AgentMessage.Text("a", "one")));
    }
  }

  @Test
  void aSocietyOfMindAgentTakesPartWithItsOwnTeam() {
    Team inner =
        Cadre.roundRobin("inner")
            .participant(Cadre.assistant("w").model(ReplayChatModel.ofTexts("draft")))
            .maxTurns(1)
            .build();
    try (inner;
        Team team =
            Cadre.roundRobin("outer")
                .participant(
                    Cadre.societyOfMind("som")
                        .team(inner)
                        .model(ReplayChatModel.ofTexts("final"))
                        .build())
                .maxTurns(1)
                .build()) {

      assertThat(team.run("Go").lastMessage()).isEqualTo(new AgentMessage.Text("som", "final"));
    }
  }

  @Test
  void aTurnLimitAloneIsEnoughToTerminate() {
    try (Team team =
        Cadre.roundRobin("solo")
            .participant(Cadre.assistant("a").model(ReplayChatModel.ofTexts("one", "two")))
            .maxTurns(2)
            .build()) {

      assertThat(team.run("Go").stopReason()).isEqualTo("Maximum number of turns 2 reached.");
    }
  }

  private static RoundRobinBuilder writers(InProcessRuntime runtime) {
    return Cadre.roundRobin("writers")
        .participant(Cadre.assistant("writer").model(ReplayChatModel.ofTexts("A poem.")))
        .maxTurns(1)
        .runtime(runtime);
  }

  @Test
  void theInstanceIdNamesTheTeamAmongTeamsOfItsName() {
    try (InProcessRuntime runtime = new InProcessRuntime();
        Team first = writers(runtime).instanceId("t1").build();
        Team second = writers(runtime).instanceId("t2").build()) {

      assertThat(first.instanceId()).isEqualTo("t1");
      assertThat(second.instanceId()).isEqualTo("t2");
      assertThat(first.run("Write").lastMessage().content()).isEqualTo("A poem.");
      assertThat(second.run("Write").lastMessage().content()).isEqualTo("A poem.");
      // One instance id is one team: a second one in the same process clashes on its agent types.
      assertThatThrownBy(() -> writers(runtime).instanceId("t1").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("writers.t1.");
      assertThatThrownBy(() -> writers(runtime).instanceId("t 3").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("team 'writers'")
          .hasMessageContaining("\"t 3\"");
    }
  }
}
