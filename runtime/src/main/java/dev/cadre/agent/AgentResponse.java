package dev.cadre.agent;

import dev.cadre.model.Usage;
import java.util.List;
import java.util.Objects;

/**
 * What one turn of an agent produced.
 *
 * @param message the answer that goes into the conversation
 * @param events everything reported on the way, in order, the final {@link AgentEvent.Answered}
 *     included
 * @param usage the tokens of every model call of the turn
 * @param value the parsed structured output when the agent has an output type, else null
 */
public record AgentResponse(
    AgentMessage message, List<AgentEvent> events, Usage usage, Object value) {

  /** Checks and copies the components. */
  public AgentResponse {
    Objects.requireNonNull(message, "message");
    events = List.copyOf(events);
    Objects.requireNonNull(usage, "usage");
  }

  /** The answer as text. */
  public String text() {
    return message.content();
  }

  /** The structured output, checked against the type the caller expects. */
  public <T> T value(Class<T> type) {
    if (value == null) {
      throw new IllegalStateException(
          "agent '" + message.source() + "' answered without structured output: " + text());
    }
    return type.cast(value);
  }

  /** Whether the agent handed the conversation to another agent. */
  public boolean isHandoff() {
    return message instanceof AgentMessage.Handoff;
  }
}
