package dev.cadre.team;

import java.util.Objects;

/**
 * A team's run failed: a participant threw, or choosing a speaker or checking the termination
 * condition did. {@link Team#run} throws it, {@link Team#runAsync} completes with it and {@link
 * Team#stream} ends with it, after every event of the run. The team stays usable: the failed turn
 * was not added, and {@link Team#run()} continues the conversation.
 */
public final class TeamRunException extends RuntimeException {

  /** The team whose run failed. */
  private final String team;
  /** The participant that failed. */
  private final String participant;
  private final transient TaskResult partialResult;

  /**
   * @param partialResult the run so far; its stop is of kind {@link StopReason.Kind#FAILED}
   * @param cause what the participant threw, when the run's manager ran in this process (on a
   *     distributed runtime, a {@link dev.cadre.core.RemoteCause} when the participant ran in
   *     another); else null (the message holds its type and text)
   */
  public TeamRunException(String team, TaskResult partialResult, Throwable cause) {
    super(message(team, partialResult), cause);
    this.team = team;
    this.partialResult = Objects.requireNonNull(partialResult, "partialResult");
    this.participant = partialResult.stop().source();
  }

  private static String message(String team, TaskResult partial) {
    StopReason stop = partial.stop();
    if (stop.kind() != StopReason.Kind.FAILED) {
      throw new IllegalArgumentException("a failed run's result stops FAILED, not " + stop);
    }
    return "team '" + team + "' failed: '" + stop.source() + "' threw " + stop.text();
  }

  /** The team whose run failed. */
  public String team() {
    return team;
  }

  /**
   * What failed: a participant's name; {@code "selector"} or {@code "termination"}; {@code
   * "inner/agent"} for a participant of a team that took part in this one.
   */
  public String participant() {
    return participant;
  }

  /**
   * The run until it failed: every message and event so far (the failed turn added nothing, but a
   * team that took part keeps what its participants said before one failed).
   */
  public TaskResult partialResult() {
    return partialResult;
  }
}
