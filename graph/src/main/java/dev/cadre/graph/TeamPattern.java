package dev.cadre.graph;

/** How a team picks its next speaker; decides which rules apply to its {@link AgentGraph}. */
public enum TeamPattern {
  /** Participants speak in turn, in declaration order. */
  ROUND_ROBIN,
  /** A model picks the next speaker from the participants' descriptions. */
  SELECTOR,
  /** The first participant starts; each speaker hands off to the next through handoff tools. */
  SWARM,
  /** Speakers follow declared edges from the entry point(s), with conditions, loops and joins. */
  GRAPH,
  /**
   * An orchestrator's model plans over the participants' descriptions, then before each turn
   * answers a progress ledger naming the next speaker and its instruction (AutoGen's Magentic-One).
   */
  MAGENTIC_ONE
}
