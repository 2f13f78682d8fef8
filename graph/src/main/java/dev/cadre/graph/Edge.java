package dev.cadre.graph;

import java.util.Objects;

/**
 * A directed edge of a {@link TeamPattern#GRAPH} team: after {@code from} speaks, {@code to} may
 * speak. Whether an edge closes a loop is derived from the graph ({@link AgentGraph#backEdges()}),
 * never declared.
 *
 * @param from the speaker the edge leaves
 * @param to the speaker the edge leads to
 * @param conditional whether the edge is followed only when its condition holds
 * @param condition a human description of the condition (e.g. {@code "changes requested"}), or
 *     {@code null}; meaningful only when {@code conditional}
 * @param maxTraversals how often the edge may be followed in one pass through the graph, or {@code
 *     null} for no bound
 * @param activationGroup the activation group of the edges into {@code to} it belongs to, or {@code
 *     null} for the default: the target's name, or a group of its own for an edge that closes a
 *     loop
 * @param activation how its group activates, or {@code null} for the target's {@linkplain
 *     AgentGraph#joinMode(String) join mode}; the edges of a group must agree
 * @param origin what a finding about this edge points at (the processor's element), or {@code null}
 */
public record Edge(
    String from,
    String to,
    boolean conditional,
    String condition,
    Integer maxTraversals,
    String activationGroup,
    JoinMode activation,
    Object origin) {

  /** Checks that both ends are named. */
  public Edge {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  /** An unconditional, unbounded edge. */
  public static Edge of(String from, String to) {
    return new Edge(from, to, false, null, null, null, null, null);
  }

  /** A conditional edge, with a description of its condition. */
  public static Edge when(String from, String to, String condition) {
    return new Edge(from, to, true, condition, null, null, null, null);
  }

  /** Starts an edge with more options. */
  public static Builder builder(String from, String to) {
    return new Builder(from, to);
  }

  /** Whether the edge may be followed without limit: neither conditional nor bounded. */
  boolean unguarded() {
    return !conditional && maxTraversals == null;
  }

  /** {@code from -> to}, as messages print it. */
  public String label() {
    return from + " -> " + to;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(label());
    if (conditional) {
      text.append(condition == null ? " (conditional)" : " (when " + condition + ")");
    }
    if (maxTraversals != null) {
      text.append(" (at most ").append(maxTraversals).append(" times)");
    }
    if (activationGroup != null) {
      text.append(" (group '").append(activationGroup).append("')");
    }
    if (activation != null) {
      text.append(" (activates on ").append(activation).append(')');
    }
    return text.toString();
  }

  /** Builds an {@link Edge}. */
  public static final class Builder {
    private final String from;
    private final String to;
    private boolean conditional;
    private String condition;
    private Integer maxTraversals;
    private String activationGroup;
    private JoinMode activation;
    private Object origin;

    private Builder(String from, String to) {
      this.from = from;
      this.to = to;
    }

    /** Makes the edge conditional, without a description of the condition. */
    public Builder conditional() {
      this.conditional = true;
      return this;
    }

    /** Makes the edge conditional, described for people. */
    public Builder when(String condition) {
      this.conditional = true;
      this.condition = condition;
      return this;
    }

    /**
     * Bounds how often the edge may be followed in one pass through the graph; {@code null} for no
     * bound.
     */
    public Builder maxTraversals(Integer maxTraversals) {
      this.maxTraversals = maxTraversals;
      return this;
    }

    /** Puts the edge in a named activation group of the edges into its target. */
    public Builder activationGroup(String activationGroup) {
      this.activationGroup = activationGroup;
      return this;
    }

    /** How the edge's activation group activates: once all its parents have, or any one. */
    public Builder activation(JoinMode activation) {
      this.activation = activation;
      return this;
    }

    /** Sets what a finding about this edge points at (see {@link Edge#origin()}). */
    public Builder origin(Object origin) {
      this.origin = origin;
      return this;
    }

    /** Builds the edge. */
    public Edge build() {
      return new Edge(
          from, to, conditional, condition, maxTraversals, activationGroup, activation, origin);
    }
  }
}
