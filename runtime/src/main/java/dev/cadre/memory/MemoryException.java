package dev.cadre.memory;

/** A memory failed while an agent was recalling from it; the cause is the memory's own error. */
public class MemoryException extends RuntimeException {

  private final String memory;

  public MemoryException(String memory, String message, Throwable cause) {
    super(message, cause);
    this.memory = memory;
  }

  /** The name of the memory that failed. */
  public String memory() {
    return memory;
  }
}
