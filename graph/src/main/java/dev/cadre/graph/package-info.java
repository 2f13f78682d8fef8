/**
 * The agent-graph model of a team and the one rule set that validates it.
 *
 * <p>The fluent DSL builds an {@link dev.cadre.graph.AgentGraph} and runs {@link
 * dev.cadre.graph.GraphRules} at {@code build()}; the annotation processor builds the same
 * model from annotations and runs the same rules at compile time, reporting each {@link
 * dev.cadre.graph.Finding} on its {@code origin}. So this package depends on nothing but {@code
 * java.*}, and lives in a module of its own that the processor carries inside its jar.
 *
 * <p>As in Dagger's binding-graph validation, the whole team is modelled first, problems are
 * findings rather than exceptions, and every rule runs so that all problems are reported together.
 */
package dev.cadre.graph;
