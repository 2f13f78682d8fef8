package dev.cadre.model;

import java.util.Objects;

/**
 * What a model can do, so agents can refuse a configuration the model cannot serve.
 *
 * @param model the model's id as the provider knows it
 * @param tools whether it calls tools
 * @param structuredOutput whether it honours a JSON-schema response format
 * @param parallelToolCalls whether it may ask for several tools in one turn
 * @param vision whether it reads images
 * @param contextWindow how many tokens fit in one request, or 0 when unknown
 */
public record ModelInfo(
    String model,
    boolean tools,
    boolean structuredOutput,
    boolean parallelToolCalls,
    boolean vision,
    int contextWindow) {

  /** Checks the model's name and that the context window is not negative. */
  public ModelInfo {
    Objects.requireNonNull(model, "model");
    if (contextWindow < 0) {
      throw new IllegalArgumentException("contextWindow cannot be negative");
    }
  }

  /** A model that can do everything Cadre asks of one, with an unknown context window. */
  public static ModelInfo capable(String model) {
    return new ModelInfo(model, true, true, true, false, 0);
  }
}
