package dev.cadre.state.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One committed step of a run: its position in the run's log, what kind of step it is, the step's
 * JSON exactly as it was appended, and when it was committed (by the store's {@code Clock}, to the
 * millisecond).
 *
 * <p>The store never parses {@code payload}: it returns the text it was given, after checking it
 * against the digest it stored with it, so text changed outside Cadre never comes back. Reading
 * and validating the JSON (and failing clearly on a bad one) is the caller's job.
 *
 * @param version the run's version after this step: 1 for a run's first step, then 2, 3, ...
 */
public record Checkpoint(long version, CheckpointKind kind, String payload, Instant timestamp) {

  /** Checks the version (1 or more) and the required components. */
  public Checkpoint {
    if (version < 1) {
      throw new IllegalArgumentException("checkpoint version must be 1 or more, was " + version);
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(timestamp, "timestamp");
  }
}
