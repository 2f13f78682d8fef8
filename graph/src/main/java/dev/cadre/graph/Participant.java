package dev.cadre.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One member of a team: an agent, or a nested team.
 *
 * @param name the name others use for it (handoffs, edges); becomes part of tool names
 * @param description what it does, for selector models; {@code null} when none is given
 * @param kind whether it is an agent or a nested team
 * @param handoffs the names it may hand off to, in declaration order
 * @param team the nested team's own graph when {@code kind} is {@link Kind#TEAM} and it is known,
 *     else {@code null}; its rules run too, and their findings name the path {@code outer > inner}
 * @param origin what a finding about this participant points at (the processor's element), or
 *     {@code null}
 */
public record Participant(
    String name,
    String description,
    Kind kind,
    List<String> handoffs,
    AgentGraph team,
    Object origin) {

  /** Whether a participant is a single agent or a whole team. */
  public enum Kind {
    /** A single agent. */
    AGENT,
    /** A nested team. */
    TEAM
  }

  /** Checks the components; a team graph is allowed only on a {@link Kind#TEAM}. */
  public Participant {
    Objects.requireNonNull(name, "name (use \"\" for a missing name, the rules report it)");
    Objects.requireNonNull(kind, "kind");
    handoffs = List.copyOf(Objects.requireNonNull(handoffs, "handoffs"));
    if (team != null && kind != Kind.TEAM) {
      throw new IllegalArgumentException("participant '" + name + "' has a team but kind " + kind);
    }
    if (team != null && !team.name().equals(name)) {
      throw new IllegalArgumentException(
          "participant '" + name + "' holds team '" + team.name() + "'; their names must match");
    }
  }

  /** Starts an agent participant. */
  public static Builder agent(String name) {
    return new Builder(name, Kind.AGENT);
  }

  /** Starts a nested-team participant whose graph is known; it takes the team's name. */
  public static Builder team(AgentGraph team) {
    Builder builder = new Builder(team.name(), Kind.TEAM);
    builder.team = team;
    return builder;
  }

  /** Starts a nested-team participant whose graph is not modelled. */
  public static Builder team(String name) {
    return new Builder(name, Kind.TEAM);
  }

  /** "Agent" or "Team", to start a sentence about this participant. */
  String noun() {
    return kind == Kind.AGENT ? "Agent" : "Team";
  }

  /** Builds a {@link Participant}. */
  public static final class Builder {
    private final String name;
    private final Kind kind;
    private String description;
    private final List<String> handoffs = new ArrayList<>();
    private AgentGraph team;
    private Object origin;

    private Builder(String name, Kind kind) {
      this.name = name;
      this.kind = kind;
    }

    /** Sets what it does, for selector models. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** Adds handoff targets. */
    public Builder handoffs(String... targets) {
      Collections.addAll(handoffs, targets);
      return this;
    }

    /** Adds handoff targets. */
    public Builder handoffs(List<String> targets) {
      handoffs.addAll(targets);
      return this;
    }

    /** Sets what a finding about this participant points at (see {@link Participant#origin()}). */
    public Builder origin(Object origin) {
      this.origin = origin;
      return this;
    }

    /** Builds the participant. */
    public Participant build() {
      return new Participant(name, description, kind, handoffs, team, origin);
    }
  }
}
