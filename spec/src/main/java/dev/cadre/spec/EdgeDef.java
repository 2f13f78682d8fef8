package dev.cadre.spec;

import dev.cadre.graph.JoinMode;

/**
 * An edge of a graph team in a spec: after {@code from} speaks, {@code to} runs.
 *
 * @param from the node that speaks first
 * @param to the node that runs next
 * @param whenContains run only if {@code from}'s message contains this, or null
 * @param whenNotContains run only if {@code from}'s message lacks this, or null
 * @param maxTraversals the most times the edge activates in one pass, or null for no bound
 * @param activationGroup its activation group, or null
 * @param activation how its group activates, or null for the target's join
 * @param where where it is written, or null
 */
public record EdgeDef(
    String from,
    String to,
    String whenContains,
    String whenNotContains,
    Integer maxTraversals,
    String activationGroup,
    JoinMode activation,
    SpecLocation where) {}
