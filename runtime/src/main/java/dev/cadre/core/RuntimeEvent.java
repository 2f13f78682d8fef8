package dev.cadre.core;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * Something a runtime reports to its {@link RuntimeListener}s. Plain data that serialises to JSON
 * (with an {@code "event"} field), so a distributed runtime can forward it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
  @JsonSubTypes.Type(value = RuntimeEvent.AgentFailed.class, name = "agent_failed"),
  @JsonSubTypes.Type(value = RuntimeEvent.MessageDropped.class, name = "message_dropped")
})
public sealed interface RuntimeEvent {

  /**
   * A message could not be handled: no factory for the agent's type, the factory failed, or the
   * handler threw. Emitted for publishes (where nobody else would hear of it) and for sends (whose
   * future also fails), so one listener sees every failure. Cancellation is not a failure.
   *
   * @param agent the agent that was to handle the message
   * @param topic the topic for a publish; null for a send
   * @param messageType the message's class name
   * @param error what went wrong, naming the agent and the cause
   * @param messageId the id from the {@link MessageContext}
   */
  record AgentFailed(
      AgentId agent, TopicId topic, String messageType, String error, String messageId)
      implements RuntimeEvent {
    /** Checks the required components. */
    public AgentFailed {
      Objects.requireNonNull(agent, "agent");
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * An {@link InterventionHandler} returned {@link InterventionHandler#DROP}.
   *
   * @param stage which hook dropped it
   * @param sender who sent it: for {@link Stage#RESPONSE}, the agent that replied; may be null
   * @param recipient who would have received it: the send's recipient, or for a response the
   *     original sender; null for a publish
   * @param topic the topic for a publish; otherwise null
   * @param messageType the dropped message's class name (null for a null reply)
   * @param messageId the id from the {@link MessageContext}
   * @param handler the class name of the intervention handler that dropped it
   */
  record MessageDropped(
      Stage stage,
      AgentId sender,
      AgentId recipient,
      TopicId topic,
      String messageType,
      String messageId,
      String handler)
      implements RuntimeEvent {
    /** Checks the required components. */
    public MessageDropped {
      Objects.requireNonNull(stage, "stage");
    }
  }

  /** The intervention hook that saw a message. */
  enum Stage {
    /** A send to an agent. */
    SEND,
    /** A publish to a topic. */
    PUBLISH,
    /** A reply to a send. */
    RESPONSE
  }
}
