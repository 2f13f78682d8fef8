package dev.cadre.samples.readme;

import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import java.util.List;

/**
 * The README's example of a team's conversation across runs: a task, a run that continues without
 * one, a run that appends a new task, and a reset.
 */
public final class ContinuedConversation {

  private ContinuedConversation() {}

  /** Runs {@code team} as the README shows; returns the four results in order. */
  static List<TaskResult> converse(Team team) {
    // README:begin
    TaskResult first = team.run("Write a haiku about rain");
    TaskResult more = team.run(); // continue where the first run stopped
    TaskResult again = team.run("Make it shorter"); // append a task and continue
    team.reset(); // forget everything
    // README:end
    TaskResult fresh = team.run("Write a haiku about snow");
    return List.of(first, more, again, fresh);
  }
}
