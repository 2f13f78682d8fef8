package dev.cadre.graph;

import static dev.cadre.graph.Graphs.messages;
import static dev.cadre.graph.Graphs.reviewLoop;
import static dev.cadre.graph.Graphs.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.graph.Rules.AmbiguousEntryPoint;
import dev.cadre.graph.Rules.ConflictingActivation;
import dev.cadre.graph.Rules.EdgesOutsideGraph;
import dev.cadre.graph.Rules.HandoffsOutsideSwarm;
import dev.cadre.graph.Rules.InvalidBound;
import dev.cadre.graph.Rules.MixedEdges;
import dev.cadre.graph.Rules.NoEntryPoint;
import dev.cadre.graph.Rules.UnboundedCycle;
import dev.cadre.graph.Rules.UnreachableAgent;
import org.junit.jupiter.api.Test;

class GraphShapeRulesTest {

  private static AgentGraph.Builder graph(String... nodes) {
    AgentGraph.Builder builder =
        AgentGraph.builder("flow").pattern(TeamPattern.GRAPH).terminationSet(true);
    for (String node : nodes) {
      builder.agent(node);
    }
    return builder;
  }

  @Test
  void theReviewLoopHasNoFindingsAtAll() {
    assertThat(Graphs.validate(reviewLoop().build())).isEmpty();
  }

