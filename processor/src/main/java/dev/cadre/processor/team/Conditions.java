package dev.cadre.processor.team;

/**
 * How an edge's condition is described, in the graph model's findings and in the diagram: in the
 * same words as the runtime's {@code ChatGraph.Condition.contains} and {@code notContains}.
 */
final class Conditions {

  private Conditions() {}

  static String contains(String keyword) {
    return "contains '" + keyword + "'";
  }

  static String notContains(String keyword) {
    return "does not contain '" + keyword + "'";
  }
}
