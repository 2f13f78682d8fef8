package dev.cadre.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The layout of a type's state topic, and what one partition of it holds. Per agent key there is a
 * snapshot record ({@code s|<key>}: what {@link dev.cadre.core.Agent#saveState} returned) and one
 * record per recently handled message ({@code h|<message id>|<key>}: its outcome, which answers a
 * redelivered copy). Outcomes that fall out of an agent's window are deleted with tombstones, so
 * compaction keeps the topic at about one window per agent.
 */
final class StoredAgents {

  /** What is stored for one agent. */
  static final class Stored {
    JsonNode state;
    final LinkedHashMap<String, byte[]> outcomes = new LinkedHashMap<>(); // as stored: read lazily
  }

  private final Map<String, Stored> byKey = new HashMap<>();

  static String snapshotKey(String agentKey) {
    return "s|" + agentKey;
  }

  static String outcomeKey(String messageId, String agentKey) {
    return "h|" + messageId + "|" + agentKey;
  }

  static byte[] bytes(JsonNode node) {
    return Json.write(node).getBytes(StandardCharsets.UTF_8);
  }

  /** Applies one record of the state topic, in offset order. */
  void apply(String key, byte[] value) throws IOException {
    if (key.startsWith("s|")) {
      Stored stored = byKey.computeIfAbsent(key.substring(2), k -> new Stored());
      stored.state = value == null ? null : Json.mapper().readTree(value).get("state");
    } else if (key.startsWith("h|")) {
      int bar = key.indexOf('|', 2);
      String id = key.substring(2, bar);
      String agentKey = key.substring(bar + 1);
      if (value == null) {
        Stored stored = byKey.get(agentKey);
        if (stored != null) {
          stored.outcomes.remove(id);
        }
      } else {
        byKey.computeIfAbsent(agentKey, k -> new Stored()).outcomes.put(id, value);
      }
    }
  }

  /**
   * What is stored for {@code agentKey}, removing it from this partition's view; null if nothing.
   */
  Stored take(String agentKey) {
    return byKey.remove(agentKey);
  }

  static ObjectNode snapshot(JsonNode state) {
    ObjectNode node = Json.object();
    node.set("state", state);
    return node;
  }
}
