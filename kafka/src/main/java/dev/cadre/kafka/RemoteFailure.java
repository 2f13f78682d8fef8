package dev.cadre.kafka;

import dev.cadre.core.RemoteCause;

/**
 * Stands for an exception thrown in another process, whose class this process may not even have:
 * the cause of an {@link dev.cadre.core.AgentException} when the failing agent ran elsewhere. When
 * the agent ran in the caller's own process, the cause is the original exception instead. As a
 * {@link RemoteCause}, it is worded as the original in a failure's text (a team's stop reason).
 */
public final class RemoteFailure extends RuntimeException implements RemoteCause {

  private final String className;
  private final String originalMessage;

  public RemoteFailure(String className, String message) {
    super(className + (message == null ? "" : ": " + message), null, false, false);
    this.className = className;
    this.originalMessage = message;
  }

  /** The class name of the original exception. */
  @Override
  public String className() {
    return className;
  }

  /** The original exception's message, or null. */
  @Override
  public String originalMessage() {
    return originalMessage;
  }
}
