package dev.cadre.tool;

import dev.cadre.core.CancellationToken;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a running tool may know of its call, how it reports progress, and the answers a resumed run
 * holds for it.
 *
 * @param callId the model's id for this call
 * @param cancellation cancelled when the run is, or when the tool exceeds its timeout; a tool that
 *     does long work should check it or pass it on
 * @param progressListener hears {@link #progress(double, Double, String)}: an agent turns each
 *     report into a run event; may be called from any thread
 * @param log where the call's durable run records it; {@link #answer} asks it
 */
public record ToolContext(
    String callId,
    CancellationToken cancellation,
    Consumer<ToolProgress> progressListener,
    ToolResultLog log) {

  /** Replaces a null listener with one that ignores reports, and a null log with {@code NONE}. */
  public ToolContext {
    progressListener = progressListener == null ? p -> {} : progressListener;
    log = log == null ? ToolResultLog.NONE : log;
  }

  /** A context whose progress reports go nowhere, outside any durable run. */
  public ToolContext(String callId, CancellationToken cancellation) {
    this(callId, cancellation, null, null);
  }

  /** Reports that {@code progress} of {@code total} (null: unknown) is done, with a message. */
  public void progress(double progress, Double total, String message) {
    progressListener.accept(new ToolProgress(callId, progress, total, message));
  }

  /**
   * The answer to question {@code questionId} that the run was resumed with, when an earlier
   * attempt of this call paused the run to ask it ({@link RunPause}); empty otherwise.
   */
  public Optional<String> answer(String questionId) {
    return log.answer(questionId);
  }
}
