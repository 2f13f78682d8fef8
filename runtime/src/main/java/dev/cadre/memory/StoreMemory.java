package dev.cadre.memory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link MemoryStore} seen as a {@link Memory}: what {@link MemoryStore#view} returns. Content
 * added becomes an entry of the write scope, its {@code source}, {@code user}, {@code session},
 * {@code tags} (comma-separated) and {@code id} metadata read into the entry's fields.
 */
final class StoreMemory implements Memory {

  private final String name;
  private final MemoryStore store;
  private final Scope writeScope;
  private final Set<Scope> readScopes;

  StoreMemory(String name, MemoryStore store, Scope writeScope, Set<Scope> readScopes) {
    this.name = ListMemory.requireName(name);
    this.store = Objects.requireNonNull(store, "store");
    this.writeScope = Objects.requireNonNull(writeScope, "writeScope");
    this.readScopes = Set.copyOf(readScopes);
    if (this.readScopes.isEmpty()) {
      throw new IllegalArgumentException("memory '" + name + "' needs at least one scope to read");
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void add(MemoryContent content) {
    addAll(List.of(content));
  }

  @Override
  public void addAll(List<MemoryContent> contents) {
    store.putAll(contents.stream().map(this::entry).toList());
  }

  private MemoryEntry entry(MemoryContent content) {
    Map<String, String> meta = content.metadata();
    MemoryEntry.Builder entry =
        MemoryEntry.builder(writeScope, content.content())
            .source(meta.get("source"))
            .user(meta.get("user"))
            .session(meta.get("session"))
            .attributes(meta);
    if (meta.get("id") != null) {
      entry.id(meta.get("id"));
    }
    if (meta.get("tags") != null) {
      entry.tags(
          Arrays.stream(meta.get("tags").split(","))
              .map(String::strip)
              .filter(t -> !t.isEmpty())
              .toList());
    }
    return entry.build();
  }

  @Override
  public List<MemoryResult> query(String query, int limit) {
    Memory.requireLimit(name, limit);
    if (query.isBlank()) {
      return List.of();
    }
    return store
        .search(
            new MemoryQuery(
                query, readScopes, MemoryFilter.ANY, limit, MemoryQuery.SearchMode.HYBRID))
        .stream()
        .map(hit -> new MemoryResult(hit.entry().toContent(), hit.score()))
        .toList();
  }

  /** Forgets everything of the write scope. */
  @Override
  public void clear() {
    store.clear(writeScope);
  }

  @Override
  public String toString() {
    return "StoreMemory[" + name + ", " + store.name() + ", writes " + writeScope + "]";
  }
}
