package dev.cadre.graph;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How the rules about a team's participants and their names check: {@link Rules.EmptyTeam}, {@link
 * Rules.InvalidAgentName} and {@link Rules.DuplicateAgentName}.
 */
final class NameRules {

  private NameRules() {}

  /** Checks {@link Rules.EmptyTeam}. */
  static void emptyTeam(AgentGraph graph, Reporter report) {
    if (graph.participants().isEmpty()) {
      report.error(
          graph.origin(),
          "Team '" + graph.name() + "' has no participants; add at least one agent or team.");
    }
  }

  /** Checks {@link Rules.InvalidAgentName}. */
  static void invalidAgentName(AgentGraph graph, Reporter report) {
    Set<String> targets = new HashSet<>();
    for (Participant participant : graph.participants()) {
      targets.addAll(participant.handoffs());
    }
    Set<String> seen = new HashSet<>();
    List<Participant> participants = graph.participants();
    for (int i = 0; i < participants.size(); i++) {
      Participant participant = participants.get(i);
      String name = participant.name();
      if (name.isEmpty()) {
        report.error(
            participant.origin(),
            "Participant "
                + (i + 1)
                + " of team '"
                + graph.name()
                + "' has no name; name it with 1 to 64 letters, digits, '_' or '-'.");
      } else if (!Names.VALID.matcher(name).matches()) {
        report.error(
            participant.origin(),
            participant.noun()
                + " '"
                + name
                + "' has an invalid name: names become tool names, so they may hold only"
                + " letters, digits, '_' and '-', at most 64 of them; rename it, e.g. to '"
                + Names.sanitized(name)
                + "'.");
      } else if (targets.contains(name) && seen.add(name)) {
        String tool = Names.HANDOFF_TOOL_PREFIX + name;
        if (tool.length() > Names.MAX_LENGTH) {
          report.error(
              participant.origin(),
              participant.noun()
                  + " '"
                  + name
                  + "' is a handoff target, so its name becomes the tool name '"
                  + tool
                  + "' of "
                  + tool.length()
                  + " characters, more than the 64 model APIs accept; shorten the name to at"
                  + " most "
                  + (Names.MAX_LENGTH - Names.HANDOFF_TOOL_PREFIX.length())
                  + " characters.");
        }
      }
    }
  }

  /** Checks {@link Rules.DuplicateAgentName}. */
  static void duplicateAgentName(AgentGraph graph, Reporter report) {
    List<Participant> participants = graph.participants();
    for (int i = 0; i < participants.size(); i++) {
      String name = participants.get(i).name();
      for (int first = 0; first < i; first++) {
        if (participants.get(first).name().equals(name)) {
          report.error(
              participants.get(i).origin(),
              "Participants "
                  + (first + 1)
                  + " and "
                  + (i + 1)
                  + " of team '"
                  + graph.name()
                  + "' are both named '"
                  + name
                  + "'; give each participant a unique name.");
          break;
        }
      }
    }
  }
}
