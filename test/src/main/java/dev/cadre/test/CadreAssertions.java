package dev.cadre.test;

import dev.cadre.team.TaskResult;

/**
 * Entry points of the test kit's assertions, to import statically beside AssertJ's: {@code
 * assertThat(result).hasSpeakers("planner", "writer").hasStopReason("Text 'DONE' mentioned")}.
 */
public final class CadreAssertions {

  private CadreAssertions() {}

  /** Assertions on a run's result. */
  public static TaskResultAssert assertThat(TaskResult result) {
    return new TaskResultAssert(result, null);
  }

  /** Assertions on a captured run: its result, and its events for those that need them (cost). */
  public static TaskResultAssert assertThat(RunCapture run) {
    return new TaskResultAssert(run.result(), run.events());
  }
}
