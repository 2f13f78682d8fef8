package dev.cadre.state.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link CheckpointStore#load} returns for a run: its current version, its latest {@link
 * CheckpointKind#SNAPSHOT} checkpoint if it has one, and every step committed after that snapshot
 * (after the start when there is none), oldest first. Replaying {@code steps} over the snapshot
 * gives the run's state at {@code version}; the next append must expect {@code version}.
 *
 * @param latestSnapshot the latest snapshot checkpoint, or {@code null}; see {@link #snapshot()}
 */
public record RunState(
    String runId, long version, Checkpoint latestSnapshot, List<Checkpoint> steps) {

  /** Checks the run id and copies the steps. */
  public RunState {
    Objects.requireNonNull(runId, "runId");
    steps = List.copyOf(steps);
  }

  /** The latest snapshot of the run, if one was ever appended. */
  public Optional<Checkpoint> snapshot() {
    return Optional.ofNullable(latestSnapshot);
  }
}
