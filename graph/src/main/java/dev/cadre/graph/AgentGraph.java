package dev.cadre.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The shape of one team, as the DSL or the annotation processor declares it: participants, pattern,
 * edges, entry points, joins and termination facts. It records what was declared, mistakes
 * included, so that {@link GraphRules} can report every problem at once; it never rejects a mistake
 * itself.
 */
public final class AgentGraph {

  private final String name;
  private final TeamPattern pattern;
  private final List<Participant> participants;
  private final List<Edge> edges;
  private final List<String> entryPoints;
  private final Map<String, JoinMode> joins;
  private final boolean terminationSet;
  private final Integer maxTurns;
  private final Set<String> terminalHandoffs;
  private final Object origin;
  private final List<Bound> bounds;
  private final Topology topology;

  private AgentGraph(Builder builder) {
    this.name = Objects.requireNonNull(builder.name, "name");
    this.pattern = Objects.requireNonNull(builder.pattern, "pattern");
    this.participants = List.copyOf(builder.participants);
    this.edges = List.copyOf(builder.edges);
    this.entryPoints = List.copyOf(builder.entryPoints);
    this.joins = Collections.unmodifiableMap(new LinkedHashMap<>(builder.joins));
    this.terminationSet = builder.terminationSet;
    this.maxTurns = builder.maxTurns;
    this.terminalHandoffs =
        Collections.unmodifiableSet(new LinkedHashSet<>(builder.terminalHandoffs));
    this.origin = builder.origin;
    this.bounds = List.copyOf(builder.bounds);
    this.topology = new Topology(this);
  }

  /** Starts a team named {@code name}; the pattern defaults to {@link TeamPattern#ROUND_ROBIN}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The team's name. */
  public String name() {
    return name;
  }

  /** How the team picks its speakers. */
  public TeamPattern pattern() {
    return pattern;
  }

  /** The participants in declaration order; for round robin and swarm that is speaking order. */
  public List<Participant> participants() {
    return participants;
  }

  /** The declared edges, in declaration order; only {@link TeamPattern#GRAPH} uses them. */
  public List<Edge> edges() {
    return edges;
  }

  /** The entry points as declared: none, one, or several (which then start in parallel). */
  public List<String> entryPoints() {
    return entryPoints;
  }

  /** Join modes set per node; a fan-in node not listed joins with {@link JoinMode#ALL}. */
  public Map<String, JoinMode> joins() {
    return joins;
  }

  /** The join mode of {@code node}. */
  public JoinMode joinMode(String node) {
    return joins.getOrDefault(node, JoinMode.ALL);
  }

  /** Whether a termination condition is set. */
  public boolean terminationSet() {
    return terminationSet;
  }

  /** The turn limit, or {@code null} when there is none. */
  public Integer maxTurns() {
    return maxTurns;
  }

  /**
   * Handoff targets that are not participants but end the run, such as {@code "user"} when a
   * handoff termination waits for a handoff to the user.
   */
  public Set<String> terminalHandoffs() {
    return terminalHandoffs;
  }

  /** What a finding about the whole team points at (the processor's element), or {@code null}. */
  public Object origin() {
    return origin;
  }

  /**
   * The nodes a {@link TeamPattern#GRAPH} run starts with: the declared entry points that are
   * participants, or, when none is declared, the participants without incoming edges.
   */
  public List<String> startNodes() {
    return topology.startNodes();
  }

  /**
   * The edges that close a loop: those a depth-first walk from the start nodes, following edges and
   * participants in declaration order, finds leading back to a node on its current path. A join
   * waits only on the other, forward edges.
   */
  public List<Edge> backEdges() {
    return topology.backEdges();
  }

  /** Whether following the edges can lead back to a node already visited. */
  public boolean hasCycle() {
    return !topology.cycles(edge -> true).isEmpty();
  }

  /** The pattern's own bounds (an orchestrator's stalls and re-plans...), each at least 1. */
  public List<Bound> bounds() {
    return bounds;
  }

  /**
   * A bound a pattern declares, such as {@code maxStalls}: {@link Rules.InvalidBound} reports one
   * below 1.
   *
   * @param name the bound's name as the user wrote it, e.g. {@code maxStalls}
   * @param value its value
   * @param origin what a finding about it points at, or {@code null} for the team's origin
   */
  public record Bound(String name, int value, Object origin) {
    /** Checks the name. */
    public Bound {
      Objects.requireNonNull(name, "name");
    }
  }

