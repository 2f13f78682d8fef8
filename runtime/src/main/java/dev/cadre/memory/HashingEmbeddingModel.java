package dev.cadre.memory;

import java.util.Locale;

/**
 * An embedding model that needs no network and no model file: it hashes the words of a text, and
 * the character trigrams of each word, into a fixed-size vector and scales it to length 1.
 *
 * <p>It is <b>lexical</b>, not semantic: texts come out similar when they share words or parts of
 * words ("invoice" and "invoices"), not when they mean the same thing in other words ("bill"). Use
 * it for tests, samples and offline runs; bring a real {@link EmbeddingModel} for retrieval that
 * understands meaning. Its vectors are the same on every JVM and every run.
 */
public final class HashingEmbeddingModel implements EmbeddingModel {

  /** The vector length when none is given. */
  public static final int DEFAULT_DIMENSIONS = 1024;

  private static final float WORD_WEIGHT = 1.0f;
  // Trigrams weigh less than words: they only say that two words look alike.
  private static final float TRIGRAM_WEIGHT = 0.5f;

  private final int dimensions;

  public HashingEmbeddingModel() {
    this(DEFAULT_DIMENSIONS);
  }

  /** A model whose vectors have {@code dimensions} entries; more means fewer hash collisions. */
  public HashingEmbeddingModel(int dimensions) {
    if (dimensions < 16) {
      throw new IllegalArgumentException(
          "HashingEmbeddingModel needs at least 16 dimensions, was " + dimensions);
    }
    this.dimensions = dimensions;
  }

  public int dimensions() {
    return dimensions;
  }

  @Override
  public String name() {
    return "hashing-" + dimensions;
  }

  /** The vector for {@code text}; all zeros when it has no letters or digits. */
  @Override
  public float[] embed(String text) {
    float[] vector = new float[dimensions];
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.isEmpty()) {
        continue;
      }
      add(vector, "w:" + word, WORD_WEIGHT);
      String padded = "^" + word + "$";
      for (int i = 0; i + 3 <= padded.length(); i++) {
        add(vector, "c:" + padded.substring(i, i + 3), TRIGRAM_WEIGHT);
      }
    }
    double norm = 0;
    for (float v : vector) {
      norm += v * v;
    }
    if (norm > 0) {
      float scale = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < vector.length; i++) {
        vector[i] *= scale;
      }
    }
    return vector;
  }

  /**
   * Adds a feature at its hashed position, with a hashed sign so that collisions cancel out on
   * average instead of piling up.
   */
  private void add(float[] vector, String feature, float weight) {
    long hash = fnv1a(feature);
    int index = (int) Long.remainderUnsigned(hash, dimensions);
    vector[index] += ((hash >>> 40) & 1) == 0 ? weight : -weight;
  }

  /** FNV-1a, 64 bits: fixed by its definition, unlike hash codes a JVM may choose. */
  private static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      hash ^= text.charAt(i);
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  @Override
  public String toString() {
    return "HashingEmbeddingModel[" + dimensions + "]";
  }
}
