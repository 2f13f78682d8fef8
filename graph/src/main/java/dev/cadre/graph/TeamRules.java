package dev.cadre.graph;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How the rules about what each group-chat pattern needs check: termination, descriptions for a
 * selector or Magentic-One, and a swarm's handoff chains and participants.
 */
final class TeamRules {

  private TeamRules() {}

  /** Checks {@link Rules.NeverTerminates}. */
  static void neverTerminates(AgentGraph graph, Reporter report) {
    if (graph.terminationSet()
        || graph.maxTurns() != null
        || graph.participants().isEmpty()
        || graph.pattern() == TeamPattern.MAGENTIC_ONE) {
      // A Magentic-One orchestrator answers after a bounded number of turns.
      return;
    }
    if (graph.pattern() != TeamPattern.GRAPH) {
      report.error(
          graph.origin(),
          "Team '"
              + graph.name()
              + "' has no termination condition and no maxTurns, so it never stops; set a"
              + " termination condition or maxTurns.");
      return;
    }
    List<List<Edge>> loops = graph.topology().cycles(edge -> edge.maxTraversals() == null);
    if (!loops.isEmpty()) {
      report.error(
          graph.origin(),
          "Team '"
              + graph.name()
              + "' loops ("
              + Topology.path(loops.get(0))
              + ") with no termination condition, no maxTurns and no maxTraversals bound on"
              + " the loop, so it may never stop; set a termination condition or maxTurns, or"
              + " bound an edge of the loop with maxTraversals.");
    }
  }

  /** Checks {@link Rules.MissingDescription}. */
  static void missingDescription(AgentGraph graph, Reporter report) {
    String why;
    if (graph.pattern() == TeamPattern.SELECTOR) {
      why = "' is a SELECTOR whose model picks the next speaker by description";
    } else if (graph.pattern() == TeamPattern.MAGENTIC_ONE) {
      why = "' is a MAGENTIC_ONE team whose orchestrator plans and picks speakers by description";
    } else {
      return;
    }
    for (Participant participant : graph.participants()) {
      if (participant.description() == null || participant.description().isBlank()) {
        report.error(
            participant.origin(),
            participant.noun()
                + " '"
                + participant.name()
                + "' has no description, but team '"
                + graph.name()
                + why
                + "; describe what '"
                + participant.name()
                + "' does.");
      }
    }
  }

  /** Checks {@link Rules.SelectorTooFew}. */
  static void selectorTooFew(AgentGraph graph, Reporter report) {
    if (graph.pattern() != TeamPattern.SELECTOR || graph.participants().size() != 1) {
      return;
    }
    report.error(
        graph.origin(),
        "Team '"
            + graph.name()
            + "' is a SELECTOR of one participant, '"
            + graph.participants().get(0).name()
            + "', but its model chooses among two or more; add a participant, or make the team"
            + " a ROUND_ROBIN.");
  }

  /** Checks {@link Rules.UnreachableInSwarm}. */
  static void unreachableInSwarm(AgentGraph graph, Reporter report) {
    if (graph.pattern() != TeamPattern.SWARM || graph.participants().isEmpty()) {
      return;
    }
    Topology topology = graph.topology();
    String first = graph.participants().get(0).name();
    Set<String> reached = new HashSet<>(List.of(first));
    Deque<String> queue = new ArrayDeque<>(List.of(first));
    while (!queue.isEmpty()) {
      for (String target : topology.participant(queue.removeFirst()).handoffs()) {
        if (topology.contains(target) && reached.add(target)) {
          queue.addLast(target);
        }
      }
    }
    for (String name : topology.names()) {
      if (!reached.contains(name)) {
        Participant participant = topology.participant(name);
        report.error(
            participant.origin(),
            participant.noun()
                + " '"
                + name
                + "' never gets a turn: no chain of handoffs from '"
                + first
                + "', who starts the swarm, leads to it; add '"
                + name
                + "' to the handoffs of '"
                + first
                + "' or of an agent it hands off to, or remove it.");
      }
    }
  }

  /** Checks {@link Rules.TeamInSwarm}. */
  static void teamInSwarm(AgentGraph graph, Reporter report) {
    if (graph.pattern() != TeamPattern.SWARM) {
      return;
    }
    for (Participant participant : graph.participants()) {
      if (participant.kind() == Participant.Kind.TEAM) {
        report.error(
            participant.origin(),
            "Team '"
                + participant.name()
                + "' cannot take part in swarm '"
                + graph.name()
                + "': a swarm passes the conversation by handoffs, and a team cannot hand off;"
                + " put its agents in the swarm, wrap it in a nested chat agent that answers"
                + " for it, or make '"
                + graph.name()
                + "' a ROUND_ROBIN or SELECTOR.");
      }
    }
  }
}
