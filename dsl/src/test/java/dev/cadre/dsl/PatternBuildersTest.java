package dev.cadre.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.Handoff;
import dev.cadre.core.CancellationToken;
import dev.cadre.graph.Finding;
import dev.cadre.graph.GraphValidationException;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.ChatGraph;
import dev.cadre.team.MagenticOne;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.util.List;
import java.util.function.Consumer;
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
  void magenticOneTeamPlansInstructsAndAnswers() {
    String go =
        "{\"is_request_satisfied\": {\"reason\": \"-\", \"answer\": false},"
            + " \"is_in_loop\": {\"reason\": \"-\", \"answer\": false},"
            + " \"is_progress_being_made\": {\"reason\": \"-\", \"answer\": true},"
            + " \"next_speaker\": {\"reason\": \"-\", \"answer\": \"coder\"},"
            + " \"instruction_or_question\": {\"reason\": \"-\", \"answer\": \"Add it.\"}}";
    String done = go.replaceFirst("false", "true");
    ReplayChatModel orchestrator =
        ReplayChatModel.ofTexts("Facts.", "Plan.", go, done, "The flag is added.");
    try (Team team =
        Cadre.magenticOne("desk", orchestrator)
            .participant(agent("coder", "Code written.").description("Writes code"))
            .participant(agent("reviewer").description("Reviews code"))
            .maxStalls(2)
            .maxTurns(5)
            .build()) {

      TaskResult result = team.run("Add a flag");

      assertThat(speakers(result))
          .containsExactly("user", "orchestrator", "orchestrator", "coder", "orchestrator");
      assertThat(result.messages().get(2).content()).isEqualTo("Add it.");
      assertThat(result.messages().get(4).content()).isEqualTo("The flag is added.");
      MagenticOne selector = (MagenticOne) team.spec().selector();
      assertThat(selector.maxStalls()).isEqualTo(2);
      assertThat(selector.maxTurns()).isEqualTo(5);
      assertThat(selector.maxReplans()).isEqualTo(3);
    }
  }

  @Test
  void magenticOneNeedsDescriptionsAndPositiveBoundsEachReportedAsAFinding() {
    MagenticOneBuilder builder =
        Cadre.magenticOne("desk", ReplayChatModel.ofTexts())
            .participant(agent("coder").description("Writes code"))
            .participant(agent("reviewer"))
            .maxStalls(0)
            .maxReplans(-2);

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            GraphValidationException.class,
            e ->
                assertThat(tags(e))
                    .containsExactly(
                        "Cadre/InvalidBound", "Cadre/InvalidBound", "Cadre/MissingDescription"))
        .hasMessageContaining("maxStalls 0")
        .hasMessageContaining("maxReplans -2")
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
            .maxTurns(10)
            .build()) {

      TaskResult result = team.run("Write the release notes");

      assertThat(speakers(result))
          .containsExactly("user", "writer", "reviewer", "writer", "reviewer", "publisher");
      assertThat(result.stopReason()).isEqualTo("Digraph execution is complete");
    }
  }

  @Test // AutoGen: a cyclic graph needs a termination condition or a turn limit
  void aGraphThatLoopsWithNothingToStopItIsRefused() {
    GraphBuilder loop =
        Cadre.graph("review")
            .participant(agent("writer"))
            .participant(agent("reviewer"))
            .entry("writer")
            .edge("writer", "reviewer")
            .edgeWhenNotContains("reviewer", "writer", "APPROVE");

    assertThatThrownBy(loop::build)
        .isInstanceOfSatisfying(
            GraphValidationException.class,
            e -> assertThat(tags(e)).containsExactly("Cadre/NeverTerminates"))
        .hasMessageContaining("loops (writer -> reviewer -> writer)");
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
                        "Cadre/UnknownNode",
                        "Cadre/UnreachableAgent",
                        "Cadre/UnboundedCycle",
                        "Cadre/NeverTerminates"))
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

  /** A participant of its own making that always hands off to {@code next}, declaring it. */
  private static ChatAgent handOff(String name, String next) {
    return new ChatAgent() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "hands off to " + next;
      }

      @Override
      public List<Handoff> handoffs() {
        return List.of(Handoff.to(next));
      }

      @Override
      public AgentResponse onMessages(
          List<? extends AgentMessage> messages,
          CancellationToken cancellation,
          Consumer<AgentEvent> listener) {
        return new AgentResponse(
            new AgentMessage.Handoff(name, next, "Transferred to " + next + ".", List.of()),
            List.of(),
            Usage.ZERO,
            null);
      }

      @Override
      public void reset() {}
    };
  }

  @Test // AutoGen test_swarm_handoff: custom agents that hand off form a swarm
  void aSwarmOfCustomAgentsThatDeclareTheirHandoffsBuildsAndRuns() {
    try (Team team =
        Cadre.swarm("relay")
            .participants(
                handOff("second_agent", "third_agent"),
                handOff("first_agent", "second_agent"),
                handOff("third_agent", "first_agent"))
            .termination(Terminations.maxMessages(6))
            .build()) {

      TaskResult result = team.run("task");

      assertThat(speakers(result))
          .containsExactly(
              "user", "second_agent", "third_agent", "first_agent", "second_agent", "third_agent");
      assertThat(result.stopReason())
          .isEqualTo("Maximum number of messages 6 reached, current message count: 6");
    }
    // What a custom agent declares, the rules check.
    SwarmBuilder stranger =
        Cadre.swarm("relay")
            .participants(handOff("first_agent", "ghost"), handOff("ghost_writer", "first_agent"))
            .termination(Terminations.maxMessages(6));
    assertThatThrownBy(stranger::build)
        .isInstanceOfSatisfying(
            GraphValidationException.class,
            e ->
                assertThat(tags(e))
                    .containsExactly("Cadre/UnknownHandoff", "Cadre/UnreachableInSwarm"));
  }

  @Test // AutoGen test_swarm_doesnt_support_nested_teams
  void aSwarmRefusesATeamAsAParticipant() {
    try (Team inner =
        Cadre.roundRobin("research")
            .participant(agent("web"))
            .maxTurns(1)
            .build()) {
      SwarmBuilder swarm =
          Cadre.swarm("desk")
              .participant(agent("triage").handoff("research", "Research questions"))
              .participant(inner)
              .termination(Terminations.maxMessages(4));

      assertThatThrownBy(swarm::build)
          .isInstanceOfSatisfying(
              GraphValidationException.class,
              e -> assertThat(tags(e)).containsExactly("Cadre/TeamInSwarm"))
          .hasMessageContaining("Team 'research' cannot take part in swarm 'desk'");
    }
  }

  @Test // AutoGen: "At least two participants are required for SelectorGroupChat."
  void aSelectorOfOneParticipantIsRefused() {
    SelectorBuilder solo =
        Cadre.selector("solo", ReplayChatModel.ofTexts())
            .participant(agent("coder").description("Writes code"))
            .maxTurns(2);

    assertThatThrownBy(solo::build)
        .isInstanceOfSatisfying(
            GraphValidationException.class,
            e -> assertThat(tags(e)).containsExactly("Cadre/SelectorTooFew"))
        .hasMessageContaining("Team 'solo' is a SELECTOR of one participant, 'coder'");
  }

  @Test // AutoGen test_different_activation_groups_detection, and groups at work
  void graphRulesSeeActivationGroupsAndTheTeamRunsThem() {
    GraphBuilder conflicting =
        Cadre.graph("join")
            .participants(agent("a").build(), agent("b").build(), agent("c").build())
            .participant(agent("d"))
            .entry("a")
            .edge("a", "b")
            .edge("a", "c")
            .edge(ChatGraph.Edge.of("b", "d").activation(ChatGraph.Join.ALL))
            .edge(ChatGraph.Edge.of("c", "d").activation(ChatGraph.Join.ANY));
    assertThatThrownBy(conflicting::build)
        .isInstanceOfSatisfying(
            GraphValidationException.class,
            e -> assertThat(tags(e)).containsExactly("Cadre/ConflictingActivation"))
        .hasMessageContaining("Edges b -> d and c -> d disagree on how group 'd' of 'd'");

    try (Team any =
        Cadre.graph("join")
            .participants(
                agent("a", "go").build(),
                agent("b", "b1").build(),
                agent("c", "c1").build(),
                agent("d", "d1").build())
            .entry("a")
            .edge("a", "b")
            .edge("a", "c")
            .edge(ChatGraph.Edge.of("b", "d").activation(ChatGraph.Join.ANY))
            .edge(ChatGraph.Edge.of("c", "d").activation(ChatGraph.Join.ANY))
            .build()) {
      assertThat(speakers(any.run("Go"))).containsExactly("user", "a", "b", "c", "d");
    }
  }
}
