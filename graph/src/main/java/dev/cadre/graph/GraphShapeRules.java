package dev.cadre.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the rules about a team's wiring check: its bounds, edges and handoffs the pattern ignores,
 * and the shape of a {@link TeamPattern#GRAPH} (entry points, reachability, conditions, activation
 * groups, cycles).
 */
final class GraphShapeRules {

  private GraphShapeRules() {}

  /** Checks {@link Rules.InvalidBound}. */
  static void invalidBound(AgentGraph graph, Reporter report) {
    if (graph.maxTurns() != null && graph.maxTurns() < 1) {
      report.error(
          graph.origin(),
          "Team '"
              + graph.name()
              + "' has maxTurns "
              + graph.maxTurns()
              + "; set it to at least 1, or leave it unset for no limit.");
    }
    for (AgentGraph.Bound bound : graph.bounds()) {
      if (bound.value() < 1) {
        report.error(
            bound.origin() != null ? bound.origin() : graph.origin(),
            "Team '"
                + graph.name()
                + "' has "
                + bound.name()
                + " "
                + bound.value()
                + "; set it to at least 1.");
      }
    }
    if (graph.pattern() != TeamPattern.GRAPH) {
      return;
    }
    for (Edge edge : graph.edges()) {
      if (edge.maxTraversals() != null && edge.maxTraversals() < 1) {
        report.error(
            edge.origin(),
            "Edge "
                + edge.label()
                + " has maxTraversals "
                + edge.maxTraversals()
                + "; set it to at least 1, or leave it unset for no bound.");
      }
    }
  }

  /** Checks {@link Rules.EdgesOutsideGraph}. */
  static void edgesOutsideGraph(AgentGraph graph, Reporter report) {
    if (graph.pattern() == TeamPattern.GRAPH) {
      return;
    }
    List<String> ignored = new ArrayList<>();
    count(ignored, graph.edges().size(), "edge");
    count(ignored, graph.entryPoints().size(), "entry point");
    count(ignored, graph.joins().size(), "join mode");
    if (!ignored.isEmpty()) {
      report.warning(
          graph.origin(),
          "Team '"
              + graph.name()
              + "' is "
              + graph.pattern()
              + ", which ignores its "
              + Rules.joined(ignored, "and")
              + "; remove them or make the team a GRAPH.");
    }
  }

  private static void count(List<String> parts, int count, String noun) {
    if (count > 0) {
      parts.add(count + " " + noun + (count == 1 ? "" : "s"));
    }
  }

  /** Checks {@link Rules.HandoffsOutsideSwarm}. */
  static void handoffsOutsideSwarm(AgentGraph graph, Reporter report) {
    if (graph.pattern() == TeamPattern.SWARM) {
      return;
    }
    Topology topology = graph.topology();
    for (Participant participant : graph.participants()) {
      List<String> ignored = new ArrayList<>();
      for (String target : new LinkedHashSet<>(participant.handoffs())) {
        if (topology.contains(target) && !graph.terminalHandoffs().contains(target)) {
          ignored.add("'" + target + "'");
        }
      }
      if (!ignored.isEmpty()) {
        report.warning(
            participant.origin(),
            participant.noun()
                + " '"
                + participant.name()
                + "' hands off to "
                + Rules.joined(ignored, "and")
                + ", but team '"
                + graph.name()
                + "' is "
                + graph.pattern()
                + ", which ignores handoffs: only a SWARM follows them; make the team a SWARM,"
                + " or give it agents without handoffs.");
      }
    }
  }

  /** Checks {@link Rules.NoEntryPoint}. */
  static void noEntryPoint(AgentGraph graph, Reporter report) {
    Topology topology = graph.topology();
    if (graph.pattern() != TeamPattern.GRAPH
        || graph.participants().isEmpty()
        || topology.entriesDeclared()
        || !topology.roots().isEmpty()) {
      return;
    }
    report.error(
        graph.origin(),
        "Team '"
            + graph.name()
            + "' is a GRAPH with no entry point, and every participant has an incoming edge, so"
            + " none starts; declare an entry point, e.g. '"
            + graph.participants().get(0).name()
            + "'.");
  }

