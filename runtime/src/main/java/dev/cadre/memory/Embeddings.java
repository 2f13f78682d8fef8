package dev.cadre.memory;

import java.util.List;

/**
 * The checks every memory makes on what an {@link EmbeddingModel} returns, and cosine similarity,
 * so a bad model fails the same way, with the memory and model named, in every memory.
 */
public final class Embeddings {

  private Embeddings() {}

  /**
   * {@code model}'s vectors for {@code texts}, checked: one per text, none empty.
   *
   * @throws IllegalStateException naming {@code memory} and the model otherwise
   */
  public static List<float[]> embed(String memory, EmbeddingModel model, List<String> texts) {
    List<float[]> vectors = model.embedAll(texts);
    if (vectors == null || vectors.size() != texts.size()) {
      throw new IllegalStateException(
          "memory '"
              + memory
              + "': embedding model '"
              + model.name()
              + "' returned "
              + (vectors == null ? "null" : vectors.size() + " vectors")
              + " for "
              + texts.size()
              + " texts; embedAll must return one vector per text");
    }
    for (float[] vector : vectors) {
      if (vector == null || vector.length == 0) {
        throw new IllegalStateException(
            "memory '"
                + memory
                + "': embedding model '"
                + model.name()
                + "' returned an empty"
                + " vector");
      }
    }
    return vectors;
  }

  /**
   * Checks that {@code vector} has the {@code expected} length of the vectors a memory holds.
   *
   * @throws IllegalStateException naming the memory, the model and both lengths otherwise
   */
  public static void checkLength(
      String memory, EmbeddingModel model, float[] vector, int expected) {
    if (vector.length != expected) {
      throw new IllegalStateException(
          "memory '"
              + memory
              + "': embedding model '"
              + model.name()
              + "' returned a vector of "
              + vector.length
              + " dimensions, but the memory holds vectors of "
              + expected
              + "; use one embedding model per memory, or clear it after switching models");
    }
  }

  /** Cosine similarity; 0 when either vector is all zeros, since it then points nowhere. */
  public static double cosine(float[] a, float[] b) {
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      normA += (double) a[i] * a[i];
      normB += (double) b[i] * b[i];
    }
    if (normA == 0 || normB == 0) {
      return 0;
    }
    return dot / (Math.sqrt(normA) * Math.sqrt(normB));
  }
}
