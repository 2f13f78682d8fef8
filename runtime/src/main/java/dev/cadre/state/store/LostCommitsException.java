package dev.cadre.state.store;

/**
 * The store shows that changes it had committed are gone: for the SQLite store, its write-ahead
 * log ({@code FILE-wal}) was deleted or damaged after a crash, or the database file was replaced
 * by an older copy. A run may then be missing its latest steps, or be missing altogether although
 * it did work (called tools, sent messages), so the store refuses to load, append to or delete any
 * run until a person has decided what to do; the message says what was found and how to accept
 * the store as it is. {@link CheckpointStore#runs} and {@link CheckpointStore#steps} still read,
 * to look at what is left.
 */
public final class LostCommitsException extends CheckpointStoreException {

  private static final long serialVersionUID = 1L;

  /** The run that lost committed steps. */
  private final String runId;

  /** {@code message} says what was found and what a person can do; it must not quote payloads. */
  public LostCommitsException(String runId, String message) {
    super(message);
    this.runId = runId;
  }

  /** The run that was asked for. */
  public String runId() {
    return runId;
  }
}
