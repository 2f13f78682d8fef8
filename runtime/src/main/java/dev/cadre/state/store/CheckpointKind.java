package dev.cadre.state.store;

/**
 * What a {@link Checkpoint} records. Stored by name, so constants may be added but never renamed.
 */
public enum CheckpointKind {
  /** A chat message that joined the run's transcript. */
  MESSAGE,
  /**
   * A tool call about to be executed, committed before it runs so that a resume can tell a call
   * that was in flight at a crash from one that never started.
   */
  TOOL_CALL,
  /** The result of a tool call; on resume it is reused instead of calling the tool again. */
  TOOL_RESULT,
  /** The team manager's choice of the next speaker. */
  SPEAKER_CHOICE,
  /**
   * A process took the run over to resume it. Written before the resumed run acts at all, so of
   * two processes resuming one run the second fails here, before it runs a model or a tool.
   */
  RESUMED,
  /**
   * The run stopped to wait for a person's answer to the question in the payload; it goes on when
   * a resume brings the answer (which its {@link #RESUMED} step records).
   */
  PAUSED,
  /**
   * The whole saved state of the run; {@link CheckpointStore#load} returns the latest one and only
   * the steps after it.
   */
  SNAPSHOT
}
