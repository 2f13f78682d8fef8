package dev.cadre.team;

import dev.cadre.agent.AgentMessage;
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
 */
public record TaskResult(
    List<AgentMessage> messages, String stopReason, Usage usage, Failure failure) {

  public TaskResult {
    messages = List.copyOf(messages);
    Objects.requireNonNull(stopReason, "stopReason");
    usage = usage == null ? Usage.ZERO : usage;
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