  @Test
  void edgesOnAnotherPatternAreIgnoredWithAWarning() {
    AgentGraph graph =
        AgentGraph.builder("chat")
            .agent("a")
            .agent("b")
            .edge("a", "b")
            .edge("b", "a")
            .entryPoint("a")
            .maxTurns(4)
            .build();

    assertThat(tagged(graph, EdgesOutsideGraph.TAG))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Finding.Severity.WARNING);
              assertThat(finding.message())
                  .isEqualTo(
                      "Team 'chat' is ROUND_ROBIN, which ignores its 2 edges and 1 entry point;"
                          + " remove them or make the team a GRAPH.");
            });
  }

  @Test
  void handoffsOutsideASwarmAreIgnoredWithAWarning() {
    AgentGraph graph =
        AgentGraph.builder("desk")
            .pattern(TeamPattern.SELECTOR)
            .participant(Participant.agent("router").handoffs("billing", "user", "nobody").build())
            .agent("billing")
            .terminalHandoff("user")
            .maxTurns(4)
            .build();

    assertThat(tagged(graph, HandoffsOutsideSwarm.TAG))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Finding.Severity.WARNING);
              assertThat(finding.message())
                  .isEqualTo(
                      "Agent 'router' hands off to 'billing', but team 'desk' is SELECTOR, which"
                          + " ignores handoffs: only a SWARM follows them; make the team a SWARM,"
                          + " or give it agents without handoffs.");
            });
  }

  @Test
  void handoffsInASwarmPass() {
    AgentGraph graph =
        AgentGraph.builder("desk")
            .pattern(TeamPattern.SWARM)
            .participant(Participant.agent("router").handoffs("billing").build())
            .agent("billing")
            .maxTurns(4)
            .build();

    assertThat(tagged(graph, HandoffsOutsideSwarm.TAG)).isEmpty();
  }

  @Test
  void edgesOnAGraphPass() {
    assertThat(tagged(reviewLoop().build(), EdgesOutsideGraph.TAG)).isEmpty();
  }

  @Test
  void graphWhereEveryNodeHasAPredecessorHasNoEntryPoint() {
    AgentGraph graph = graph("a", "b").edge("a", "b", "more").edge("b", "a").build();

    assertThat(messages(graph, NoEntryPoint.TAG))
        .containsExactly(
            "Team 'flow' is a GRAPH with no entry point, and every participant has an incoming"
                + " edge, so none starts; declare an entry point, e.g. 'a'.");
  }

  @Test
  void declaredEntryPointOrSingleRootPasses() {
    AgentGraph declared =
        graph("a", "b").edge("a", "b", "more").edge("b", "a").entryPoint("a").build();
    AgentGraph implicit = graph("a", "b").edge("a", "b").build();

    assertThat(tagged(declared, NoEntryPoint.TAG)).isEmpty();
    assertThat(tagged(implicit, NoEntryPoint.TAG)).isEmpty();
    assertThat(implicit.startNodes()).containsExactly("a");
  }

  @Test
  void severalRootsWithoutDeclaredEntryAreAmbiguous() {
    AgentGraph graph = graph("a", "b", "c").edge("a", "c").edge("b", "c").build();

    assertThat(messages(graph, AmbiguousEntryPoint.TAG))
        .containsExactly(
            "Team 'flow' is a GRAPH with no declared entry point, and 'a' and 'b' have no"
                + " incoming edges, so it is unclear which starts; declare the entry point, or"
                + " declare several to start them in parallel.");
  }

  @Test
  void severalDeclaredEntryPointsStartInParallel() {
    AgentGraph graph =
        graph("a", "b", "c").edge("a", "c").edge("b", "c").entryPoint("a").entryPoint("b").build();

    assertThat(tagged(graph, AmbiguousEntryPoint.TAG)).isEmpty();
    assertThat(tagged(graph, UnreachableAgent.TAG)).isEmpty();
    assertThat(graph.startNodes()).containsExactly("a", "b");
  }

  @Test
  void nodeNoPathReachesIsReported() {
    Object island = new Object();
    AgentGraph graph =
        graph("start", "end")
            .participant(Participant.agent("island").origin(island).build())
            .agent("shore")
            .edge("start", "end")
            .edge("island", "shore", "done")
            .edge("shore", "island")
            .entryPoint("start")
            .build();

    assertThat(tagged(graph, UnreachableAgent.TAG))
        .extracting(Finding::message)
        .containsExactly(
            "Agent 'island' is not reachable: no path of edges leads to it from 'start', where the"
                + " team starts; add an edge to 'island' from a reachable participant, or remove"
                + " it.",
            "Agent 'shore' is not reachable: no path of edges leads to it from 'start', where the"
                + " team starts; add an edge to 'shore' from a reachable participant, or remove"
                + " it.");
    assertThat(tagged(graph, UnreachableAgent.TAG).get(0).origin()).isSameAs(island);
  }

  @Test
  void everyNodeReachedPasses() {
    assertThat(tagged(reviewLoop().build(), UnreachableAgent.TAG)).isEmpty();
  }

  @Test
  void mixingConditionalAndUnconditionalEdgesIsReported() {
    AgentGraph graph =
        graph("writer", "reviewer", "publisher")
            .edge("writer", "reviewer")
            .edge("reviewer", "writer", "changes requested")
            .edge("reviewer", "publisher")
            .build();

    assertThat(messages(graph, MixedEdges.TAG))
        .containsExactly(
            "Agent 'reviewer' has both conditional edges (reviewer -> writer) and unconditional"
                + " ones (reviewer -> publisher), so its conditions cannot decide where the run"
                + " goes next; make every edge leaving 'reviewer' conditional.");
  }

  @Test
  void allConditionalOrAllUnconditionalEdgesPass() {
    AgentGraph fanOut = graph("a", "b", "c").edge("a", "b").edge("a", "c").build();

    assertThat(tagged(fanOut, MixedEdges.TAG)).isEmpty();
    assertThat(tagged(reviewLoop().build(), MixedEdges.TAG)).isEmpty();
  }

  @Test
  void cycleWithoutConditionOrBoundPrintsItsPath() {
    Object closing = new Object();
    AgentGraph graph =
        graph("writer", "reviewer", "editor")
            .edge("writer", "reviewer")
            .edge("reviewer", "editor")
            .edge(Edge.builder("editor", "writer").origin(closing).build())
            .build();

    assertThat(tagged(graph, UnboundedCycle.TAG))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.origin()).isSameAs(closing);
              assertThat(finding.message())
                  .isEqualTo(
                      "Cycle writer -> reviewer -> editor -> writer has no exit condition and no"
                          + " bound, so it never ends; make one of its edges conditional (e.g."
                          + " editor -> writer) or give one a maxTraversals bound.");
            });
  }

  @Test
  void eachUnguardedLoopIsReportedOnceWithItsShortestCycle() {
    AgentGraph graph =
        graph("a", "b", "c", "d")
            .entryPoint("a")
            .edge("a", "b")
            .edge("b", "c")
            .edge("c", "a")
            .edge("b", "a")
            .edge("c", "d", "done")
            .edge("d", "d")
            .build();

    assertThat(messages(graph, UnboundedCycle.TAG))
        .extracting(message -> message.substring(0, message.indexOf(" has")))
        .containsExactly(
            "Cycle a -> b -> a", "Cycle d -> d (reached from the entry by a -> b -> c -> d)");
  }

  @Test
  void cycleWithAConditionalOrBoundedEdgePasses() {
    AgentGraph bounded =
        graph("writer", "reviewer")
            .edge("writer", "reviewer")
            .edge(Edge.builder("reviewer", "writer").maxTraversals(3).build())
            .entryPoint("writer")
            .build();

    assertThat(tagged(bounded, UnboundedCycle.TAG)).isEmpty();
    assertThat(tagged(reviewLoop().build(), UnboundedCycle.TAG)).isEmpty();
  }

  @Test
  void boundsBelowOneAreReported() {
    AgentGraph graph =
        reviewLoop()
            .maxTurns(0)
            .edge(Edge.builder("publisher", "writer").when("retry").maxTraversals(0).build())
            .build();

    assertThat(messages(graph, InvalidBound.TAG))
        .containsExactly(
            "Team 'review' has maxTurns 0; set it to at least 1, or leave it unset for no limit.",
            "Edge publisher -> writer has maxTraversals 0; set it to at least 1, or leave it unset"
                + " for no bound.");
  }

  @Test
  void positiveBoundsPass() {
    AgentGraph graph =
        reviewLoop()
            .maxTurns(1)
            .edge(Edge.builder("publisher", "writer").when("retry").maxTraversals(1).build())
            .build();

    assertThat(tagged(graph, InvalidBound.TAG)).isEmpty();
  }

  @Test
  void backEdgesAreDerivedFromTheEntryPoint() {
    AgentGraph graph = reviewLoop().build();

    assertThat(graph.backEdges()).extracting(Edge::label).containsExactly("reviewer -> writer");
    assertThat(graph.hasCycle()).isTrue();
    assertThat(graph("a", "b").edge("a", "b").build().hasCycle()).isFalse();
  }

  @Test // AutoGen test_different_activation_groups_detection
  void edgesOfOneActivationGroupThatDisagreeAreReportedOnTheSecond() {
    Object second = new Object();
    AgentGraph graph =
        AgentGraph.builder("join")
            .pattern(TeamPattern.GRAPH)
            .agent("A")
            .agent("B")
            .agent("C")
            .agent("D")
            .edge("A", "B")
            .edge("A", "C")
            .edge(Edge.builder("B", "D").activation(JoinMode.ALL).build())
            .edge(Edge.builder("C", "D").activation(JoinMode.ANY).origin(second).build())
            .entryPoint("A")
            .build();

    assertThat(tagged(graph, ConflictingActivation.TAG))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.severity()).isEqualTo(Finding.Severity.ERROR);
              assertThat(finding.origin()).isSameAs(second);
              assertThat(finding.message())
                  .isEqualTo(
                      "Edges B -> D and C -> D disagree on how group 'D' of 'D' activates: on ALL"
                          + " of its parents and on ANY; give them one activation, or put them in"
                          + " different groups.");
            });
  }

  @Test
  void separateGroupsTheNodesJoinModeAndALoopsOwnGroupDoNotConflict() {
    AgentGraph graph =
        AgentGraph.builder("join")
            .pattern(TeamPattern.GRAPH)
            .agent("A")
            .agent("B")
            .agent("C")
            .agent("D")
            .edge("A", "B")
            .edge("A", "C")
            .edge(Edge.builder("B", "D").build())
            .edge(Edge.builder("C", "D").activation(JoinMode.ANY).build())
            .edge(Edge.builder("D", "B").when("again").activation(JoinMode.ALL).build())
            .join("D", JoinMode.ANY)
            .join("B", JoinMode.ANY)
            .entryPoint("A")
            .maxTurns(9)
            .build();
    AgentGraph groups =
        AgentGraph.builder("join")
            .pattern(TeamPattern.GRAPH)
            .agent("A")
            .agent("B")
            .agent("C")
            .edge("A", "B")
            .edge(Edge.builder("A", "C").activationGroup("first").activation(JoinMode.ANY).build())
            .edge(Edge.builder("B", "C").activation(JoinMode.ALL).build())
            .entryPoint("A")
            .build();

    // D's edges follow its ANY join; B's back edge from D is a group of its own.
    assertThat(tagged(graph, ConflictingActivation.TAG)).isEmpty();
    assertThat(tagged(groups, ConflictingActivation.TAG)).isEmpty();
  }
}
