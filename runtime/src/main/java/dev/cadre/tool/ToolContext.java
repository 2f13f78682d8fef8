package dev.cadre.tool;

import dev.cadre.core.CancellationToken;
import java.util.function.Consumer;

/**
 * What a running tool may know of its call, and how it reports progress.
 *
 * @param callId the model's id for this call
 * @param cancellation cancelled when the run is, or when the tool exceeds its timeout; a tool that
 *     does long work should check it or pass it on
 * @param progressListener hears {@link #progress(double, Double, String)}: an agent turns each
 *     report into a run event; may be called from any thread
 */
public record ToolContext(
    String callId, CancellationToken cancellation, Consumer<ToolProgress> progressListener) {

  /** Replaces a null listener with one that ignores reports. */
  public ToolContext {
    progressListener = progressListener == null ? p -> {} : progressListener;
  }

  /** A context whose progress reports go nowhere. */
  public ToolContext(String callId, CancellationToken cancellation) {
    this(callId, cancellation, null);
  }

  /** Reports that {@code progress} of {@code total} (null: unknown) is done, with a message. */
  public void progress(double progress, Double total, String message) {
    progressListener.accept(new ToolProgress(callId, progress, total, message));
  }
}
