package dev.cadre.team;

import dev.cadre.agent.AgentMessage;
import dev.cadre.graph.AgentGraph;
import dev.cadre.graph.JoinMode;
import dev.cadre.graph.TeamPattern;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The shape of a graph team: which participants (nodes) run after which (edges), under which
 * conditions, where the run starts, and how a node with several parents waits for them. Immutable;
 * built with {@link #builder()}. {@link GraphFlow} runs it.
 *
 * <p>The builder checks only that the graph hangs together (every name an edge or entry uses is a
 * node, there is an entry, no edge is declared twice, the edges of an activation group agree on how
 * it activates). Whether it is a good graph (every node reachable, every cycle with an exit or a
 * bound) is the DSL's validator's business.
 *
 * <p>An edge's source and target are each other's parent and child. The edges into a node fall into
 * <em>activation groups</em>, as in AutoGen's graph: an edge's {@linkplain
 * Edge#activationGroup(String) group} is the one it names, or by default the target's name, so
 * that all the edges into a node form one group. Each group activates {@linkplain Join#ALL once
 * all its parents} or {@linkplain Join#ANY once any one} has activated its edge, and a node is
 * ready when one of its groups is. An edge that closes a cycle (a <em>back edge</em>: found by a
 * depth-first search from the entries, nodes and edges taken in declaration order; see {@link
 * #closesCycle(Edge)}) and names no group forms a group of its own, so a loop's head runs when the
 * loop comes round whatever its forward parents do (AutoGen puts it in the target's group, where
 * the head would wait for ever).
 */
public final class ChatGraph {

  /** How an activation group of the edges into a node decides the node may run. */
  public enum Join {
    /**
     * Once every parent in the group has activated its edge into the node since the node last ran
     * (a parent that activates twice first counts once).
     */
    ALL,
    /** As soon as any one edge of the group activates. */
    ANY
  }

  /**
   * A participant in the graph.
   *
   * @param name the participant's name
   * @param join how the activation groups of the edges into it activate, unless an edge says
   *     otherwise ({@link Edge#activation(Join)})
   */
  public record Node(String name, Join join) {
    /** Checks the components. */
    public Node {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(join, "join of node '" + name + "'");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a graph node's name must not be blank");
      }
    }
  }

  /**
   * When a conditional edge activates: a test on the message its source node just wrote.
   *
   * @param description what the test checks, in words, for errors and diagrams
   * @param test the test
   */
  public record Condition(String description, Predicate<AgentMessage> test) {
    /** Checks the components. */
    public Condition {
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(test, "test of condition '" + description + "'");
    }

    /** The source's message content contains {@code keyword} (case-sensitive). */
    public static Condition contains(String keyword) {
      requireKeyword(keyword);
      return new Condition(
          "contains '" + keyword + "'", message -> message.content().contains(keyword));
    }

    /** The source's message content does not contain {@code keyword} (case-sensitive). */
    public static Condition notContains(String keyword) {
      requireKeyword(keyword);
      return new Condition(
          "does not contain '" + keyword + "'", message -> !message.content().contains(keyword));
    }

    /** Whether the condition holds for {@code message}. */
    public boolean holds(AgentMessage message) {
      return test.test(message);
    }

    private static void requireKeyword(String keyword) {
      Objects.requireNonNull(keyword, "keyword");
      if (keyword.isEmpty()) {
        throw new IllegalArgumentException(
            "an edge condition's keyword must not be empty: every message contains it");
      }
    }
  }

  /**
   * A directed edge: after {@code source} speaks, {@code target} may run.
   *
   * <p>Build one with {@link #of(String, String)} and refine it with {@link #when}, {@link
   * #whenContains}, {@link #whenNotContains}, {@link #maxTraversals(int)}, {@link
   * #activationGroup(String)} and {@link #activation(Join)}.
   *
   * @param source the node that speaks first
   * @param target the node that may run after it
   * @param condition null for a sequential edge, which always activates; otherwise the test on the
   *     source's message that must hold
   * @param maxTraversals the most times the edge activates in one pass through the graph (from its
   *     entries until no node is ready), so that a loop ends; 0 for no bound
   * @param activationGroup the activation group of the edges into {@code target} it belongs to;
   *     null for the default (see {@link ChatGraph})
   * @param activation how its group activates; null for the target node's {@link Node#join()}.
   *     Every edge of a group must agree
   */
  public record Edge(
      String source,
      String target,
      Condition condition,
      int maxTraversals,
      String activationGroup,
      Join activation) {

    /** An edge in the default activation group, activating as its target node's join says. */
    public Edge(String source, String target, Condition condition, int maxTraversals) {
      this(source, target, condition, maxTraversals, null, null);
    }

    /** Checks the components. */
    public Edge {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(target, "target");
      if (maxTraversals < 0) {
        throw new IllegalArgumentException(
            "edge '"
                + source
                + "' -> '"
                + target
                + "': maxTraversals must be at least 1, or 0 for no bound; was "
                + maxTraversals);
      }
    }

    /** A sequential (unconditional, unbounded) edge. */
    public static Edge of(String source, String target) {
      return new Edge(source, target, null, 0);
    }

    /** This edge, activating only when {@code predicate} holds for the source's message. */
    public Edge when(String description, Predicate<AgentMessage> predicate) {
      return withCondition(new Condition(description, predicate));
    }

    /** This edge, activating only when the source's message content contains {@code keyword}. */
    public Edge whenContains(String keyword) {
      return withCondition(Condition.contains(keyword));
    }

    /** This edge, activating only when the source's message content lacks {@code keyword}. */
    public Edge whenNotContains(String keyword) {
      return withCondition(Condition.notContains(keyword));
    }

    private Edge withCondition(Condition condition) {
      return new Edge(source, target, condition, maxTraversals, activationGroup, activation);
    }

    /**
     * This edge, in the activation group {@code group} of the edges into its target (AutoGen's
     * {@code activation_group}). Edges into one node in different groups wake it separately: a
     * loop's back edges, say, each in a group of its own beside the forward parents' group.
     */
    public Edge activationGroup(String group) {
      Objects.requireNonNull(group, "group");
      if (group.isBlank()) {
        throw new IllegalArgumentException(
            "edge '" + source + "' -> '" + target + "': an activation group needs a name");
      }
      return new Edge(source, target, condition, maxTraversals, group, activation);
    }

    /**
     * This edge, with its group activating on {@code join}: {@link Join#ALL} once every parent in
     * the group has activated, {@link Join#ANY} on the first (AutoGen's {@code
     * activation_condition}).
     */
    public Edge activation(Join join) {
      return new Edge(
          source, target, condition, maxTraversals, activationGroup, Objects.requireNonNull(join));
    }

    /** This edge, activating at most {@code times} times in one pass through the graph. */
    public Edge maxTraversals(int times) {
      if (times < 1) {
        throw new IllegalArgumentException(
            "edge '"
                + source
                + "' -> '"
                + target
                + "': maxTraversals must be at least 1, was "
                + times);
      }
      return new Edge(source, target, condition, times, activationGroup, activation);
    }

    /**
     * This edge as the graph rules see it ({@link dev.cadre.graph.Rules}): its ends, whether it is
     * conditional and on what, its bound and its activation group.
     */
    public dev.cadre.graph.Edge described() {
      dev.cadre.graph.Edge.Builder described = dev.cadre.graph.Edge.builder(source, target);
      if (condition != null) {
        described.when(condition.description());
      }
      if (maxTraversals > 0) {
        described.maxTraversals(maxTraversals);
      }
      return described
          .activationGroup(activationGroup)
          .activation(activation == null ? null : joinMode(activation))
          .build();
    }

    /** Whether the edge always activates (bounds aside). */
    public boolean sequential() {
      return condition == null;
    }

    /** Whether the edge activates for {@code message}, its source's latest message. */
    public boolean activatesOn(AgentMessage message) {
      return condition == null || condition.holds(message);
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(source).append(" -> ").append(target);
      if (condition != null) {
        text.append(" when ").append(condition.description());
      }
      if (maxTraversals > 0) {
        text.append(" at most ").append(maxTraversals).append(" times");
      }
      if (activationGroup != null) {
        text.append(" in group '").append(activationGroup).append('\'');
      }
      if (activation != null) {
        text.append(" activating on ").append(activation.name().toLowerCase(Locale.ROOT));
      }
      return text.toString();
    }
  }

  private final List<Node> nodes;
  private final Map<String, Node> byName;
  private final List<Edge> edges;
  private final List<String> entries;
  private final Map<String, List<Edge>> outgoing;
  private final Map<String, List<Edge>> incoming;
  private final Set<Edge> backEdges;

  private ChatGraph(Builder builder) {
    this.nodes = List.copyOf(builder.nodes.values());
    this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(builder.nodes));
    this.edges = List.copyOf(builder.edges);
    // Entries in node declaration order, so the first turn's order does not depend on call order.
    List<String> entryOrder = new ArrayList<>();
    for (Node node : nodes) {
      if (builder.entries.contains(node.name())) {
        entryOrder.add(node.name());
      }
    }
    this.entries = List.copyOf(entryOrder);
    Map<String, List<Edge>> out = new HashMap<>();
    Map<String, List<Edge>> in = new HashMap<>();
    for (Node node : nodes) {
      out.put(node.name(), new ArrayList<>());
      in.put(node.name(), new ArrayList<>());
    }
    for (Edge edge : edges) {
      out.get(edge.source()).add(edge);
      in.get(edge.target()).add(edge);
    }
    out.replaceAll((name, list) -> List.copyOf(list));
    in.replaceAll((name, list) -> List.copyOf(list));
    this.outgoing = Collections.unmodifiableMap(out);
    this.incoming = Collections.unmodifiableMap(in);
    this.backEdges = Collections.unmodifiableSet(findBackEdges());
  }

  /** Starts an empty graph. */
  public static Builder builder() {
    return new Builder();
  }

  /** The nodes in declaration order. */
  public List<Node> nodes() {
    return nodes;
  }

  /** The node called {@code name}, or null. */
  public Node node(String name) {
    return byName.get(name);
  }

  /** The edges in declaration order. */
  public List<Edge> edges() {
    return edges;
  }

  /** The nodes that speak first, in node declaration order. */
  public List<String> entries() {
    return entries;
  }

  /** The edges leaving {@code node}, in declaration order; empty for an unknown node. */
  public List<Edge> outgoing(String node) {
    return outgoing.getOrDefault(node, List.of());
  }

  /** The edges entering {@code node}, in declaration order; empty for an unknown node. */
  public List<Edge> incoming(String node) {
    return incoming.getOrDefault(node, List.of());
  }

  /**
   * Whether {@code edge} closes a cycle: its target is an ancestor of its source on the depth-first
   * search from the entries (then from any node the entries do not reach), nodes and edges in
   * declaration order. A self-loop closes a cycle.
   */
  public boolean closesCycle(Edge edge) {
    return backEdges.contains(edge);
  }

  /** Whether the graph has a cycle. */
  public boolean hasCycles() {
    return !backEdges.isEmpty();
  }

  /**
   * The activation group {@code edge} belongs to among the edges into its target: the one it names,
   * else the target's name; null for a back edge that names none, which is a group of its own.
   */
  public String activationGroupOf(Edge edge) {
    if (edge.activationGroup() != null) {
      return edge.activationGroup();
    }
    return closesCycle(edge) ? null : edge.target();
  }

  /** How the group of {@code edge} activates: as the edge says, else as its target node joins. */
  public Join activationOf(Edge edge) {
    return edge.activation() != null ? edge.activation() : byName.get(edge.target()).join();
  }

  /**
   * Checks that the edges of each activation group agree on how it activates.
   *
   * @throws IllegalStateException naming the node, the group and the two edges that disagree
   */
  private void requireAgreeingActivations() {
    for (Node node : nodes) {
      Map<String, Edge> firstOfGroup = new HashMap<>();
      for (Edge edge : incoming(node.name())) {
        String group = activationGroupOf(edge);
        if (group == null) {
          continue;
        }
        Edge first = firstOfGroup.putIfAbsent(group, edge);
        if (first != null && activationOf(first) != activationOf(edge)) {
          throw new IllegalStateException(
              "graph edges into '"
                  + node.name()
                  + "' disagree on how group '"
                  + group
                  + "' activates: '"
                  + activationOf(first).name().toLowerCase(Locale.ROOT)
                  + "' (from '"
                  + first.source()
                  + "') and '"
                  + activationOf(edge).name().toLowerCase(Locale.ROOT)
                  + "' (from '"
                  + edge.source()
                  + "'); give them one activation, or put them in different groups");
        }
      }
    }
  }

  /**
   * The graph as the graph rules see it ({@link dev.cadre.graph.GraphRules}), as the graph of team
   * {@code team}: its nodes as agents, entries, edges and joins.
   *
   * @param terminationSet whether the team has a termination condition
   * @param maxTurns the team's turn limit, or null for none
   */
  public AgentGraph described(String team, boolean terminationSet, Integer maxTurns) {
    AgentGraph.Builder shape =
        AgentGraph.builder(team)
            .pattern(TeamPattern.GRAPH)
            .terminationSet(terminationSet)
            .maxTurns(maxTurns);
    for (Node node : nodes) {
      shape.agent(node.name());
      if (node.join() != Join.ALL) {
        shape.join(node.name(), joinMode(node.join()));
      }
    }
    entries.forEach(shape::entryPoint);
    edges.forEach(edge -> shape.edge(edge.described()));
    return shape.build();
  }

  private static JoinMode joinMode(Join join) {
    return join == Join.ANY ? JoinMode.ANY : JoinMode.ALL;
  }

  /**
   * The edges that close a loop, found by the same walk the graph rules use ({@link
   * AgentGraph#backEdges()}): depth first from the entries, in declaration order.
   */
  private Set<Edge> findBackEdges() {
    Map<String, Edge> byEnds = new HashMap<>();
    for (Edge edge : edges) {
      byEnds.put(edge.source() + "\u0000" + edge.target(), edge);
    }
    Set<Edge> found = new HashSet<>();
    for (dev.cadre.graph.Edge back : described("graph", false, null).backEdges()) {
      found.add(byEnds.get(back.from() + "\u0000" + back.to()));
    }
    return found;
  }

  @Override
  public String toString() {
    return "ChatGraph[entries " + entries + ", edges " + edges + "]";
  }

  /** Declares nodes, edges and entries; {@link #build()} checks they fit together. */
  public static final class Builder {
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final Set<String> entries = new LinkedHashSet<>();

    private Builder() {}

    /** Adds a node that waits for all its parents ({@link Join#ALL}). */
    public Builder node(String name) {
      return node(name, Join.ALL);
    }

    /** Adds a node with the given join. */
    public Builder node(String name, Join join) {
      Node node = new Node(name, join);
      if (nodes.putIfAbsent(name, node) != null) {
        throw new IllegalArgumentException("graph node '" + name + "' is declared twice");
      }
      return this;
    }

    /** Declares {@code name} an entry: it speaks first. Call again for several entries. */
    public Builder entry(String name) {
      entries.add(Objects.requireNonNull(name, "entry"));
      return this;
    }

    /** Adds a sequential edge. */
    public Builder edge(String source, String target) {
      return edge(Edge.of(source, target));
    }

    /** Adds an edge. */
    public Builder edge(Edge edge) {
      edges.add(Objects.requireNonNull(edge, "edge"));
      return this;
    }

    /**
     * Checks the graph hangs together and builds it.
     *
     * @throws IllegalStateException naming the first problem found and how to mend it
     */
    public ChatGraph build() {
      if (nodes.isEmpty()) {
        throw new IllegalStateException(
            "the graph has no nodes: add one per participant with node(name)");
      }
      if (entries.isEmpty()) {
        throw new IllegalStateException(
            "the graph has no entry: call entry(name) with the node that speaks first, one of "
                + nodes.keySet());
      }
      for (String entry : entries) {
        if (!nodes.containsKey(entry)) {
          throw new IllegalStateException(
              "entry '"
                  + entry
                  + "' is not a node of the graph; declare it with node(\""
                  + entry
                  + "\") or use one of "
                  + nodes.keySet());
        }
      }
      Set<String> pairs = new HashSet<>();
      for (Edge edge : edges) {
        requireNode(edge, edge.source());
        requireNode(edge, edge.target());
        if (!pairs.add(edge.source() + "\u0000" + edge.target())) {
          throw new IllegalStateException(
              "edge '"
                  + edge.source()
                  + "' -> '"
                  + edge.target()
                  + "' is declared twice; combine the conditions into one edge");
        }
      }
      ChatGraph graph = new ChatGraph(this);
      graph.requireAgreeingActivations();
      return graph;
    }

    private void requireNode(Edge edge, String name) {
      if (!nodes.containsKey(name)) {
        throw new IllegalStateException(
            "edge "
                + edge
                + " names '"
                + name
                + "', which is not a node of the graph; declare it with node(\""
                + name
                + "\") or use one of "
                + nodes.keySet());
      }
    }
  }
}
