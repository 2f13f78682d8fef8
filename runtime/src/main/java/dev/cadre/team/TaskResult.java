package dev.cadre.team;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.Question;
import dev.cadre.model.Usage;
import java.util.List;
import java.util.Objects;

/**
 * How a team's run ended. A run that returns its result has not failed: a failure is thrown as a
 * {@link TeamRunException}, which carries the partial result.
 *
 * @param messages the run's chat messages in order: the task (unless the run was asked to leave it
 *     out), then every answer; a team that takes part contributes each message of its inner run
 * @param timeline what AutoGen's {@code TaskResult.messages} holds, in order: the chat messages,
 *     the participants' tool calls and results, memory queries, questions to a person, approvals
 *     and a society-of-mind agent's inner messages, and, when the team {@linkplain
 *     TeamSpec#emitTeamEvents() emits team events}, each choice of speakers and each reply of a
 *     streaming selector's model. Never text chunks or usage. Within a turn of several speakers,
 *     in the order they were chosen
 * @param stop why it stopped
 * @param usage the tokens of every model call of the run
 * @param waiting the question a durable run paused on, or null when the run ended: a {@link
 *     dev.cadre.agent.UserProxyAgent} with {@link dev.cadre.agent.HumanInput#pause()} input had
 *     its turn; the run is committed and {@link Team#resume(String, String)} continues it with the
 *     answer
 */
public record TaskResult(
    List<AgentMessage> messages,
    List<TeamEvent> timeline,
    StopReason stop,
    Usage usage,
    Question waiting) {

  /** Checks and copies the components. */
  public TaskResult {
    messages = List.copyOf(messages);
    timeline = List.copyOf(timeline);
    Objects.requireNonNull(stop, "stop");
    usage = usage == null ? Usage.ZERO : usage;
  }

  /** The text of {@link #stop()}: why the run stopped, as a person reads it. */
  public String stopReason() {
    return stop.text();
  }

  /** The {@link #timeline()} without its chat messages: the events alone. */
  public List<TeamEvent> events() {
    return timeline.stream().filter(event -> !(event instanceof TeamEvent.Message)).toList();
  }

  /** Whether the run paused for a person's answer to {@link #waiting()} rather than ended. */
  public boolean paused() {
    return waiting != null;
  }

  /**
   * The last message of the run, the natural answer to the task.
   *
   * @throws IllegalStateException if the run added no message (it stopped before anyone spoke,
   *     and left its task out)
   */
  public AgentMessage lastMessage() {
    if (messages.isEmpty()) {
      throw new IllegalStateException("the run added no message; it stopped: " + stop.text());
    }
    return messages.get(messages.size() - 1);
  }
}
