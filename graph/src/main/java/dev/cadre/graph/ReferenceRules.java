package dev.cadre.graph;

import java.util.LinkedHashSet;
import java.util.Map;

/**
 * How the rules about references to participants check, each suggesting the closest participant
 * name: {@link Rules.UnknownHandoff}, {@link Rules.UnknownEdgeTarget} and {@link
 * Rules.UnknownNode}.
 */
final class ReferenceRules {

  private ReferenceRules() {}

  /** Checks {@link Rules.UnknownHandoff}. */
  static void unknownHandoff(AgentGraph graph, Reporter report) {
    Topology topology = graph.topology();
    for (Participant participant : graph.participants()) {
      for (String target : new LinkedHashSet<>(participant.handoffs())) {
        if (!topology.contains(target) && !graph.terminalHandoffs().contains(target)) {
          report.error(
              participant.origin(),
              participant.noun()
                  + " '"
                  + participant.name()
                  + "' hands off to '"
                  + target
                  + "', which is not in team '"
                  + graph.name()
                  + "'; "
                  + mend(target, topology));
        }
      }
    }
  }

  /** Checks {@link Rules.UnknownEdgeTarget}. */
  static void unknownEdgeTarget(AgentGraph graph, Reporter report) {
    if (graph.pattern() != TeamPattern.GRAPH) {
      return;
    }
    Topology topology = graph.topology();
    for (Edge edge : graph.edges()) {
      if (!topology.contains(edge.from())) {
        report.error(edge.origin(), unknownEnd(edge, "starts at", edge.from(), graph));
      }
      if (!topology.contains(edge.to())) {
        report.error(edge.origin(), unknownEnd(edge, "leads to", edge.to(), graph));
      }
    }
  }

  private static String unknownEnd(Edge edge, String verb, String name, AgentGraph graph) {
    return "Edge "
        + edge.label()
        + " "
        + verb
        + " '"
        + name
        + "', which is not in team '"
        + graph.name()
        + "'; "
        + mend(name, graph.topology());
  }

  /** Checks {@link Rules.UnknownNode}. */
  static void unknownNode(AgentGraph graph, Reporter report) {
    if (graph.pattern() != TeamPattern.GRAPH) {
      return;
    }
    Topology topology = graph.topology();
    for (String entry : new LinkedHashSet<>(graph.entryPoints())) {
      if (!topology.contains(entry)) {
        report.error(
            graph.origin(),
            "Entry point '"
                + entry
                + "' is not in team '"
                + graph.name()
                + "'; "
                + mend(entry, topology));
      }
    }
    for (Map.Entry<String, JoinMode> join : graph.joins().entrySet()) {
      if (!topology.contains(join.getKey())) {
        report.error(
            graph.origin(),
            "Join mode "
                + join.getValue()
                + " is set for '"
                + join.getKey()
                + "', which is not in team '"
                + graph.name()
                + "'; "
                + mend(join.getKey(), topology));
      }
    }
  }

  /** How to mend a reference to {@code name}, which is not a participant. */
  private static String mend(String name, Topology topology) {
    String closest = Suggestions.closest(name, topology.names());
    return "name a participant instead"
        + (closest == null ? "" : " (did you mean '" + closest + "'?)")
        + " or add '"
        + name
        + "' to the team.";
  }
}
