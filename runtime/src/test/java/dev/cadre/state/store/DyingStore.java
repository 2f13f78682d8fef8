package dev.cadre.state.store;

import java.util.function.BiPredicate;

/**
 * A store whose process "dies" at one commit: that append throws, and so does every later one, so
 * nothing more of the run is committed, as after a crash. Reads go through, and closing leaves the
 * real store to its owner.
 */
public final class DyingStore extends ForwardingCheckpointStore {
  // (the append's number, from 1; its payload) -> whether the process dies there
  private final BiPredicate<Integer, String> diesAt;
  private int appends;
  private boolean dead;

  private DyingStore(CheckpointStore store, BiPredicate<Integer, String> diesAt) {
    super(store);
    this.diesAt = diesAt;
  }

  /** Dies when a step holding {@code text} is committed. */
  public static DyingStore onPayload(CheckpointStore store, String text) {
    return new DyingStore(store, (number, payload) -> payload.contains(text));
  }

  /** Dies at the {@code number}th append (from 1): the appends before it are committed. */
  public static DyingStore atAppend(CheckpointStore store, int number) {
    return new DyingStore(store, (n, payload) -> n == number);
  }

  @Override
  public synchronized Checkpoint append(
      String runId, long expectedVersion, CheckpointKind kind, String payload) {
    dead |= diesAt.test(++appends, payload);
    if (dead) {
      throw new IllegalStateException("the process died");
    }
    return super.append(runId, expectedVersion, kind, payload);
  }

  @Override
  public void close() {}
}
