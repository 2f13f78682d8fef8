package dev.cadre.core;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Something that handles messages: the unit the {@link AgentRuntime} creates, addresses and runs.
 *
 * <p>The runtime hands an agent one message at a time, in arrival order, so an agent may keep
 * mutable state without locking. Control messages ({@link #onControl}) are the one exception:
 * they may arrive while a message is being handled. Handlers may block (call a model, {@code
 * send} to another agent and wait); sending to itself and waiting deadlocks, as it would for any
 * single-threaded actor. A stateless agent can be a lambda.
 */
@FunctionalInterface
public interface Agent {

  /**
   * Handles one message.
   *
   * @param message a plain immutable value, as sent or published
   * @param context who sent it, on which topic, and the token that is cancelled when the sender
   *     gives up; long work should honour it
   * @return the reply to a {@code send} (null is a valid reply); ignored for a {@code publish}
   * @throws Exception any failure; the runtime reports it (see {@link AgentRuntime})
   */
  Object onMessage(Object message, MessageContext context) throws Exception;

  /**
   * Handles a control message ({@link AgentRuntime#sendControl}): a signal that must reach the
   * agent even while it handles a message, so it may run at the same time as {@link #onMessage},
   * on another thread. Control messages come one at a time, in arrival order, among themselves.
   * Keep it short, and make what it shares with {@code onMessage} safe to share (a volatile flag, a
   * latch).
   *
   * @return the reply to the control message
   * @throws UnsupportedOperationException unless overridden: the agent takes no control messages
   */
  default Object onControl(Object message, MessageContext context) throws Exception {
    throw new UnsupportedOperationException(
        getClass().getName()
            + " takes no control messages, and was sent a "
            + message.getClass().getName());
  }

  /**
   * What this agent remembers between messages, as JSON, or null when it keeps nothing worth
   * moving. A runtime that moves agents between processes (the Kafka runtime, when a worker leaves)
   * saves it after each message and hands it to {@link #loadState} of the agent's next incarnation
   * before that one handles a message. The in-process runtime never calls it.
   */
  default JsonNode saveState() throws Exception {
    return null;
  }

  /** Restores what {@link #saveState} returned, before this agent handles its first message. */
  default void loadState(JsonNode state) throws Exception {}

  /**
   * Releases what the agent holds; called once when the runtime closes, or when a distributed
   * runtime hands the agent's messages to another process.
   */
  default void close() throws Exception {}
}
