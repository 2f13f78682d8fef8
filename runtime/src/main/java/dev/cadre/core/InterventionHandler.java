package dev.cadre.core;

/**
 * Sees every message before the runtime delivers it, and may replace or drop it: for logging,
 * redaction, approvals, or tests that inject faults.
 *
 * <p>Each method returns the message to carry on with (the same one, or a replacement), or {@link
 * #DROP}. Handlers run in registration order, each seeing what the previous one returned. {@code
 * onSend} and {@code onPublish} run on the caller's thread before delivery; {@code onResponse} runs
 * on the responding agent's thread. A handler that throws fails the send (or publish) with its
 * exception.
 */
public interface InterventionHandler {

  /** Returned instead of a message to drop it. Compared by identity. */
  Object DROP =
      new Object() {
        @Override
        public String toString() {
          return "InterventionHandler.DROP";
        }
      };

  /**
   * A direct send to {@code recipient}; dropping it fails the send with {@link
   * MessageDroppedException}.
   */
  default Object onSend(Object message, MessageContext context, AgentId recipient) {
    return message;
  }

  /** A publish to {@code context.topic()}; dropping it delivers it to nobody. */
  default Object onPublish(Object message, MessageContext context) {
    return message;
  }

  /**
   * The reply to a send, on its way back; dropping it fails the send with {@link
   * MessageDroppedException}.
   *
   * @param message the reply; may be null
   * @param sender the agent that replied (the recipient of the send)
   * @param recipient the agent that sent the request, or null when it came from outside
   */
  default Object onResponse(Object message, AgentId sender, AgentId recipient) {
    return message;
  }
}
