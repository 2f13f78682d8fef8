package dev.cadre.memory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One thing a {@link MemoryStore} keeps, with the metadata every entry carries so queries can be
 * filtered by it.
 *
 * @param id unique within its scope; writing an entry with the same scope and id replaces it
 * @param scope whose memory it is
 * @param text what is remembered, and what is embedded and searched
 * @param source where it came from: a file, a conversation, a tool; may be null
 * @param user the person it is about or came from; may be null
 * @param session the conversation it came from; may be null
 * @param tags labels to filter on, in the order given
 * @param time when it was remembered, to the millisecond
 * @param attributes any further string metadata, kept and returned, not searched
 */
public record MemoryEntry(
    String id,
    Scope scope,
    String text,
    String source,
    String user,
    String session,
    List<String> tags,
    Instant time,
    Map<String, String> attributes) {

  public MemoryEntry {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("a memory entry's id must not be blank");
    }
    Objects.requireNonNull(scope, () -> "memory entry '" + id + "' has no scope");
    Objects.requireNonNull(text, () -> "memory entry '" + id + "' has no text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("memory entry '" + id + "': the text must not be blank");
    }
    tags = tags == null ? List.of() : List.copyOf(tags);
    time = (time == null ? Instant.now() : time).truncatedTo(ChronoUnit.MILLIS);
    attributes =
        attributes == null || attributes.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** Starts an entry of {@code text} in {@code scope}, with a new random id and the time now. */
  public static Builder builder(Scope scope, String text) {
    return new Builder(scope, text);
  }

  /** This entry as the SPI's {@link MemoryContent}: its text, and its metadata as strings. */
  public MemoryContent toContent() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("id", id);
    metadata.put("scope", scope.key());
    putIfSet(metadata, "source", source);
    putIfSet(metadata, "user", user);
    putIfSet(metadata, "session", session);
    if (!tags.isEmpty()) {
      metadata.put("tags", String.join(",", tags));
    }
    metadata.put("time", time.toString());
    attributes.forEach(metadata::putIfAbsent);
    return new MemoryContent(text, metadata);
  }

  private static void putIfSet(Map<String, String> metadata, String key, String value) {
    if (value != null) {
      metadata.put(key, value);
    }
  }

  /** Builds a {@link MemoryEntry}. */
  public static final class Builder {
    private final Scope scope;
    private final String text;
    private String id = UUID.randomUUID().toString();
    private String source;
    private String user;
    private String session;
    private List<String> tags = List.of();
    private Instant time;
    private Map<String, String> attributes = Map.of();

    private Builder(Scope scope, String text) {
      this.scope = scope;
      this.text = text;
    }

    /** The id; a random one when unset. Reusing an id replaces that entry. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Where the entry came from: a file, a conversation, a tool. */
    public Builder source(String source) {
      this.source = source;
      return this;
    }

    /** The person the entry is about or came from. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** The conversation the entry came from. */
    public Builder session(String session) {
      this.session = session;
      return this;
    }

    /** Labels to filter on. */
    public Builder tags(List<String> tags) {
      this.tags = tags;
      return this;
    }

    /** When it was remembered; now when unset. */
    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    /** Further metadata, kept and returned, not searched. */
    public Builder attributes(Map<String, String> attributes) {
      this.attributes = attributes;
      return this;
    }

    /** The entry; fails naming the id when the text is blank. */
    public MemoryEntry build() {
      return new MemoryEntry(id, scope, text, source, user, session, tags, time, attributes);
    }
  }
}
