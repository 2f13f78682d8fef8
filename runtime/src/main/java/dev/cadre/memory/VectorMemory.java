package dev.cadre.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A memory that recalls what is most similar to the query: each entry is embedded once, when it
 * is added, by an {@link EmbeddingModel}; a query is embedded and compared by cosine similarity.
 * At most {@code topK} results come back, best first, each scoring above {@code minScore}.
 *
 * <pre>{@code
 * Memory docs = VectorMemory.builder("docs", new HashingEmbeddingModel())
 *     .topK(3).minScore(0.2).build();
 * docs.add(MemoryContent.of("Refunds take five working days."));
 * }</pre>
 *
 * <p>Entries live in this process; a search scans them all, which is quick for thousands of
 * entries, not for millions (use a vector database behind the {@link Memory} SPI for those).
 */
public final class VectorMemory implements Memory {

  private final String name;
  private final EmbeddingModel embeddings;
  private final int topK;
  private final double minScore;
  private final List<Entry> entries = new ArrayList<>();

  private record Entry(MemoryContent content, float[] vector) {}

  private VectorMemory(Builder b) {
    this.name = b.name;
    this.embeddings = b.embeddings;
    this.topK = b.topK;
    this.minScore = b.minScore;
  }

  /** Starts a vector memory called {@code name} that embeds with {@code embeddings}. */
  public static Builder builder(String name, EmbeddingModel embeddings) {
    return new Builder(name, embeddings);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void add(MemoryContent content) {
    addAll(List.of(Objects.requireNonNull(content, "content")));
  }

  /** Embeds {@code contents} in one batch, then remembers them. */
  @Override
  public void addAll(List<MemoryContent> contents) {
    List<String> texts = new ArrayList<>(contents.size());
    for (MemoryContent content : contents) {
      texts.add(Objects.requireNonNull(content, "content").content());
    }
    // Embedding may be a network call: do it outside the lock.
    List<float[]> vectors = embedAll(texts);
    synchronized (this) {
      for (int i = 0; i < contents.size(); i++) {
        float[] vector = vectors.get(i);
        if (!entries.isEmpty()) {
          checkLength(vector, entries.get(0).vector.length);
        }
        entries.add(new Entry(contents.get(i), vector));
      }
    }
  }

  @Override
  public List<MemoryResult> query(String query, int limit) {
    int k = Math.min(Memory.requireLimit(name, limit), topK);
    Objects.requireNonNull(query, "query");
    List<Entry> snapshot;
    synchronized (this) {
      if (entries.isEmpty()) {
        return List.of();
      }
      snapshot = List.copyOf(entries);
    }
    float[] q = embedAll(List.of(query)).get(0);
    checkLength(q, snapshot.get(0).vector.length);
    List<MemoryResult> scored = new ArrayList<>();
    for (Entry entry : snapshot) {
      double score = cosine(q, entry.vector);
      if (score > minScore) {
        scored.add(new MemoryResult(entry.content, score));
      }
    }
    // Stable sort: equal scores keep insertion order, so results are deterministic.
    scored.sort(Comparator.comparingDouble(MemoryResult::score).reversed());
    return List.copyOf(scored.subList(0, Math.min(k, scored.size())));
  }

  @Override
  public synchronized void clear() {
    entries.clear();
  }

  /** How many entries it holds. */
  public synchronized int size() {
    return entries.size();
  }

  private List<float[]> embedAll(List<String> texts) {
    return Embeddings.embed(name, embeddings, texts);
  }

  private void checkLength(float[] vector, int expected) {
    Embeddings.checkLength(name, embeddings, vector, expected);
  }

  static double cosine(float[] a, float[] b) {
    return Embeddings.cosine(a, b);
  }

  @Override
  public String toString() {
    return "VectorMemory[" + name + ", " + embeddings.name() + "]";
  }

  /** Builds a {@link VectorMemory}. */
  public static final class Builder {
    private final String name;
    private final EmbeddingModel embeddings;
    private int topK = 5;
    private double minScore = 0.0;

    private Builder(String name, EmbeddingModel embeddings) {
      this.name = ListMemory.requireName(name);
      this.embeddings =
          Objects.requireNonNull(
              embeddings, () -> "memory '" + name + "' needs an embedding model");
    }

    /** The most results a query returns; 5 by default. A query's own limit may lower it. */
    public Builder topK(int topK) {
      if (topK < 1) {
        throw new IllegalArgumentException(
            "memory '" + name + "': topK must be at least 1, was " + topK);
      }
      this.topK = topK;
      return this;
    }

    /**
     * The cosine similarity a result must exceed, from -1 to 1; 0 by default, which drops only
     * what shares nothing with the query (or points the opposite way).
     */
    public Builder minScore(double minScore) {
      if (!(minScore >= -1 && minScore <= 1)) {
        throw new IllegalArgumentException(
            "memory '" + name + "': minScore must be between -1 and 1, was " + minScore);
      }
      this.minScore = minScore;
      return this;
    }

    public VectorMemory build() {
      return new VectorMemory(this);
    }
  }
}
