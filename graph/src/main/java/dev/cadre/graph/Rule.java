package dev.cadre.graph;

/**
 * One validation rule over an {@link AgentGraph}. A rule reports what it finds and never throws for
 * a problem in the graph, so that every rule runs and every problem is reported together.
 */
public interface Rule {

  /** The stable tag of this rule's findings, e.g. {@code Cadre/UnknownHandoff}. */
  String tag();

  /** Checks one team (not its nested teams: {@link GraphRules} descends into those). */
  void check(AgentGraph graph, Reporter report);
}
