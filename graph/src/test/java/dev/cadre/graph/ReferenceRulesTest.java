package dev.cadre.graph;

import static dev.cadre.graph.Graphs.messages;
import static dev.cadre.graph.Graphs.reviewLoop;
import static dev.cadre.graph.Graphs.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.graph.Rules.UnknownEdgeTarget;
import dev.cadre.graph.Rules.UnknownHandoff;
import dev.cadre.graph.Rules.UnknownNode;
import org.junit.jupiter.api.Test;

class ReferenceRulesTest {

  private static AgentGraph.Builder swarm(Participant first) {
    return AgentGraph.builder("desk")
        .pattern(TeamPattern.SWARM)
        .participant(first)
        .agent("refunds")
        .agent("billing")
        .terminationSet(true);
  }

  @Test
  void unknownHandoffSuggestsTheClosestParticipant() {
    Object triage = new Object();
    AgentGraph graph =
        swarm(Participant.agent("triage").handoffs("refunds", "biling").origin(triage).build())
            .build();

    assertThat(tagged(graph, UnknownHandoff.TAG))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.origin()).isSameAs(triage);
              assertThat(finding.message())
                  .isEqualTo(
                      "Agent 'triage' hands off to 'biling', which is not in team 'desk'; name a"
                          + " participant instead (did you mean 'billing'?) or add 'biling' to"
                          + " the team.");
            });
  }

  @Test
  void unknownHandoffWithoutCloseNameSuggestsNothing() {
    AgentGraph graph =
        swarm(Participant.agent("triage").handoffs("refunds", "billing", "lawyer").build()).build();

    assertThat(messages(graph, UnknownHandoff.TAG))
        .containsExactly(
            "Agent 'triage' hands off to 'lawyer', which is not in team 'desk'; name a participant"
                + " instead or add 'lawyer' to the team.");
  }

  @Test
  void handoffsToParticipantsAndTerminalTargetsPass() {
    AgentGraph graph =
        swarm(Participant.agent("triage").handoffs("refunds", "billing", "user").build())
            .terminalHandoff("user")
            .build();

    assertThat(tagged(graph, UnknownHandoff.TAG)).isEmpty();
  }

  @Test
  void edgeFromOrToAnUnknownNodeIsReportedOnTheEdge() {
    Object typo = new Object();
    AgentGraph graph =
        reviewLoop()
            .edge(Edge.builder("reviwer", "publisher").when("approved").origin(typo).build())
            .edge("publisher", "archive")
            .build();

    assertThat(tagged(graph, UnknownEdgeTarget.TAG))
        .extracting(Finding::message)
        .containsExactly(
            "Edge reviwer -> publisher starts at 'reviwer', which is not in team 'review'; name a"
                + " participant instead (did you mean 'reviewer'?) or add 'reviwer' to the team.",
            "Edge publisher -> archive leads to 'archive', which is not in team 'review'; name a"
                + " participant instead or add 'archive' to the team.");
    assertThat(tagged(graph, UnknownEdgeTarget.TAG).get(0).origin()).isSameAs(typo);
  }

  @Test
  void edgesBetweenParticipantsPass() {
    assertThat(tagged(reviewLoop().build(), UnknownEdgeTarget.TAG)).isEmpty();
  }

  @Test
  void entryPointsAndJoinsMustNameParticipants() {
    AgentGraph graph = reviewLoop().entryPoint("writr").join("publsher", JoinMode.ANY).build();

    assertThat(messages(graph, UnknownNode.TAG))
        .containsExactly(
            "Entry point 'writr' is not in team 'review'; name a participant instead (did you"
                + " mean 'writer'?) or add 'writr' to the team.",
            "Join mode ANY is set for 'publsher', which is not in team 'review'; name a"
                + " participant instead (did you mean 'publisher'?) or add 'publsher' to the"
                + " team.");
  }

  @Test
  void knownEntryPointsAndJoinsPass() {
    AgentGraph graph = reviewLoop().join("publisher", JoinMode.ANY).build();

    assertThat(tagged(graph, UnknownNode.TAG)).isEmpty();
  }
}
