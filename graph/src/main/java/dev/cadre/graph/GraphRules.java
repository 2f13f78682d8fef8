package dev.cadre.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Runs every rule over a team and its nested teams and returns every finding. The DSL calls {@link
 * #requireValid} at {@code build()}; the annotation processor calls {@link #validate} and reports
 * each finding on its origin.
 *
 * <p>Findings come in a fixed order: errors before warnings; within each, the team before its
 * nested teams (depth first, in participant order), then rule by rule in {@link #rules()} order,
 * then in declaration order of what each rule looks at.
 */
public final class GraphRules {

  private static final GraphRules STANDARD = new GraphRules(Rules.standard());

  private final List<Rule> rules;

  private GraphRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The standard rule set; see {@link Rules}. */
  public static GraphRules standard() {
    return STANDARD;
  }

  /** A rule set of {@code rules}, run in the given order. */
  public static GraphRules of(List<Rule> rules) {
    return new GraphRules(rules);
  }

  /** The rules, in the order they run. */
  public List<Rule> rules() {
    return rules;
  }

  /** Every finding about {@code graph} and its nested teams; empty when all is well. */
  public List<Finding> validate(AgentGraph graph) {
    Objects.requireNonNull(graph, "graph");
    List<Finding> findings = new ArrayList<>();
    check(graph, List.of(graph.name()), findings);
    findings.sort(Comparator.comparing(Finding::severity)); // stable: keeps the order above
    return List.copyOf(findings);
  }

  /**
   * Validates {@code graph} and throws when any finding is an error.
   *
   * @return the warnings, when there is no error
   * @throws GraphValidationException holding every finding, warnings included
   */
  public List<Finding> requireValid(AgentGraph graph) {
    List<Finding> findings = validate(graph);
    if (findings.stream().anyMatch(Finding::isError)) {
      throw new GraphValidationException(graph.name(), findings);
    }
    return findings;
  }

  private void check(AgentGraph graph, List<String> path, List<Finding> findings) {
    for (Rule rule : rules) {
      rule.check(graph, new Reporter(rule.tag(), path, findings));
    }
    for (Participant participant : graph.participants()) {
      if (participant.team() != null) {
        List<String> inner = new ArrayList<>(path);
        inner.add(participant.name());
        check(participant.team(), inner, findings);
      }
    }
  }
}
