package dev.cadre.graph;

import static dev.cadre.graph.Graphs.reviewLoop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphRulesTest {

  /** A team with problems from several rules, in the outer team and in a nested one. */
  private static AgentGraph broken() {
    AgentGraph research =
        AgentGraph.builder("research").agent("web").agent("web").build(); // no termination
    return AgentGraph.builder("review")
        .pattern(TeamPattern.GRAPH)
        .agent("writer")
        .agent("reviewer")
        .agent("writer")
        .participant(Participant.agent("editor").handoffs("reviewer").build())
        .team(research)
        .edge("writer", "reviwer")
        .edge("writer", "reviewer")
        .edge("reviewer", "writer")
        .entryPoint("writer")
        .build();
  }

  private static final List<String> BROKEN_FINDINGS =
      List.of(
          "[Cadre/DuplicateAgentName] Participants 1 and 3 of team 'review' are both named"
              + " 'writer'; give each participant a unique name.",
          "[Cadre/UnknownEdgeTarget] Edge writer -> reviwer leads to 'reviwer', which is not in"
              + " team 'review'; name a participant instead (did you mean 'reviewer'?) or add"
              + " 'reviwer' to the team.",
          "[Cadre/UnreachableAgent] Agent 'editor' is not reachable: no path of edges leads to it"
              + " from 'writer', where the team starts; add an edge to 'editor' from a reachable"
              + " participant, or remove it.",
          "[Cadre/UnreachableAgent] Team 'research' is not reachable: no path of edges leads to it"
              + " from 'writer', where the team starts; add an edge to 'research' from a"
              + " reachable participant, or remove it.",
          "[Cadre/UnboundedCycle] Cycle writer -> reviewer -> writer has no exit condition and no"
              + " bound, so it never ends; make one of its edges conditional (e.g. reviewer ->"
              + " writer) or give one a maxTraversals bound.",
          "[Cadre/NeverTerminates] Team 'review' loops (writer -> reviewer -> writer) with no"
              + " termination condition, no maxTurns and no maxTraversals bound on the loop, so it"
              + " may never stop; set a termination condition or maxTurns, or bound an edge of the"
              + " loop with maxTraversals.",
          "[Cadre/DuplicateAgentName] review > research: Participants 1 and 2 of team 'research'"
              + " are both named 'web'; give each participant a unique name.",
          "[Cadre/NeverTerminates] review > research: Team 'research' has no termination"
              + " condition and no maxTurns, so it never stops; set a termination condition or"
              + " maxTurns.",
          "[Cadre/HandoffsOutsideSwarm] Agent 'editor' hands off to 'reviewer', but team 'review'"
              + " is GRAPH, which ignores handoffs: only a SWARM follows them; make the team a"
              + " SWARM, or give it agents without handoffs.");

  @Test
  void reportsEveryProblemErrorsFirstThenTeamThenRuleOrder() {
    List<Finding> findings = GraphRules.standard().validate(broken());

    assertThat(findings).extracting(Finding::toString).containsExactlyElementsOf(BROKEN_FINDINGS);
    assertThat(findings)
        .extracting(Finding::severity)
        .containsExactly(
            Finding.Severity.ERROR,
            Finding.Severity.ERROR,
            Finding.Severity.ERROR,
            Finding.Severity.ERROR,
            Finding.Severity.ERROR,
            Finding.Severity.ERROR,
            Finding.Severity.ERROR,
            Finding.Severity.ERROR,
            Finding.Severity.WARNING);
  }

  @Test
  void theSameGraphGivesTheSameFindingsEveryTime() {
    assertThat(GraphRules.standard().validate(broken()))
        .isEqualTo(GraphRules.standard().validate(broken()));
  }

  @Test
  void requireValidThrowsOneExceptionListingEveryFinding() {
    assertThatThrownBy(() -> GraphRules.standard().requireValid(broken()))
        .isInstanceOfSatisfying(
            GraphValidationException.class,
            e -> {
              assertThat(e.team()).isEqualTo("review");
              assertThat(e.findings()).hasSize(9);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "team 'review' has 9 problems:\n  " + String.join("\n  ", BROKEN_FINDINGS));
            });
  }

  @Test
  void exceptionHeaderCountsOneProblemInTheSingular() {
    AgentGraph graph = AgentGraph.builder("solo").agent("a b").maxTurns(1).build();

    assertThatThrownBy(() -> GraphRules.standard().requireValid(graph))
        .hasMessageStartingWith("team 'solo' has 1 problem:\n  [Cadre/InvalidAgentName] ");
  }

  @Test
  void requireValidReturnsWarningsWhenThereIsNoError() {
    AgentGraph edgesIgnored =
        AgentGraph.builder("chat").agent("a").agent("b").edge("a", "b").maxTurns(3).build();
    List<Finding> warnings = GraphRules.standard().requireValid(edgesIgnored);

    assertThat(warnings).extracting(Finding::tag).containsExactly("Cadre/EdgesOutsideGraph");
    assertThat(GraphRules.standard().requireValid(reviewLoop().build())).isEmpty();
  }

  @Test
  void findingsInNestedTeamsNameThePathAndPointAtTheInnerElement() {
    Object inner = new Object();
    AgentGraph deepest =
        AgentGraph.builder("fact-check")
            .pattern(TeamPattern.SWARM)
            .participant(Participant.agent("checker").handoffs("sorce").origin(inner).build())
            .agent("source")
            .terminationSet(true)
            .build();
    AgentGraph middle =
        AgentGraph.builder("research")
            .participant(Participant.team(deepest).description("Checks facts").build())
            .maxTurns(3)
            .build();
    AgentGraph outer =
        AgentGraph.builder("review").agent("writer").team(middle).maxTurns(6).build();

    List<Finding> findings = GraphRules.standard().validate(outer);

    assertThat(findings)
        .extracting(Finding::toString)
        .containsExactly(
            "[Cadre/UnknownHandoff] review > research > fact-check: Agent 'checker' hands off to"
                + " 'sorce', which is not in team 'fact-check'; name a participant instead (did"
                + " you mean 'source'?) or add 'sorce' to the team.",
            "[Cadre/UnreachableInSwarm] review > research > fact-check: Agent 'source' never gets"
                + " a turn: no chain of handoffs from 'checker', who starts the swarm, leads to it;"
                + " add 'source' to the handoffs of 'checker' or of an agent it hands off to, or"
                + " remove it.");
    assertThat(findings.get(0).origin()).isSameAs(inner);
    assertThat(findings.get(0).teamPath()).containsExactly("review", "research", "fact-check");
  }

  @Test
  void aCustomRuleSetRunsOnlyItsRules() {
    GraphRules rules = GraphRules.of(List.of(new Rules.DuplicateAgentName()));

    assertThat(rules.validate(broken()))
        .extracting(Finding::tag)
        .containsExactly("Cadre/DuplicateAgentName", "Cadre/DuplicateAgentName");
  }

  @Test
  void everyStandardRuleHasADistinctCadreTag() {
    assertThat(GraphRules.standard().rules())
        .extracting(Rule::tag)
        .doesNotHaveDuplicates()
        .allMatch(tag -> tag.matches("Cadre/[A-Z][A-Za-z]+"));
  }
}
