package dev.cadre.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into a vector whose direction stands for its meaning, for {@link VectorMemory}. Plug
 * in a provider's embedding endpoint or a local model; {@link HashingEmbeddingModel} needs neither.
 *
 * <p>Every vector one model returns must have the same length. Implementations must be safe to use
 * from several threads.
 */
public interface EmbeddingModel {

  /** A short name, shown in errors. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** The vector for {@code text}. */
  float[] embed(String text);

  /**
   * The vectors for {@code texts}, in order. Override it when the provider takes batches, which
   * saves a round trip per text.
   */
  default List<float[]> embedAll(List<String> texts) {
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (String text : texts) {
      vectors.add(embed(text));
    }
    return vectors;
  }
}
