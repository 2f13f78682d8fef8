package dev.cadre.memory;

import java.util.Objects;

/** What a {@link MemoryExtractor} did with a fact: every write, every skip, every failure. */
public sealed interface MemoryEvent {

  /** A new fact was written. */
  record Written(MemoryEntry entry) implements MemoryEvent {
    public Written {
      Objects.requireNonNull(entry, "entry");
    }
  }

  /**
   * A fact was not written because the store already holds it.
   *
   * @param similarity 1 for the same text, otherwise the cosine similarity to {@code existing}
   */
  record Duplicate(String fact, MemoryEntry existing, double similarity) implements MemoryEvent {}

  /** Nothing could be extracted or written; the reason says why (the model's bad answer...). */
  record Failed(String reason) implements MemoryEvent {}
}
