package dev.cadre.memory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a {@link Memory} holds: a piece of text the model may be reminded of, with optional
 * metadata (where it came from, when, for whom) that memories keep but do not show the model.
 *
 * @param content the text injected into the model's context
 * @param metadata string key/value pairs, in the order given; never null
 */
public record MemoryContent(String content, Map<String, String> metadata) {

  public MemoryContent {
    Objects.requireNonNull(content, "content");
    if (content.isBlank()) {
      throw new IllegalArgumentException("memory content must not be blank");
    }
    // A LinkedHashMap, not Map.copyOf: its order is stable, so saved state is byte-for-byte stable.
    metadata =
        metadata == null || metadata.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** Text with no metadata. */
  public static MemoryContent of(String content) {
    return new MemoryContent(content, Map.of());
  }
}
