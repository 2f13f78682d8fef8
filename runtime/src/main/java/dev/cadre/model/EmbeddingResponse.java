package dev.cadre.model;

import java.util.List;
import java.util.Objects;

/**
 * What one call to an embeddings endpoint returned: a vector per input, in the order of the inputs,
 * and the tokens the provider counted for them.
 *
 * @param vectors one vector per input, in input order
 * @param usage the input tokens billed ({@link Usage#inputTokens()}); {@link Usage#ZERO} when the
 *     provider reports none
 * @param model the model the provider says answered, or null when it does not say
 */
public record EmbeddingResponse(List<float[]> vectors, Usage usage, String model) {

  public EmbeddingResponse {
    vectors = List.copyOf(Objects.requireNonNull(vectors, "vectors"));
    usage = usage == null ? Usage.ZERO : usage;
  }
}
