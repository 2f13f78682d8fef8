package dev.cadre.state.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Json;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage for runs: per run id, an append-only log of {@link Checkpoint}s, the latest of
 * which of kind {@link CheckpointKind#SNAPSHOT} stands for everything before it.
 *
 * <p>Appends are guarded by optimistic locking, which is what makes a durable run safe: a run
 * commits each step with {@link #append} <em>before</em> acting on it, passing the version it last
 * saw. If a second process has resumed the same run and committed first, the append throws {@link
 * ConcurrentRunException} and writes nothing, so of two processes racing on one run exactly one
 * goes on and the log is never forked or corrupted.
 *
 * <p>Implementations create or upgrade their schema when opened, are safe to share between
 * threads, and run each call in its own transaction. Errors are {@link CheckpointStoreException}s.
 * A store keeps a digest beside each checkpoint and checks it on every read: a checkpoint edited
 * or damaged outside Cadre is a {@link DamagedCheckpointException}, never a payload returned. A
 * store that finds it has lost steps it had committed fails {@link #load}, {@link #append} and
 * {@link #delete} with a {@link LostCommitsException} until a person accepts the loss.
 */
public interface CheckpointStore extends AutoCloseable {

  /**
   * Commits one step to run {@code runId}, if and only if the run is at {@code expectedVersion} (0
   * for a run that does not exist yet, which this call then creates).
   *
   * @param payload the step as JSON text; stored and returned exactly as given, never parsed
   * @return the committed checkpoint, at version {@code expectedVersion + 1}
   * @throws ConcurrentRunException if the run is at another version; nothing was written
   */
  Checkpoint append(String runId, long expectedVersion, CheckpointKind kind, String payload);

  /** {@link #append(String, long, CheckpointKind, String)} with a JSON tree as the payload. */
  default Checkpoint append(
      String runId, long expectedVersion, CheckpointKind kind, JsonNode payload) {
    return append(runId, expectedVersion, kind, Json.write(payload));
  }

  /**
   * The run's current version, its latest snapshot and the steps since, read in one consistent
   * view; empty if no such run exists.
   *
   * @throws DamagedCheckpointException if one of those checkpoints does not match its digest
   * @throws LostCommitsException if the store has lost steps it had committed, whether or not
   *     the run is there
   */
  Optional<RunState> load(String runId);

  /**
   * The run's checkpoints after {@code afterVersion}, oldest first (the whole log for 0).
   *
   * @throws DamagedCheckpointException if one of them does not match its digest
   */
  List<Checkpoint> steps(String runId, long afterVersion);

  /** The ids of every run in the store, sorted. */
  List<String> runs();

  /** Removes a run and its whole log; returns whether it existed. */
  boolean delete(String runId);

  /** Releases the store's connection; later calls throw {@link CheckpointStoreException}. */
  @Override
  void close();
}
