package dev.cadre.dsl;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.ChatAgent;
import dev.cadre.graph.AgentGraph;
import dev.cadre.graph.JoinMode;
import dev.cadre.graph.TeamPattern;
import dev.cadre.team.ChatGraph;
import dev.cadre.team.GraphFlow;
import dev.cadre.team.SpeakerSelector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Builds a team that runs as a directed graph of its participants: sequential and conditional
 * edges, fan-out branches that run at once, fan-in joins that wait for all or any of their
 * inputs (per node, or per activation group of edges: {@link ChatGraph.Edge#activationGroup}),
 * loops that exit on a condition or a bound, and a declared entry point.
 *
 * <pre>{@code
 * Cadre.graph("review")
 *     .participants(writer, reviewer, publisher)
 *     .entry("writer")
 *     .edge("writer", "reviewer")
 *     .edgeWhenContains("reviewer", "publisher", "APPROVE")
 *     .edgeWhenNotContains("reviewer", "writer", "APPROVE")
 *     .build();
 * }</pre>
 */
public final class GraphBuilder extends TeamBuilder<GraphBuilder> {

  private final List<String> entries = new ArrayList<>();
  private final List<ChatGraph.Edge> edges = new ArrayList<>();
  private final Map<String, ChatGraph.Join> joins = new LinkedHashMap<>();

  GraphBuilder(String name) {
    super(name, TeamPattern.GRAPH);
  }

  /** Where a run starts; declare several to start them at once. */
  public GraphBuilder entry(String participant) {
    entries.add(Objects.requireNonNull(participant, "participant"));
    return this;
  }

  /** After {@code from} speaks, {@code to} runs. */
  public GraphBuilder edge(String from, String to) {
    return edge(ChatGraph.Edge.of(from, to));
  }

  /** An edge refined with a condition or a bound ({@link ChatGraph.Edge}). */
  public GraphBuilder edge(ChatGraph.Edge edge) {
    edges.add(Objects.requireNonNull(edge, "edge"));
    return this;
  }

  /** After {@code from} speaks, {@code to} runs if {@code from}'s message contains the keyword. */
  public GraphBuilder edgeWhenContains(String from, String to, String keyword) {
    return edge(ChatGraph.Edge.of(from, to).whenContains(keyword));
  }

  /** After {@code from} speaks, {@code to} runs unless {@code from}'s message contains it. */
  public GraphBuilder edgeWhenNotContains(String from, String to, String keyword) {
    return edge(ChatGraph.Edge.of(from, to).whenNotContains(keyword));
  }

  /** After {@code from} speaks, {@code to} runs if the predicate holds for its message. */
  public GraphBuilder edgeWhen(
      String from, String to, String description, Predicate<AgentMessage> condition) {
    return edge(ChatGraph.Edge.of(from, to).when(description, condition));
  }

  /** How a node with several incoming edges waits: for all of them (the default) or any. */
  public GraphBuilder join(String participant, ChatGraph.Join join) {
    joins.put(Objects.requireNonNull(participant, "participant"), Objects.requireNonNull(join));
    return this;
  }

  @Override
  void describeShape(AgentGraph.Builder graph) {
    entries.forEach(graph::entryPoint);
    edges.forEach(edge -> graph.edge(edge.described()));
    joins.forEach(
        (node, join) -> graph.join(node, join == ChatGraph.Join.ANY ? JoinMode.ANY : JoinMode.ALL));
  }

  @Override
  SpeakerSelector selector(List<ChatAgent> participants) {
    ChatGraph.Builder graph = ChatGraph.builder();
    for (ChatAgent participant : participants) {
      graph.node(participant.name(), joins.getOrDefault(participant.name(), ChatGraph.Join.ALL));
    }
    if (entries.isEmpty()) {
      // The rules accepted the one participant without incoming edges as the implicit entry.
      participants.stream()
          .map(ChatAgent::name)
          .filter(name -> edges.stream().noneMatch(edge -> edge.target().equals(name)))
          .findFirst()
          .ifPresent(graph::entry);
    }
    entries.forEach(graph::entry);
    edges.forEach(graph::edge);
    return new GraphFlow(graph.build());
  }
}
