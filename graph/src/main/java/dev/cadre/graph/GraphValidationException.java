package dev.cadre.graph;

import java.util.List;

/** Thrown when a team has errors; holds every finding, so that all can be fixed in one go. */
public final class GraphValidationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The team that failed validation (kept in the serialized form; the findings are not). */
  private final String team;
  private final transient List<Finding> findings;

  /** A failure of team {@code team} with its {@code findings}, listed in the message. */
  public GraphValidationException(String team, List<Finding> findings) {
    super(message(team, findings));
    this.team = team;
    this.findings = List.copyOf(findings);
  }

  /** The name of the team that failed validation. */
  public String team() {
    return team;
  }

  /** Every finding, errors first, in the order {@link GraphRules#validate} returns them. */
  public List<Finding> findings() {
    return findings;
  }

  private static String message(String team, List<Finding> findings) {
    StringBuilder text = new StringBuilder("team '").append(team).append("' has ");
    text.append(findings.size()).append(findings.size() == 1 ? " problem:" : " problems:");
    for (Finding finding : findings) {
      text.append("\n  ").append(finding);
    }
    return text.toString();
  }
}
