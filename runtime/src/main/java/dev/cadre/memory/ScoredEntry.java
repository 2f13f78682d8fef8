package dev.cadre.memory;

import java.util.Objects;

/**
 * One answer of a {@link MemoryStore} search.
 *
 * @param score higher is better: cosine similarity for vector search, BM25 for keyword search, the
 *     fused reciprocal-rank score for hybrid search
 */
public record ScoredEntry(MemoryEntry entry, double score) {
  public ScoredEntry {
    Objects.requireNonNull(entry, "entry");
  }
}
