package dev.cadre.tool;

import java.util.Optional;

/**
 * Where a durable run records its tool calls, so that a resumed run does not execute a completed
 * call again. {@link ToolExecutor} asks {@link #recorded} before it runs a call and uses the
 * recorded result instead when there is one; otherwise it calls {@link #starting} before the tool
 * runs and {@link #completed} once its result is known, before the model sees it.
 *
 * <p>A call that was in flight at a crash ({@code starting} recorded, {@code completed} not) has no
 * recorded result and runs again on resume: tools run exactly once per completed call and at least
 * once per call that was in flight. Calls are matched by their id, which a replayed model repeats.
 * That holds as long as the log keeps what it recorded: a durable run's log is its checkpoint
 * store, which refuses to go on when it finds it has lost committed steps ({@link
 * dev.cadre.state.store.LostCommitsException}).
 *
 * <p>Any method may throw (for example a {@link dev.cadre.state.store.ConcurrentRunException} when
 * another process took the run over); the tool is then not run, or its result not used.
 */
public interface ToolResultLog {

  /** Records nothing and knows nothing: every call runs. */
  ToolResultLog NONE =
      new ToolResultLog() {
        @Override
        public Optional<ToolResult> recorded(ToolCall call) {
          return Optional.empty();
        }

        @Override
        public void starting(ToolCall call) {}

        @Override
        public void completed(ToolCall call, ToolResult result) {}
      };

  /** The result recorded for a call with {@code call}'s id, if it completed before. */
  Optional<ToolResult> recorded(ToolCall call);

  /** {@code call} is about to run. */
  void starting(ToolCall call);

  /** {@code call} finished with {@code result}. */
  void completed(ToolCall call, ToolResult result);

  /**
   * The answer a person gave to question {@code questionId} when the run was resumed, for a tool
   * whose call paused the run to ask it and now runs again; empty by default.
   */
  default Optional<String> answer(String questionId) {
    return Optional.empty();
  }
}
