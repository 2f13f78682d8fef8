package dev.cadre.graph;

import static dev.cadre.graph.Graphs.messages;
import static dev.cadre.graph.Graphs.reviewLoop;
import static dev.cadre.graph.Graphs.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.graph.Rules.MissingDescription;
import dev.cadre.graph.Rules.NeverTerminates;
import dev.cadre.graph.Rules.SelectorTooFew;
import dev.cadre.graph.Rules.TeamInSwarm;
import dev.cadre.graph.Rules.UnreachableInSwarm;
import org.junit.jupiter.api.Test;

class TeamRulesTest {

  @Test
  void chatWithoutTerminationOrMaxTurnsNeverTerminates() {
    AgentGraph graph = AgentGraph.builder("chat").agent("a").agent("b").build();

    assertThat(tagged(graph, NeverTerminates.TAG))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
              assertThat(finding.message())
                  .isEqualTo(
                      "Team 'chat' has no termination condition and no maxTurns, so it never"
                          + " stops; set a termination condition or maxTurns.");
            });
  }

  @Test
  void chatWithTerminationOrMaxTurnsPasses() {
    assertThat(
            tagged(
                AgentGraph.builder("chat").agent("a").terminationSet(true).build(),
                NeverTerminates.TAG))
        .isEmpty();
    assertThat(
            tagged(AgentGraph.builder("chat").agent("a").maxTurns(5).build(), NeverTerminates.TAG))
        .isEmpty();
  }

  @Test // AutoGen: a cyclic graph needs a termination condition or max_turns
  void graphLoopLeftOnlyByAConditionWithNothingToStopTheTeamIsAnError() {
    AgentGraph graph = reviewLoop().maxTurns(null).build();

    assertThat(tagged(graph, NeverTerminates.TAG))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
              assertThat(finding.message())
                  .isEqualTo(
                      "Team 'review' loops (writer -> reviewer -> writer) with no termination"
                          + " condition, no maxTurns and no maxTraversals bound on the loop, so it"
                          + " may never stop; set a termination condition or maxTurns, or bound an"
                          + " edge of the loop with maxTraversals.");
            });
  }

  @Test
  void acyclicOrBoundedGraphStopsOnItsOwn() {
    AgentGraph acyclic =
        AgentGraph.builder("pipeline")
            .pattern(TeamPattern.GRAPH)
            .agent("a")
            .agent("b")
            .edge("a", "b")
            .build();
    AgentGraph boundedLoop =
        AgentGraph.builder("review")
            .pattern(TeamPattern.GRAPH)
            .agent("writer")
            .agent("reviewer")
            .edge("writer", "reviewer")
            .edge(Edge.builder("reviewer", "writer").when("changes").maxTraversals(3).build())
            .entryPoint("writer")
            .build();

    assertThat(tagged(acyclic, NeverTerminates.TAG)).isEmpty();
    assertThat(tagged(boundedLoop, NeverTerminates.TAG)).isEmpty();
  }

  @Test
  void selectorParticipantsNeedDescriptions() {
    Object writer = new Object();
    AgentGraph graph =
        AgentGraph.builder("desk")
            .pattern(TeamPattern.SELECTOR)
            .participant(Participant.agent("writer").origin(writer).build())
            .agent("reviewer", "Reviews drafts")
            .agent("editor", "  ")
            .maxTurns(10)
            .build();

    assertThat(tagged(graph, MissingDescription.TAG))
        .extracting(Finding::message)
        .containsExactly(
            "Agent 'writer' has no description, but team 'desk' is a SELECTOR whose model picks"
                + " the next speaker by description; describe what 'writer' does.",
            "Agent 'editor' has no description, but team 'desk' is a SELECTOR whose model picks"
                + " the next speaker by description; describe what 'editor' does.");
    assertThat(tagged(graph, MissingDescription.TAG).get(0).origin()).isSameAs(writer);
  }

  @Test
  void describedSelectorParticipantsAndUndescribedRoundRobinPass() {
    AgentGraph selector =
        AgentGraph.builder("desk")
            .pattern(TeamPattern.SELECTOR)
            .agent("writer", "Writes")
            .agent("reviewer", "Reviews")
            .maxTurns(10)
            .build();
    AgentGraph roundRobin = AgentGraph.builder("desk").agent("writer").maxTurns(10).build();

    assertThat(tagged(selector, MissingDescription.TAG)).isEmpty();
    assertThat(tagged(roundRobin, MissingDescription.TAG)).isEmpty();
  }

  @Test
  void magenticOneParticipantsNeedDescriptionsAndItsBoundsMustBePositive() {
    Object stallsValue = new Object();
    AgentGraph graph =
        AgentGraph.builder("desk")
            .pattern(TeamPattern.MAGENTIC_ONE)
            .agent("coder", "Writes code")
            .agent("analyst")
            .bound("maxStalls", 0, stallsValue)
            .bound("maxReplans", 2, null)
            .bound("maxTurns", -1, null)
            .build();

    assertThat(messages(graph, MissingDescription.TAG))
        .containsExactly(
            "Agent 'analyst' has no description, but team 'desk' is a MAGENTIC_ONE team whose"
                + " orchestrator plans and picks speakers by description; describe what"
                + " 'analyst' does.");
    assertThat(tagged(graph, Rules.InvalidBound.TAG))
        .extracting(Finding::message)
        .containsExactly(
            "Team 'desk' has maxStalls 0; set it to at least 1.",
            "Team 'desk' has maxTurns -1; set it to at least 1.");
    assertThat(tagged(graph, Rules.InvalidBound.TAG).get(0).origin()).isSameAs(stallsValue);
    // The orchestrator's bounded turns end every run: no termination condition is needed.
    assertThat(tagged(graph, NeverTerminates.TAG)).isEmpty();
  }

  @Test
  void swarmMemberNoChainOfHandoffsReachesIsReported() {
    AgentGraph graph =
        AgentGraph.builder("desk")
            .pattern(TeamPattern.SWARM)
            .participant(Participant.agent("triage").handoffs("billing").build())
            .participant(Participant.agent("billing").handoffs("triage").build())
            .participant(Participant.agent("refunds").handoffs("escalation").build())
            .agent("escalation")
            .terminationSet(true)
            .build();

    assertThat(messages(graph, UnreachableInSwarm.TAG))
        .containsExactly(
            "Agent 'refunds' never gets a turn: no chain of handoffs from 'triage', who starts the"
                + " swarm, leads to it; add 'refunds' to the handoffs of 'triage' or of an agent"
                + " it hands off to, or remove it.",
            "Agent 'escalation' never gets a turn: no chain of handoffs from 'triage', who starts"
                + " the swarm, leads to it; add 'escalation' to the handoffs of 'triage' or of an"
                + " agent it hands off to, or remove it.");
  }

  @Test
  void swarmReachedThroughAChainOfHandoffsPasses() {
    AgentGraph graph =
        AgentGraph.builder("desk")
            .pattern(TeamPattern.SWARM)
            .participant(Participant.agent("triage").handoffs("billing").build())
            .participant(Participant.agent("billing").handoffs("refunds").build())
            .participant(Participant.agent("refunds").handoffs("triage").build())
            .terminationSet(true)
            .build();

    assertThat(tagged(graph, UnreachableInSwarm.TAG)).isEmpty();
  }

  @Test // AutoGen: "At least two participants are required for SelectorGroupChat."
  void aSelectorOfOneParticipantIsAnError() {
    Object team = new Object();
    AgentGraph solo =
        AgentGraph.builder("solo")
            .pattern(TeamPattern.SELECTOR)
            .agent("writer", "Writes")
            .maxTurns(3)
            .origin(team)
            .build();
    AgentGraph pair =
        AgentGraph.builder("pair")
            .pattern(TeamPattern.SELECTOR)
            .agent("writer", "Writes")
            .agent("critic", "Reviews")
            .maxTurns(3)
            .build();
    AgentGraph roundRobinOfOne = AgentGraph.builder("solo").agent("writer").maxTurns(3).build();

    assertThat(tagged(solo, SelectorTooFew.TAG))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
              assertThat(finding.origin()).isSameAs(team);
              assertThat(finding.message())
                  .isEqualTo(
                      "Team 'solo' is a SELECTOR of one participant, 'writer', but its model"
                          + " chooses among two or more; add a participant, or make the team a"
                          + " ROUND_ROBIN.");
            });
    assertThat(tagged(pair, SelectorTooFew.TAG)).isEmpty();
    assertThat(tagged(roundRobinOfOne, SelectorTooFew.TAG)).isEmpty();
  }

  @Test // AutoGen test_swarm_doesnt_support_nested_teams
  void aTeamInASwarmIsAnError() {
    Object inner = new Object();
    AgentGraph research =
        AgentGraph.builder("research").agent("web").agent("notes").maxTurns(2).build();
    AgentGraph swarm =
        AgentGraph.builder("desk")
            .pattern(TeamPattern.SWARM)
            .participant(Participant.agent("triage").handoffs("research").build())
            .participant(Participant.team(research).origin(inner).build())
            .terminationSet(true)
            .build();
    AgentGraph roundRobin =
        AgentGraph.builder("desk").agent("triage").team(research).maxTurns(4).build();

    assertThat(tagged(swarm, TeamInSwarm.TAG))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
              assertThat(finding.origin()).isSameAs(inner);
              assertThat(finding.message())
                  .isEqualTo(
                      "Team 'research' cannot take part in swarm 'desk': a swarm passes the"
                          + " conversation by handoffs, and a team cannot hand off; put its agents"
                          + " in the swarm, wrap it in a nested chat agent that answers for it, or"
                          + " make 'desk' a ROUND_ROBIN or SELECTOR.");
            });
    assertThat(tagged(roundRobin, TeamInSwarm.TAG)).isEmpty();
  }
}
