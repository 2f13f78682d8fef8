package dev.cadre.memory;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Long-term memory that lasts beyond the process: entries with metadata, in scopes, searched by
 * meaning, by words or both. The implementations (an embedded Lucene index, a PostgreSQL table)
 * live in the {@code cadre-memory} module; {@link #view} gives an agent one as a {@link Memory}.
 *
 * <p>Every read names its scopes, and an implementation returns nothing from any other scope.
 * Implementations are safe to use from several threads.
 */
public interface MemoryStore extends AutoCloseable {

  /** A short name, shown in events and errors. */
  String name();

  /** Writes {@code entry}, replacing any entry with the same scope and id. */
  default void put(MemoryEntry entry) {
    putAll(List.of(entry));
  }

  /** Writes every entry (embedding them in one batch), each replacing its namesake. */
  void putAll(List<MemoryEntry> entries);

  /** The entry of {@code scope} with this id, if there is one. */
  Optional<MemoryEntry> get(Scope scope, String id);

  /** Deletes the entry of {@code scope} with this id; whether there was one. */
  boolean delete(Scope scope, String id);

  /** Deletes every entry of {@code scope}. */
  void clear(Scope scope);

  /** The best entries for {@code query}, best first, only from the query's scopes. */
  List<ScoredEntry> search(MemoryQuery query);

  /**
   * The entries of {@code scope} that pass {@code filter}, oldest first, at most {@code limit}: to
   * show someone what is remembered about them, or to find what to delete.
   */
  List<MemoryEntry> list(Scope scope, MemoryFilter filter, int limit);

  /** How many entries {@code scope} holds. */
  long count(Scope scope);

  /**
   * This store as a {@link Memory} for an agent: {@link Memory#add} writes to {@code writeScope},
   * {@link Memory#query} searches {@code readScopes} (hybrid, no filter).
   */
  default Memory view(String name, Scope writeScope, Set<Scope> readScopes) {
    return new StoreMemory(name, this, writeScope, readScopes);
  }

  @Override
  void close();
}
