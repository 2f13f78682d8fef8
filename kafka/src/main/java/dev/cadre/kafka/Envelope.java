package dev.cadre.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.AgentId;
import dev.cadre.core.TopicId;

/**
 * One record on a Cadre topic, as JSON: a message or a control message for an agent, a reply, or a
 * cancellation.
 *
 * @param kind what the record is
 * @param id the message id: of the message itself, or (reply, cancel) of the message it concerns
 * @param correlation for a send (or a control message), its reply and its cancellation: unique per
 *     send call, so a reply
 *     reaches the one call that waits for it even when a message is sent again under its old id
 * @param recipient the agent a message or cancellation is for; for a reply, the agent replying
 * @param sender who sent or published the message; null from outside any agent
 * @param topic the topic of a publish
 * @param replyTo the process a send's reply goes to
 * @param replyPartition the partition of the replies topic that process reads
 * @param messageType the class name of the message (for a reply, of the message replied to)
 * @param body the message or reply value, as {@link MessageCodec} writes it; null for null
 * @param failure why a send failed, for a failed reply
 */
record Envelope(
    Kind kind,
    String id,
    String correlation,
    AgentId recipient,
    AgentId sender,
    TopicId topic,
    String replyTo,
    Integer replyPartition,
    String messageType,
    JsonNode body,
    Failure failure) {

  enum Kind {
    SEND,
    PUBLISH,
    CANCEL,
    REPLY,
    /** A control message: handled at once, beside the agent's messages, and not remembered. */
    CONTROL
  }

  /** Whether the sender waits for a reply. */
  boolean rpc() {
    return kind == Kind.SEND || kind == Kind.CONTROL;
  }

  /**
   * Why a send failed, as its caller's process rebuilds it.
   *
   * @param kind {@code agent} (an {@link dev.cadre.core.AgentException}), {@code dropped} (a
   *     {@link dev.cadre.core.MessageDroppedException}), {@code closed} (an {@link
   *     IllegalStateException}) or {@code error} (the exception named by causeClass)
   * @param message the exception's message
   * @param causeClass the class name of the original exception (for {@code agent}: of its cause)
   * @param causeMessage that exception's message
   */
  record Failure(String kind, String message, String causeClass, String causeMessage) {}
}
