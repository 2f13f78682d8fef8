package dev.cadre.graph;

import java.util.List;

/** Test helpers: a known-good team and findings filtered by tag. */
final class Graphs {

  private Graphs() {}

  /** writer -> reviewer, which loops back on a condition or publishes on another. */
  static AgentGraph.Builder reviewLoop() {
    return AgentGraph.builder("review")
        .pattern(TeamPattern.GRAPH)
        .agent("writer", "Writes the draft")
        .agent("reviewer", "Reviews the draft")
        .agent("publisher", "Publishes the result")
        .edge("writer", "reviewer")
        .edge("reviewer", "writer", "changes requested")
        .edge("reviewer", "publisher", "approved")
        .entryPoint("writer")
        .maxTurns(20);
  }

  static List<Finding> validate(AgentGraph graph) {
    return GraphRules.standard().validate(graph);
  }

  static List<Finding> tagged(AgentGraph graph, String tag) {
    return validate(graph).stream().filter(finding -> finding.tag().equals(tag)).toList();
  }

  static List<String> messages(AgentGraph graph, String tag) {
    return tagged(graph, tag).stream().map(Finding::message).toList();
  }
}
