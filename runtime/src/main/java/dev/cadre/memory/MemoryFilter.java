package dev.cadre.memory;

import java.time.Instant;
import java.util.List;

/**
 * What a {@link MemoryStore} query keeps, besides its scopes: every condition set must hold.
 *
 * @param source the entry's source must equal it; null for any
 * @param user the entry's user must equal it; null for any
 * @param session the entry's session must equal it; null for any
 * @param tags the entry must carry every one of them
 * @param after the entry's time must be at or after it; null for no bound
 * @param before the entry's time must be before it; null for no bound
 */
public record MemoryFilter(
    String source, String user, String session, List<String> tags, Instant after, Instant before) {

  /** A filter that keeps everything. */
  public static final MemoryFilter ANY = new MemoryFilter(null, null, null, List.of(), null, null);

  public MemoryFilter {
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** This filter, also keeping only entries of {@code source} (null for any). */
  public MemoryFilter withSource(String source) {
    return new MemoryFilter(source, user, session, tags, after, before);
  }

  /** This filter, also keeping only entries of {@code user} (null for any). */
  public MemoryFilter withUser(String user) {
    return new MemoryFilter(source, user, session, tags, after, before);
  }

  /** This filter, also keeping only entries of {@code session} (null for any). */
  public MemoryFilter withSession(String session) {
    return new MemoryFilter(source, user, session, tags, after, before);
  }

  /** This filter, keeping only entries that carry every one of {@code tags}. */
  public MemoryFilter withTags(List<String> tags) {
    return new MemoryFilter(source, user, session, tags, after, before);
  }

  /** Keeps entries from {@code after} (inclusive) to {@code before} (exclusive); null for open. */
  public MemoryFilter withTime(Instant after, Instant before) {
    return new MemoryFilter(source, user, session, tags, after, before);
  }

  /** Whether {@code entry} passes; stores that filter in their own query language agree with it. */
  public boolean test(MemoryEntry entry) {
    return (source == null || source.equals(entry.source()))
        && (user == null || user.equals(entry.user()))
        && (session == null || session.equals(entry.session()))
        && entry.tags().containsAll(tags)
        && (after == null || !entry.time().isBefore(after))
        && (before == null || entry.time().isBefore(before));
  }
}
