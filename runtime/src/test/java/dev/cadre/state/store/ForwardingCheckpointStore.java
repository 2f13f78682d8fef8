package dev.cadre.state.store;

import java.util.List;
import java.util.Optional;

/**
 * A store that hands every call to another, for tests that change one behaviour (an append that
 * fails, one that waits) and leave the rest alone. Closing it closes the other store unless the
 * subclass says otherwise.
 */
public abstract class ForwardingCheckpointStore implements CheckpointStore {

  protected final CheckpointStore delegate;

  protected ForwardingCheckpointStore(CheckpointStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Checkpoint append(
      String runId, long expectedVersion, CheckpointKind kind, String payload) {
    return delegate.append(runId, expectedVersion, kind, payload);
  }

  @Override
  public Optional<RunState> load(String runId) {
    return delegate.load(runId);
  }

  @Override
  public List<Checkpoint> steps(String runId, long afterVersion) {
    return delegate.steps(runId, afterVersion);
  }

  @Override
  public List<String> runs() {
    return delegate.runs();
  }

  @Override
  public boolean delete(String runId) {
    return delegate.delete(runId);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
