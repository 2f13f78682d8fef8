package dev.cadre.graph;

import java.util.List;

/** Where a {@link Rule} reports findings; it stamps them with the rule's tag and the team path. */
public final class Reporter {

  private final String tag;
  private final List<String> teamPath;
  private final List<Finding> sink;

  Reporter(String tag, List<String> teamPath, List<Finding> sink) {
    this.tag = tag;
    this.teamPath = List.copyOf(teamPath);
    this.sink = sink;
  }

  /** Reports a problem that makes the team unusable. */
  public void error(Object origin, String message) {
    report(Finding.Severity.ERROR, origin, message);
  }

  /** Reports a likely mistake that does not stop the team from running. */
  public void warning(Object origin, String message) {
    report(Finding.Severity.WARNING, origin, message);
  }

  private void report(Finding.Severity severity, Object origin, String message) {
    String text = teamPath.size() > 1 ? String.join(" > ", teamPath) + ": " + message : message;
    sink.add(new Finding(tag, severity, text, origin, teamPath));
  }
}