  Topology topology() {
    return topology;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AgentGraph that
        && name.equals(that.name)
        && pattern == that.pattern
        && participants.equals(that.participants)
        && edges.equals(that.edges)
        && entryPoints.equals(that.entryPoints)
        && joins.equals(that.joins)
        && terminationSet == that.terminationSet
        && Objects.equals(maxTurns, that.maxTurns)
        && terminalHandoffs.equals(that.terminalHandoffs)
        && bounds.equals(that.bounds)
        && Objects.equals(origin, that.origin);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, pattern, participants, edges, entryPoints, joins, maxTurns);
  }

  @Override
  public String toString() {
    return "AgentGraph[" + name + ", " + pattern + ", " + participants.size() + " participants]";
  }

  /** Builds an {@link AgentGraph}. */
  public static final class Builder {
    private final String name;
    private TeamPattern pattern = TeamPattern.ROUND_ROBIN;
    private final List<Participant> participants = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<String> entryPoints = new ArrayList<>();
    private final Map<String, JoinMode> joins = new LinkedHashMap<>();
    private boolean terminationSet;
    private Integer maxTurns;
    private final Set<String> terminalHandoffs = new LinkedHashSet<>();
    private Object origin;
    private final List<Bound> bounds = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Sets how the team picks its speakers. */
    public Builder pattern(TeamPattern pattern) {
      this.pattern = pattern;
      return this;
    }

    /** Adds a participant: an agent or a nested team. */
    public Builder participant(Participant participant) {
      participants.add(Objects.requireNonNull(participant, "participant"));
      return this;
    }

    /** Adds an agent with no description and no handoffs. */
    public Builder agent(String name) {
      return participant(Participant.agent(name).build());
    }

    /** Adds an agent with a description and no handoffs. */
    public Builder agent(String name, String description) {
      return participant(Participant.agent(name).description(description).build());
    }

    /** Adds a nested team whose graph is known. */
    public Builder team(AgentGraph team) {
      return participant(Participant.team(team).build());
    }

    /** Adds an edge; only {@link TeamPattern#GRAPH} uses edges. */
    public Builder edge(Edge edge) {
      edges.add(Objects.requireNonNull(edge, "edge"));
      return this;
    }

    /** Adds an unconditional edge. */
    public Builder edge(String from, String to) {
      return edge(Edge.of(from, to));
    }

    /** Adds a conditional edge. */
    public Builder edge(String from, String to, String condition) {
      return edge(Edge.when(from, to, condition));
    }

    /** Declares an entry point; declare several to start them in parallel. */
    public Builder entryPoint(String node) {
      entryPoints.add(Objects.requireNonNull(node, "node"));
      return this;
    }

    /**
     * Sets how {@code node} waits for its incoming edges; a node not set joins with {@link
     * JoinMode#ALL}.
     */
    public Builder join(String node, JoinMode mode) {
      joins.put(Objects.requireNonNull(node, "node"), Objects.requireNonNull(mode, "mode"));
      return this;
    }

    /** Records whether a termination condition is set. */
    public Builder terminationSet(boolean terminationSet) {
      this.terminationSet = terminationSet;
      return this;
    }

    /** Sets the turn limit; {@code null} for none. */
    public Builder maxTurns(Integer maxTurns) {
      this.maxTurns = maxTurns;
      return this;
    }

    /**
     * Declares handoff targets outside the team that end the run (see {@link
     * AgentGraph#terminalHandoffs()}).
     */
    public Builder terminalHandoff(String target) {
      terminalHandoffs.add(Objects.requireNonNull(target, "target"));
      return this;
    }

    /** Sets what a finding about the whole team points at (see {@link AgentGraph#origin()}). */
    public Builder origin(Object origin) {
      this.origin = origin;
      return this;
    }

    /** Declares a bound of the pattern's own; see {@link Bound}. */
    public Builder bound(String name, int value, Object origin) {
      bounds.add(new Bound(name, value, origin));
      return this;
    }

    /** Builds the graph, mistakes included: {@link GraphRules} reports them. */
    public AgentGraph build() {
      return new AgentGraph(this);
    }
  }
}
