package dev.cadre.team;

import java.util.Objects;

/**
 * Why a team's run stopped: what kind of stop it was, what stopped it, and the text that says so.
 * The texts the team writes itself are the constants below, worded as AutoGen words them; a
 * termination condition's text is the condition's own.
 *
 * @param kind what kind of stop it was
 * @param source what stopped it: the termination condition, as it describes itself ({@code
 *     toString()}); the participant that failed ({@code "selector"} or {@code "termination"} when
 *     choosing a speaker or checking the condition failed; {@code "team/participant"} inside a team
 *     that takes part); the agent that asked a person; or null for the team's own reasons
 * @param text the stop reason as a person reads it; for {@link Kind#FAILED}, the exception's type
 *     and message
 */
public record StopReason(Kind kind, String source, String text) {

  /** The text when a run reached its team's {@code maxTurns}: {@code %d} is the bound. */
  public static final String MAX_TURNS = "Maximum number of turns %d reached.";

  /**
   * The text when a run starts while the team's termination condition has fired and was not reset
   * since: someone else checked it (a condition shared with another team, say).
   */
  public static final String ALREADY_TERMINATED = "The group chat has already terminated.";

  /** The text when the speaker selector chose nobody and said nothing of why. */
  public static final String NO_SPEAKER = "no participant is left to speak";

  /** The kinds of stop. */
  public enum Kind {
    /** The termination condition fired. */
    CONDITION,
    /** The run took {@code maxTurns} turns since the team last stopped. */
    MAX_TURNS,
    /** The pattern has no one left to speak: a graph that ran to its end. */
    COMPLETE,
    /** The termination condition had fired before the run started; nothing ran. */
    ALREADY_TERMINATED,
    /**
     * A participant, the speaker selector or the termination condition threw. A result with this
     * stop is only ever the partial result of a {@link TeamRunException}.
     */
    FAILED,
    /** A durable run paused for a person's answer. */
    WAITING
  }

  /** Checks the components. */
  public StopReason {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(text, "text");
  }

  /** The condition {@code condition} fired, saying {@code text}. */
  public static StopReason condition(TerminationCondition condition, String text) {
    return new StopReason(Kind.CONDITION, String.valueOf(condition), text);
  }

  /** The run reached {@code maxTurns}: {@link #MAX_TURNS}. */
  public static StopReason maxTurns(int maxTurns) {
    return new StopReason(Kind.MAX_TURNS, null, String.format(MAX_TURNS, maxTurns));
  }

  /** The condition had fired before the run: {@link #ALREADY_TERMINATED}. */
  public static StopReason alreadyTerminated() {
    return new StopReason(Kind.ALREADY_TERMINATED, null, ALREADY_TERMINATED);
  }

  /**
   * The pattern has no one left to speak.
   *
   * @param source what says so (the selector), or null
   * @param text how it says so, such as a graph's completion text
   */
  public static StopReason complete(String source, String text) {
    return new StopReason(Kind.COMPLETE, source, text);
  }

  /**
   * {@code participant} threw.
   *
   * @param error the exception's type and message
   */
  public static StopReason failed(String participant, String error) {
    return new StopReason(Kind.FAILED, Objects.requireNonNull(participant, "participant"), error);
  }

  /**
   * Whether the run ended its stretch of the conversation, so the team resets its termination
   * condition and its count of turns: a condition, {@code maxTurns} or a finished pattern. A
   * failure, a cancellation or a pause leaves them as they were, for the run that continues.
   */
  boolean endsStretch() {
    return kind == Kind.CONDITION || kind == Kind.MAX_TURNS || kind == Kind.COMPLETE;
  }

  @Override
  public String toString() {
    return kind + (source == null ? "" : " (" + source + ")") + ": " + text;
  }
}
