package dev.cadre.spec;

import dev.cadre.graph.AgentGraph;
import dev.cadre.graph.Edge;
import dev.cadre.graph.Finding;
import dev.cadre.graph.GraphRules;
import dev.cadre.graph.Participant;
import dev.cadre.graph.TeamPattern;
import dev.cadre.team.ChatGraph;
import java.util.List;

/**
 * Checks a spec that has been read: what only a spec can get wrong (a termination that does not
 * parse), then the same {@link GraphRules} the DSL runs at {@code build()} and the processor at
 * compile time, on a graph whose origins are the spec's locations, so each rule's finding points at
 * its line.
 */
final class SpecChecker {

  private final List<SpecFinding> findings;

  SpecChecker(List<SpecFinding> findings) {
    this.findings = findings;
  }

  void check(TeamDef root) {
    checkTeam(root, root.name());
    for (Finding finding : GraphRules.standard().validate(graph(root))) {
      SpecLocation where =
          finding.origin() instanceof SpecLocation location ? location : root.where();
      findings.add(new SpecFinding(finding.tag(), finding.message(), where, finding.isError()));
    }
  }

  private void checkTeam(TeamDef team, String path) {
    if (team.termination() != null) {
      try {
        TerminationParser.parse(team.termination());
      } catch (TerminationParser.Problem problem) {
        error(
            "Cadre/SpecTermination",
            team.where(),
            path
                + ".termination '"
                + team.termination()
                + "': "
                + problem.getMessage()
                + " (at character "
                + (problem.at + 1)
                + ")");
      }
    }
    for (ParticipantDef participant : team.participants()) {
      String inner = path + " > " + participant.name();
      if (participant instanceof TeamDef nested) {
        checkTeam(nested, inner);
      }
    }
  }

  /** The team as the graph rules see it, each part's origin its location in the spec. */
  static AgentGraph graph(TeamDef team) {
    AgentGraph.Builder graph =
        AgentGraph.builder(team.name() == null ? "" : team.name())
            .pattern(team.pattern() == null ? TeamPattern.ROUND_ROBIN : team.pattern())
            .terminationSet(team.termination() != null)
            .maxTurns(team.maxTurns())
            .origin(team.where());
    team.endsOnHandoffTo().forEach(graph::terminalHandoff);
    for (ParticipantDef participant : team.participants()) {
      if (participant instanceof TeamDef nested) {
        graph.participant(
            Participant.team(graph(nested))
                .description(nested.description())
                .origin(nested.where())
                .build());
      } else if (participant instanceof AgentDef agent) {
        graph.participant(
            Participant.agent(agent.name() == null ? "" : agent.name())
                // A remote agent without one takes its card's description when it is built.
                .description(
                    agent.description() == null && agent.a2a() != null
                        ? "(from its A2A agent card)"
                        : agent.description())
                .handoffs(agent.handoffs().stream().map(AgentDef.HandoffDef::target).toList())
                .origin(agent.where())
                .build());
      }
    }
    team.entries().forEach(graph::entryPoint);
    for (EdgeDef edge : team.edges()) {
      Edge described = SpecBuilder.chatEdge(edge).described();
      graph.edge(
          new Edge(
              described.from(),
              described.to(),
              described.conditional(),
              described.condition(),
              described.maxTraversals(),
              described.activationGroup(),
              described.activation(),
              edge.where()));
    }
    team.joins().forEach(graph::join);
    return graph.build();
  }

  private void error(String tag, SpecLocation where, String message) {
    findings.add(new SpecFinding(tag, message, where, true));
  }

  static ChatGraph.Join join(dev.cadre.graph.JoinMode mode) {
    return mode == dev.cadre.graph.JoinMode.ANY ? ChatGraph.Join.ANY : ChatGraph.Join.ALL;
  }
}
