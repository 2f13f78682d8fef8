package dev.cadre.memory;

import java.util.Objects;
import java.util.Set;

/**
 * A search of a {@link MemoryStore}.
 *
 * @param text what to look for
 * @param scopes the scopes it may read; at least one. No entry of another scope is ever returned.
 * @param filter further conditions on the metadata
 * @param limit the most results
 * @param mode how to match: by meaning, by words, or both fused
 */
public record MemoryQuery(
    String text, Set<Scope> scopes, MemoryFilter filter, int limit, SearchMode mode) {

  /** How a query matches entries. */
  public enum SearchMode {
    /** Nearest vectors: similar in meaning, as the embedding model sees it. */
    VECTOR,
    /** BM25 over the words: exact names, codes and rare terms. */
    KEYWORD,
    /**
     * Both, fused by reciprocal-rank fusion: each entry scores the sum of {@code 1 / (60 + rank)}
     * over the two rankings it appears in, so neither score scale dominates.
     */
    HYBRID
  }

  public MemoryQuery {
    Objects.requireNonNull(text, "query text");
    Objects.requireNonNull(scopes, "scopes");
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException(
          "a memory query needs at least one scope to read; it never reads them all");
    }
    scopes = Set.copyOf(scopes);
    filter = filter == null ? MemoryFilter.ANY : filter;
    if (limit < 1) {
      throw new IllegalArgumentException("the query limit must be at least 1, was " + limit);
    }
    mode = mode == null ? SearchMode.HYBRID : mode;
  }

  /** A hybrid query of {@code scope} with no filter. */
  public static MemoryQuery of(String text, Scope scope, int limit) {
    return new MemoryQuery(text, Set.of(scope), MemoryFilter.ANY, limit, SearchMode.HYBRID);
  }

  /** This query with {@code filter} on the metadata. */
  public MemoryQuery withFilter(MemoryFilter filter) {
    return new MemoryQuery(text, scopes, filter, limit, mode);
  }

  /** This query matching by {@code mode}. */
  public MemoryQuery withMode(SearchMode mode) {
    return new MemoryQuery(text, scopes, filter, limit, mode);
  }
}
