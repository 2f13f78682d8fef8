package dev.cadre.state.store;

/**
 * A checkpoint store could not do what was asked: the database is unreachable, locked for too
 * long, holds a schema this version of Cadre does not know, or answered with an error. The message
 * names the store, the operation and the run.
 */
public class CheckpointStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A failure {@code message} describes; it must not quote payloads. */
  public CheckpointStoreException(String message) {
    super(message);
  }

  /** A failure {@code message} describes, caused by {@code cause}. */
  public CheckpointStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
