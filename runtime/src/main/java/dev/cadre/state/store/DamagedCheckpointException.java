package dev.cadre.state.store;

/**
 * A stored checkpoint does not match the SHA-256 digest the store wrote beside it: its payload (or
 * its digest) was edited or damaged after Cadre committed it. Thrown by {@link
 * CheckpointStore#load} and {@link CheckpointStore#steps} instead of returning the checkpoint, so
 * a run is never resumed from a transcript, tool result or question that is not the one it
 * recorded. The message names the store, the run and the checkpoint, never the payload.
 */
public final class DamagedCheckpointException extends CheckpointStoreException {

  private static final long serialVersionUID = 1L;

  /** The run with the damaged checkpoint. */
  private final String runId;
  /** The damaged checkpoint's version. */
  private final long version;

  /** {@code message} must not quote the payload: it may hold secrets or model text. */
  public DamagedCheckpointException(String runId, long version, String message) {
    super(message);
    this.runId = runId;
    this.version = version;
  }

  /** The run the damaged checkpoint belongs to. */
  public String runId() {
    return runId;
  }

  /** The damaged checkpoint's version (its position in the run's log). */
  public long version() {
    return version;
  }
}
