package dev.cadre.team;

import dev.cadre.state.store.CheckpointStore;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a durable run stands, read from its checkpoint store alone: no team is built and nothing
 * runs. For a tool that lists the runs of a store ({@code cadre runs}).
 */
public enum RunStatus {
  /** Neither finished nor waiting: running now, or stopped by a crash; {@link Team#resume}. */
  RUNNING,
  /** Waiting for a person's answer ({@link Team#waiting}); {@link Team#resume(String, String)}. */
  PAUSED,
  /** Ended normally; its result is {@link Team#finished}. */
  FINISHED,
  /** Ended because a participant failed: its result's stop is {@link StopReason.Kind#FAILED}. */
  FAILED;

  /**
   * The status of run {@code runId} in {@code store}; empty when the store holds no such run.
   *
   * @throws dev.cadre.state.StateException if the run's latest snapshot or pause cannot be read
   */
  public static Optional<RunStatus> of(CheckpointStore store, String runId) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(runId, "runId");
    if (store.load(runId).isEmpty()) {
      return Optional.empty();
    }
    Optional<TaskResult> finished = DurableRun.finished(store, runId);
    if (finished.isPresent()) {
      return Optional.of(
          finished.get().stop().kind() == StopReason.Kind.FAILED ? FAILED : FINISHED);
    }
    return Optional.of(DurableRun.waiting(store, runId).isPresent() ? PAUSED : RUNNING);
  }
}
