package dev.cadre.model;

/**
 * Receives a streamed reply as it arrives. Tool calls are assembled from their deltas and come
 * whole in the {@link ChatResponse} that {@link ChatModel#stream} returns.
 */
@FunctionalInterface
public interface StreamListener {

  /** A listener that ignores every chunk. */
  StreamListener IGNORE = text -> {};

  /** A piece of the reply's text, in order. */
  void onText(String text);

  /**
   * A piece of the model's reasoning, in order, for a provider that shows it (Anthropic's
   * thinking, DeepSeek's {@code reasoning_content}); it never reaches {@link #onText}.
   */
  default void onReasoning(String text) {}
}
