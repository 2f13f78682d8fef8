package dev.cadre.kafka;

/**
 * Stands for an exception thrown in another process, whose class this process may not even have:
 * the cause of an {@link dev.cadre.core.AgentException} when the failing agent ran elsewhere. When
 * the agent ran in the caller's own process, the cause is the original exception instead.
 */
public final class RemoteFailure extends RuntimeException {

  private final String className;

  public RemoteFailure(String className, String message) {
    super(className + (message == null ? "" : ": " + message), null, false, false);
    this.className = className;
  }

  /** The class name of the original exception. */
  public String className() {
    return className;
  }
}
