package dev.cadre.team;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.Question;
import dev.cadre.model.Usage;
import java.util.List;
import java.util.Objects;

/**
 * How a team's run ended.
 *
 * @param messages the run's chat messages in order: the task, then every answer
 * @param stopReason why it stopped: the termination condition that fired (its own words), the
 *     maximum of turns, a graph with no node left to run, or the failure
 * @param usage the tokens of every model call of the run
 * @param failure the participant failure that ended the run, or null when it ended normally
 * @param waiting the question a durable run paused on, or null when the run ended: a {@link
 *     dev.cadre.agent.UserProxyAgent} with {@link dev.cadre.agent.HumanInput#pause()} input had
 *     its turn; the run is committed and {@link Team#resume(String, String)} continues it with the
 *     answer
 */
public record TaskResult(
    List<AgentMessage> messages,
    String stopReason,
    Usage usage,
    Failure failure,
    Question waiting) {

  /** A result of a run that ended (did not pause). */
  public TaskResult(List<AgentMessage> messages, String stopReason, Usage usage, Failure failure) {
    this(messages, stopReason, usage, failure, null);
  }

  public TaskResult {
    messages = List.copyOf(messages);
    Objects.requireNonNull(stopReason, "stopReason");
    usage = usage == null ? Usage.ZERO : usage;
  }

  /** Whether the run paused for a person's answer to {@link #waiting()} rather than ended. */
  public boolean paused() {
    return waiting != null;
  }

  /** Whether a participant failed and ended the run. */
  public boolean failed() {
    return failure != null;
  }

  /** The last message of the run, the natural answer to the task. */
  public AgentMessage lastMessage() {
    return messages.get(messages.size() - 1);
  }

  /**
   * A participant failed.
   *
   * @param agent the participant's name
   * @param error the exception's type and message
   */
  public record Failure(String agent, String error) {
    public Failure {
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(error, "error");
    }
  }
}
