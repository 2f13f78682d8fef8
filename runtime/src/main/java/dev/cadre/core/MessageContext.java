package dev.cadre.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Objects;

/**
 * What an agent may know about the message it is handling.
 *
 * <p>Serialises to JSON without the cancellation token: a token is a live object, not data. A
 * context read from JSON gets a fresh token that nobody cancels; a distributed runtime wires its
 * own.
 *
 * @param sender the agent that sent or published the message, or null when it came from outside
 * @param topic the topic it was published to, or null for a direct send
 * @param rpc true for a {@code send} (a reply is expected), false for a {@code publish}
 * @param messageId unique per send or publish, across runtimes and processes too; every recipient
 *     of one publish sees the same id
 * @param cancellation cancelled when the sender gives up or the runtime closes
 */
public record MessageContext(
    AgentId sender,
    TopicId topic,
    boolean rpc,
    String messageId,
    @JsonIgnore CancellationToken cancellation) {

  /** Checks the message id; a {@code null} cancellation is {@link CancellationToken#none()}. */
  public MessageContext {
    Objects.requireNonNull(messageId, "messageId");
    cancellation = cancellation == null ? CancellationToken.none() : cancellation;
  }
}
