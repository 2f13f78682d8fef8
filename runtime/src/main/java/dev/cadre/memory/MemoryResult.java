package dev.cadre.memory;

import java.util.Objects;

/**
 * One answer to a {@link Memory#query}: what was remembered and how relevant the memory judged it.
 *
 * @param score higher is more relevant; a similarity in [-1, 1] for {@link VectorMemory}, 1 for
 *     memories that do not rank, such as {@link ListMemory}
 */
public record MemoryResult(MemoryContent content, double score) {

  public MemoryResult {
    Objects.requireNonNull(content, "content");
    if (Double.isNaN(score)) {
      throw new IllegalArgumentException("a memory result's score must be a number, was NaN");
    }
  }
}
