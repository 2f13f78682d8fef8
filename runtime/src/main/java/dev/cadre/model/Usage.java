package dev.cadre.model;

/**
 * Tokens a model call consumed.
 *
 * @param inputTokens tokens of the prompt
 * @param outputTokens tokens the model wrote
 */
public record Usage(long inputTokens, long outputTokens) {

  public static final Usage ZERO = new Usage(0, 0);

  public Usage {
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException("token counts cannot be negative");
    }
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  public Usage plus(Usage other) {
    return other == null
        ? this
        : new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens);
  }
}
