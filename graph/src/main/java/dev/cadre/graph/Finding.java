package dev.cadre.graph;

import java.util.List;
import java.util.Objects;

/**
 * One problem a rule found in an {@link AgentGraph}.
 *
 * @param tag the rule's stable tag, e.g. {@code Cadre/UnknownHandoff}
 * @param severity whether the team must not be built ({@link Severity#ERROR}) or may be
 * @param message a plain sentence saying what is wrong, naming agents and paths, and how to mend
 *     it; for a nested team it starts with the team path, e.g. {@code outer > inner: }
 * @param origin the participant's, edge's or team's origin the finding is about; {@code null} when
 *     the model was built without origins (the DSL)
 * @param teamPath the names of the teams from the validated one down to the one the finding is in
 */
public record Finding(
    String tag, Severity severity, String message, Object origin, List<String> teamPath) {

  /** How serious a finding is. */
  public enum Severity {
    /** The team cannot work as declared; building it fails. */
    ERROR,
    /** The team works, but likely not as meant. */
    WARNING
  }

  /** Checks the required components and copies the team path. */
  public Finding {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    teamPath = List.copyOf(teamPath);
  }

  /** Whether the finding is an {@link Severity#ERROR}, which fails the build of the team. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code [Cadre/Tag] message}. */
  @Override
  public String toString() {
    return "[" + tag + "] " + message;
  }
}
