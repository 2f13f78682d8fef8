package dev.cadre.model;

/**
 * Tokens a model call consumed.
 *
 * <p>The detail counts are parts of the two totals, so {@link #totalTokens()} stays the sum of
 * input and output whatever the provider: cached and cache-write tokens are part of {@code
 * inputTokens}, reasoning tokens part of {@code outputTokens}. (Anthropic counts cache reads and
 * writes apart from its {@code input_tokens}; its client adds them in.)
 *
 * @param inputTokens every token of the prompt, cached or not
 * @param outputTokens every token the model wrote, reasoning included
 * @param reasoningTokens of the output, the tokens a reasoning model spent thinking (OpenAI's
 *     {@code reasoning_tokens}); 0 when the provider does not say
 * @param cachedInputTokens of the input, the tokens read from the provider's prompt cache
 *     (OpenAI's {@code cached_tokens}, Anthropic's {@code cache_read_input_tokens})
 * @param cacheWriteTokens of the input, the tokens written to the prompt cache (Anthropic's {@code
 *     cache_creation_input_tokens}), which some providers bill above ordinary input
 */
public record Usage(
    long inputTokens,
    long outputTokens,
    long reasoningTokens,
    long cachedInputTokens,
    long cacheWriteTokens) {

  /** No tokens. */
  public static final Usage ZERO = new Usage(0, 0);

  /** Checks that no count is negative. */
  public Usage {
    if (inputTokens < 0
        || outputTokens < 0
        || reasoningTokens < 0
        || cachedInputTokens < 0
        || cacheWriteTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
  }

  /** Usage of plain input and output, without reasoning or cache detail. */
  public Usage(long inputTokens, long outputTokens) {
    this(inputTokens, outputTokens, 0, 0, 0);
  }

  /** Input plus output tokens. */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /** Input tokens neither read from nor written to the prompt cache. */
  public long uncachedInputTokens() {
    return Math.max(0, inputTokens - cachedInputTokens - cacheWriteTokens);
  }

  /** This usage with the reasoning-token count given. */
  public Usage withReasoningTokens(long reasoningTokens) {
    return new Usage(
        inputTokens, outputTokens, reasoningTokens, cachedInputTokens, cacheWriteTokens);
  }

  /** This usage with the prompt-cache counts given. */
  public Usage withCache(long cachedInputTokens, long cacheWriteTokens) {
    return new Usage(
        inputTokens, outputTokens, reasoningTokens, cachedInputTokens, cacheWriteTokens);
  }

  /** The sum of this usage and {@code other}, count by count. */
  public Usage plus(Usage other) {
    return other == null
        ? this
        : new Usage(
            inputTokens + other.inputTokens,
            outputTokens + other.outputTokens,
            reasoningTokens + other.reasoningTokens,
            cachedInputTokens + other.cachedInputTokens,
            cacheWriteTokens + other.cacheWriteTokens);
  }

  /** The counts, the reasoning and cache ones only when there are any, to keep it short. */
  @Override
  public String toString() {
    return "Usage[inputTokens="
        + inputTokens
        + ", outputTokens="
        + outputTokens
        + (reasoningTokens == 0 ? "" : ", reasoningTokens=" + reasoningTokens)
        + (cachedInputTokens == 0 ? "" : ", cachedInputTokens=" + cachedInputTokens)
        + (cacheWriteTokens == 0 ? "" : ", cacheWriteTokens=" + cacheWriteTokens)
        + "]";
  }
}
