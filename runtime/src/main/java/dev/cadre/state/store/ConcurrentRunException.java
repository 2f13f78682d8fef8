package dev.cadre.state.store;

/**
 * An append expected a run to be at one version, but someone else (another process resuming the
 * same run, or another thread) had already moved it on. Nothing was written. The caller lost the
 * race: it should stop acting for this run, or {@link CheckpointStore#load reload} it and decide
 * again; retrying the same append can never succeed.
 */
public final class ConcurrentRunException extends CheckpointStoreException {

  private static final long serialVersionUID = 1L;

  /** The run whose append was refused. */
  private final String runId;
  /** The version the writer expected the run to have. */
  private final long expectedVersion;
  /** The version the run had. */
  private final long actualVersion;

  /**
   * A refused append to {@code runId}, which had {@code actualVersion} where {@code
   * expectedVersion} was expected.
   */
  public ConcurrentRunException(String runId, long expectedVersion, long actualVersion) {
    super(
        "run '"
            + runId
            + "' is at version "
            + actualVersion
            + ", not the expected "
            + expectedVersion
            + ": another process or thread has written to it since this one loaded it (two resumes"
            + " of one run?). Nothing was written; stop this copy of the run, or load('"
            + runId
            + "') again and continue from version "
            + actualVersion
            + ".");
    this.runId = runId;
    this.expectedVersion = expectedVersion;
    this.actualVersion = actualVersion;
  }

  /** The run whose append was refused. */
  public String runId() {
    return runId;
  }

  /** The version the writer expected the run to have. */
  public long expectedVersion() {
    return expectedVersion;
  }

  /** The run's version when the append was refused; 0 when the run does not exist. */
  public long actualVersion() {
    return actualVersion;
  }
}
