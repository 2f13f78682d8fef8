package dev.cadre.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.graph.Finding;
import dev.cadre.graph.GraphValidationException;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.ChatGraph;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each pattern's builder runs what it builds, and hands the rules what it declares. */
class PatternBuildersTest {

  private static AssistantAgent.Builder agent(String name, String... replies) {
    return Cadre.assistant(name).systemMessage(null).model(ReplayChatModel.ofTexts(replies));
  }

  private static List<String> speakers(TaskResult result) {
    return result.messages().stream().map(AgentMessage::source).toList();
  }

  private static List<String> tags(GraphValidationException e) {
    return e.findings().stream().filter(Finding::isError).map(Finding::tag).toList();
  }

  @Test
  void selectorTeamLetsTheModelChoose() {
    try (Team team =
        Cadre.selector("desk", ReplayChatModel.ofTexts("coder", "reviewer"))
            .participant(agent("coder", "Code written.").description("Writes code"))
            .participant(agent("reviewer", "LGTM").description("Reviews code"))
            .termination(Terminations.textMention("LGTM"))
            .build()) {

      assertThat(speakers(team.run("Add a flag"))).containsExactly("user", "coder", "reviewer");
    }
  }

  @Test
  void selectorParticipantsNeedDescriptions() {
    SelectorBuilder builder =
        Cadre.selector("desk", ReplayChatModel.ofTexts())
            .participant(agent("coder").description("Writes code"))
            .participant(agent("reviewer"))
            .maxTurns(4);

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            GraphValidationException.class,
            e -> assertThat(tags(e)).containsExactly("Cadre/MissingDescription"))
        .hasMessageContaining("reviewer");
  }

  @Test
  void swarmFollowsHandoffs() {
    AssistantAgent.Builder triage =
        Cadre.assistant("triage")
            .model(ReplayChatModel.builder().toolCall("transfer_to_billing", "{}").build())
            .handoff("billing", "Payment questions");
    try (Team team =
        Cadre.swarm("support")
            .participant(triage)
            .participant(agent("billing", "Refunded. DONE"))
            .termination(Terminations.textMention("DONE"))
            .build()) {

      assertThat(speakers(team.run("Charged twice"))).containsExactly("user", "triage", "billing");
    }
  }

  @Test
  void swarmRejectsAParticipantNoHandoffReaches() {
    SwarmBuilder builder =
        Cadre.swarm("support")
            .participant(agent("triage").handoff("user", "Ask the customer"))
            .participant(agent("billing"))
            .termination(Terminations.handoff("user"))
            .endsOnHandoffTo("user");

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            GraphValidationException.class,
            e -> assertThat(tags(e)).containsExactly("Cadre/UnreachableInSwarm"))
        .hasMessageContaining("billing");
  }

  @Test
  void graphTeamRunsAReviewLoopUntilApproved() {
    try (Team team =
        Cadre.graph("review")
            .participant(agent("writer", "Draft 1", "Draft 2"))
            .participant(agent("reviewer", "Needs work", "APPROVE"))
            .participant(agent("publisher", "Published."))
            .entry("writer")
            .edge("writer", "reviewer")
            .edgeWhenContains("reviewer", "publisher", "APPROVE")
            .edgeWhenNotContains("reviewer", "writer", "APPROVE")
            .build()) {

      TaskResult result = team.run("Write the release notes");

      assertThat(speakers(result))
          .containsExactly("user", "writer", "reviewer", "writer", "reviewer", "publisher");
      assertThat(result.stopReason()).isEqualTo("no participant is left to speak");
    }
  }

  @Test
  void graphRulesSeeEdgesConditionsBoundsAndJoins() {
    GraphBuilder unbounded =
        Cadre.graph("loop")
            .participant(agent("writer"))
            .participant(agent("reviewer"))
            .participant(agent("orphan"))
            .entry("writer")
            .edge("writer", "reviewer")
            .edge("reviewer", "writer")
            .join("reviewr", ChatGraph.Join.ANY);

    assertThatThrownBy(unbounded::build)
        .isInstanceOfSatisfying(
            GraphValidationException.class,
            e ->
                assertThat(tags(e))
                    .containsExactlyInAnyOrder(
                        "Cadre/UnknownNode", "Cadre/UnreachableAgent", "Cadre/UnboundedCycle"))
        .hasMessageContaining("writer -> reviewer -> writer");

    try (Team bounded =
        Cadre.graph("loop")
            .participant(agent("writer", "w1", "w2"))
            .participant(agent("reviewer", "r1", "r2"))
            .entry("writer")
            .edge("writer", "reviewer")
            .edge(ChatGraph.Edge.of("reviewer", "writer").maxTraversals(1))
            .build()) {
      assertThat(speakers(bounded.run("Go")))
          .containsExactly("user", "writer", "reviewer", "writer", "reviewer");
    }
  }
}
