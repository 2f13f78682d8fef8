package dev.cadre.memory;

import java.util.Locale;
import java.util.Objects;

/**
 * Whose memories these are: one user's, one agent's, or a team's shared ones. Every entry of a
 * {@link MemoryStore} belongs to exactly one scope, and a query names the scopes it may read: it
 * never sees an entry of a scope it was not given.
 *
 * @param kind who owns the memories
 * @param id the user, agent or team, such as {@code alice} or {@code support}
 */
public record Scope(Kind kind, String id) {

  /** Who owns a scope's memories. */
  public enum Kind {
    /** One person's memories, whichever agent wrote them. */
    USER,
    /** One agent's own memories. */
    AGENT,
    /** Memories every member of a team shares. */
    TEAM
  }

  public Scope {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "scope id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("a " + kind + " scope needs an id that is not blank");
    }
    // Stores join scope and entry id with a newline into one key: no control character here.
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        throw new IllegalArgumentException(
            "a " + kind + " scope id must not hold control characters (one at position " + i + ")");
      }
    }
  }

  /** One user's memories. */
  public static Scope user(String id) {
    return new Scope(Kind.USER, id);
  }

  /** One agent's memories. */
  public static Scope agent(String id) {
    return new Scope(Kind.AGENT, id);
  }

  /** A team's shared memories. */
  public static Scope team(String id) {
    return new Scope(Kind.TEAM, id);
  }

  /** The scope a {@link #key()} names. */
  public static Scope parse(String key) {
    int colon = key.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("scope '" + key + "' is not kind:id, such as user:alice");
    }
    String kind = key.substring(0, colon).toUpperCase(Locale.ROOT);
    for (Kind k : Kind.values()) {
      if (k.name().equals(kind)) {
        return new Scope(k, key.substring(colon + 1));
      }
    }
    throw new IllegalArgumentException(
        "scope '" + key + "' has an unknown kind; use user:, agent: or team:");
  }

  /** How stores write the scope: {@code user:alice}, {@code agent:support}, {@code team:ops}. */
  public String key() {
    return kind.name().toLowerCase(Locale.ROOT) + ":" + id;
  }

  @Override
  public String toString() {
    return key();
  }
}
