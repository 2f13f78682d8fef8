package dev.cadre.samples.cli;

import dev.cadre.state.store.Checkpoint;
import dev.cadre.state.store.CheckpointKind;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.RunState;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * A store whose process "dies" at one commit: that append throws, and so does every later one, so
 * nothing more of the run is committed, as after a crash. Reads go through, and closing leaves the
 * real store to its owner.
 */
final class DyingStore implements CheckpointStore {
  private final CheckpointStore store;
  // (the append's number, from 1; its payload) -> whether the process dies there
  private final BiPredicate<Integer, String> diesAt;
  private int appends;
  private boolean dead;

  private DyingStore(CheckpointStore store, BiPredicate<Integer, String> diesAt) {
    this.store = store;
    this.diesAt = diesAt;
  }

  /** Dies when a step holding {@code text} is committed. */
  static DyingStore onPayload(CheckpointStore store, String text) {
    return new DyingStore(store, (number, payload) -> payload.contains(text));
  }

  /** Dies at the {@code number}th append (from 1): the appends before it are committed. */
  static DyingStore atAppend(CheckpointStore store, int number) {
    return new DyingStore(store, (n, payload) -> n == number);
  }

  @Override
  public synchronized Checkpoint append(
      String runId, long expectedVersion, CheckpointKind kind, String payload) {
    dead |= diesAt.test(++appends, payload);
    if (dead) {
      throw new IllegalStateException("the process died");
    }
    return store.append(runId, expectedVersion, kind, payload);
  }

  @Override
  public Optional<RunState> load(String runId) {
    return store.load(runId);
  }

  @Override
  public List<Checkpoint> steps(String runId, long afterVersion) {
    return store.steps(runId, afterVersion);
  }

  @Override
  public List<String> runs() {
    return store.runs();
  }

  @Override
  public boolean delete(String runId) {
    return store.delete(runId);
  }

  @Override
  public void close() {}
}
