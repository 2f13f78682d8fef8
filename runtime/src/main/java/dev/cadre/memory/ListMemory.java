package dev.cadre.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A memory that recalls everything it holds, in the order it was added, whatever the query: for
 * a few standing facts ("the user prefers metric units") that should always be in view.
 *
 * <p>When it holds more than a query's limit, or more than {@code recent} entries, the most recent
 * are recalled. Every result scores 1: nothing is ranked.
 */
public final class ListMemory implements Memory {

  private final String name;
  private final int recent;
  private final List<MemoryContent> contents = new ArrayList<>();

  /** A list memory that recalls up to a query's limit. */
  public ListMemory(String name) {
    this(name, Integer.MAX_VALUE);
  }

  /** A list memory that recalls at most the {@code recent} most recent entries. */
  public ListMemory(String name, int recent) {
    this.name = requireName(name);
    if (recent < 1) {
      throw new IllegalArgumentException(
          "memory '" + name + "': recent must be at least 1, was " + recent);
    }
    this.recent = recent;
  }

  static String requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a memory needs a name that is not blank");
    }
    return name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void add(MemoryContent content) {
    contents.add(Objects.requireNonNull(content, "content"));
  }

  @Override
  public synchronized List<MemoryResult> query(String query, int limit) {
    int count = Math.min(Math.min(Memory.requireLimit(name, limit), recent), contents.size());
    List<MemoryResult> results = new ArrayList<>(count);
    for (MemoryContent content : contents.subList(contents.size() - count, contents.size())) {
      results.add(new MemoryResult(content, 1.0));
    }
    return List.copyOf(results);
  }

  /** Everything it holds, oldest first. */
  public synchronized List<MemoryContent> contents() {
    return List.copyOf(contents);
  }

  @Override
  public synchronized void clear() {
    contents.clear();
  }

  @Override
  public String toString() {
    return "ListMemory[" + name + "]";
  }
}