  /** Checks {@link Rules.AmbiguousEntryPoint}. */
  static void ambiguousEntryPoint(AgentGraph graph, Reporter report) {
    Topology topology = graph.topology();
    if (graph.pattern() != TeamPattern.GRAPH
        || topology.entriesDeclared()
        || topology.roots().size() < 2) {
      return;
    }
    report.error(
        graph.origin(),
        "Team '"
            + graph.name()
            + "' is a GRAPH with no declared entry point, and "
            + Names.quotedList(topology.roots(), "and")
            + " have no incoming edges, so it is unclear which starts; declare the entry"
            + " point, or declare several to start them in parallel.");
  }

  /** Checks {@link Rules.UnreachableAgent}. */
  static void unreachableAgent(AgentGraph graph, Reporter report) {
    Topology topology = graph.topology();
    List<String> starts = topology.startNodes();
    if (graph.pattern() != TeamPattern.GRAPH || starts.isEmpty()) {
      return; // no start: NoEntryPoint or UnknownNode says so; every node would be reported
    }
    Set<String> reached = topology.reachableFrom(starts);
    for (String name : topology.names()) {
      if (!reached.contains(name)) {
        Participant participant = topology.participant(name);
        report.error(
            participant.origin(),
            participant.noun()
                + " '"
                + name
                + "' is not reachable: no path of edges leads to it from "
                + Names.quotedList(starts, "or")
                + ", where the team starts; add an edge to '"
                + name
                + "' from a reachable participant, or remove it.");
      }
    }
  }

  /** Checks {@link Rules.MixedEdges}. */
  static void mixedEdges(AgentGraph graph, Reporter report) {
    if (graph.pattern() != TeamPattern.GRAPH) {
      return;
    }
    Topology topology = graph.topology();
    for (String name : topology.names()) {
      List<String> conditional = new ArrayList<>();
      List<String> unconditional = new ArrayList<>();
      for (Edge edge : graph.edges()) {
        if (edge.from().equals(name)) {
          (edge.conditional() ? conditional : unconditional).add(edge.label());
        }
      }
      if (!conditional.isEmpty() && !unconditional.isEmpty()) {
        Participant participant = topology.participant(name);
        report.error(
            participant.origin(),
            participant.noun()
                + " '"
                + name
                + "' has both conditional edges ("
                + String.join(", ", conditional)
                + ") and unconditional ones ("
                + String.join(", ", unconditional)
                + "), so its conditions cannot decide where the run goes next; make every"
                + " edge leaving '"
                + name
                + "' conditional.");
      }
    }
  }

  /** Checks {@link Rules.ConflictingActivation}. */
  static void conflictingActivation(AgentGraph graph, Reporter report) {
    if (graph.pattern() != TeamPattern.GRAPH) {
      return;
    }
    Set<Edge> back = new HashSet<>(graph.backEdges());
    Map<String, Edge> firstOfGroup = new LinkedHashMap<>();
    for (Edge edge : graph.edges()) {
      if (edge.activationGroup() == null && back.contains(edge)) {
        continue; // a group of its own
      }
      String group = edge.activationGroup() != null ? edge.activationGroup() : edge.to();
      Edge first = firstOfGroup.putIfAbsent(edge.to() + "\u0000" + group, edge);
      if (first != null && activation(graph, first) != activation(graph, edge)) {
        report.error(
            edge.origin(),
            "Edges "
                + first.label()
                + " and "
                + edge.label()
                + " disagree on how group '"
                + group
                + "' of '"
                + edge.to()
                + "' activates: on "
                + activation(graph, first)
                + " of its parents and on "
                + activation(graph, edge)
                + "; give them one activation, or put them in different groups.");
      }
    }
  }

  private static JoinMode activation(AgentGraph graph, Edge edge) {
    return edge.activation() != null ? edge.activation() : graph.joinMode(edge.to());
  }

  /** Checks {@link Rules.UnboundedCycle}. */
  static void unboundedCycle(AgentGraph graph, Reporter report) {
    if (graph.pattern() != TeamPattern.GRAPH) {
      return;
    }
    Topology topology = graph.topology();
    for (List<Edge> cycle : topology.cycles(Edge::unguarded)) {
      Edge closing = cycle.get(cycle.size() - 1);
      List<String> approach = topology.pathFromStart(cycle.get(0).from());
      String reached =
          approach.size() > 1
              ? " (reached from the entry by " + String.join(" -> ", approach) + ")"
              : "";
      report.error(
          closing.origin(),
          "Cycle "
              + Topology.path(cycle)
              + reached
              + " has no exit condition and no bound, so it never ends; make one of its edges"
              + " conditional (e.g. "
              + closing.label()
              + ") or give one a maxTraversals bound.");
    }
  }
}
