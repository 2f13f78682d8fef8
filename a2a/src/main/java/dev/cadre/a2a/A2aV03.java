package dev.cadre.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A2A 0.3 at the edge: Cadre works with the 1.0 shapes of {@link A2aWire} inside, and this class
 * translates the JSON of a 0.3 peer (as {@code @a2a-js/sdk} 0.3 and Google's ADK for JavaScript
 * speak it) to and from them. 0.3 tags each object with a {@code kind}, gives parts as {@code
 * {"kind":"text","text":...}} and files under {@code file}, spells roles {@code user}/{@code agent}
 * and states {@code input-required}, answers {@code message/send} with the task or message itself
 * and streams the events bare, and says {@code blocking} where 1.0 says the opposite, {@code
 * returnImmediately}. Reading is lenient: a field already in its 1.0 shape is left as it is.
 */
final class A2aV03 {

  private A2aV03() {}

  /** The 0.3 version Cadre's card declares for its 0.3 endpoint. */
  static final String VERSION = "0.3.0";

  private static final String STATE_PREFIX = "TASK_STATE_";

  /** The 0.3 name of a 1.0 JSON-RPC method (the reverse of {@link A2aWire#LEGACY_METHODS}). */
  static String method(String method) {
    for (Map.Entry<String, String> names : A2aWire.LEGACY_METHODS.entrySet()) {
      if (names.getValue().equals(method)) {
        return names.getKey();
      }
    }
    throw new IllegalArgumentException("A2A 0.3 has no method for " + method);
  }

  /** Whether a version string (a card's {@code protocolVersion}) is 0.3.x. */
  static boolean isV03(String version) {
    return version != null && (version.equals("0.3") || version.startsWith("0.3."));
  }

  // ---- 1.0 to 0.3 ----

  /** A 1.0 stream event or {@code SendMessage} result (one field set) as the bare 0.3 object. */
  static JsonNode event(JsonNode event) {
    if (event.hasNonNull("task")) {
      return task(event.get("task"));
    }
    if (event.hasNonNull("message")) {
      return message(event.get("message"));
    }
    if (event.hasNonNull("statusUpdate")) {
      ObjectNode update = ((ObjectNode) event.get("statusUpdate")).deepCopy();
      update.put("kind", "status-update");
      String state = update.path("status").path("state").asText("");
      update.replace("status", status(update.get("status")));
      update.put("final", A2aWire.terminal(state) || A2aWire.interrupted(state));
      return update;
    }
    if (event.hasNonNull("artifactUpdate")) {
      ObjectNode update = ((ObjectNode) event.get("artifactUpdate")).deepCopy();
      update.put("kind", "artifact-update");
      update.replace("artifact", artifact(update.get("artifact")));
      return update;
    }
    throw new IllegalArgumentException("not an A2A event: " + Json.write(event));
  }

  /** A 1.0 task as a 0.3 task. */
  static ObjectNode task(JsonNode task) {
    ObjectNode out = ((ObjectNode) task).deepCopy();
    out.put("kind", "task");
    out.replace("status", status(out.get("status")));
    mapArray(out, "artifacts", A2aV03::artifact);
    mapArray(out, "history", A2aV03::message);
    return out;
  }

  /** A 1.0 message as a 0.3 message. */
  static ObjectNode message(JsonNode message) {
    ObjectNode out = ((ObjectNode) message).deepCopy();
    out.put("kind", "message");
    String role = out.path("role").asText("");
    out.put("role", role.equals(A2aWire.ROLE_AGENT) ? "agent" : "user");
    mapArray(out, "parts", A2aV03::part);
    return out;
  }

  /** 1.0 request params as 0.3 ones: the message translated, returnImmediately as blocking. */
  static ObjectNode params(ObjectNode params) {
    ObjectNode out = params.deepCopy();
    if (out.hasNonNull("message")) {
      out.replace("message", message(out.get("message")));
    }
    if (out.get("configuration") instanceof ObjectNode configuration) {
      JsonNode immediately = configuration.remove("returnImmediately");
      configuration.put("blocking", immediately == null || !immediately.asBoolean());
    }
    return out;
  }

  private static JsonNode status(JsonNode status) {
    if (!(status instanceof ObjectNode object)) {
      return status;
    }
    ObjectNode out = object.deepCopy();
    String state = out.path("state").asText("");
    if (state.startsWith(STATE_PREFIX)) {
      String name = state.substring(STATE_PREFIX.length()).toLowerCase(Locale.ROOT);
      out.put("state", name.equals("unspecified") ? "unknown" : name.replace('_', '-'));
    }
    if (out.hasNonNull("message")) {
      out.replace("message", message(out.get("message")));
    }
    return out;
  }

  private static JsonNode artifact(JsonNode artifact) {
    ObjectNode out = ((ObjectNode) artifact).deepCopy();
    mapArray(out, "parts", A2aV03::part);
    return out;
  }

  private static JsonNode part(JsonNode part) {
    ObjectNode in = (ObjectNode) part;
    ObjectNode out = Json.object();
    if (in.hasNonNull("text")) {
      out.put("kind", "text");
      out.set("text", in.get("text"));
    } else if (in.hasNonNull("data")) {
      out.put("kind", "data");
      out.set("data", in.get("data"));
    } else {
      out.put("kind", "file");
      ObjectNode file = out.putObject("file");
      if (in.hasNonNull("url")) {
        file.set("uri", in.get("url"));
      } else {
        file.put("bytes", in.path("raw").asText(""));
      }
      copy(in, "mediaType", file, "mimeType");
      copy(in, "filename", file, "name");
    }
    copy(in, "metadata", out, "metadata");
    return out;
  }

  // ---- 0.3 to 1.0 ----

  /**
   * A bare 0.3 event or {@code message/send} result (by its {@code kind}) as the 1.0 stream
   * response, its one field set.
   */
  static ObjectNode fromEvent(JsonNode event) {
    ObjectNode out = Json.object();
    String kind = event.path("kind").asText("");
    switch (kind) {
      case "task" -> out.set("task", fromTask(event));
      case "message" -> out.set("message", fromMessage(event));
      case "status-update" -> {
        ObjectNode update = stripped(event);
        update.remove("final");
        update.replace("status", fromStatus(update.get("status")));
        out.set("statusUpdate", update);
      }
      case "artifact-update" -> {
        ObjectNode update = stripped(event);
        update.replace("artifact", fromArtifact(update.get("artifact")));
        out.set("artifactUpdate", update);
      }
      default -> throw new IllegalArgumentException("not an A2A 0.3 event (kind '" + kind + "')");
    }
    return out;
  }

  /** A 0.3 task as a 1.0 task. */
  static ObjectNode fromTask(JsonNode task) {
    ObjectNode out = stripped(task);
    out.replace("status", fromStatus(out.get("status")));
    mapArray(out, "artifacts", A2aV03::fromArtifact);
    mapArray(out, "history", A2aV03::fromMessage);
    return out;
  }

  /** A 0.3 message as a 1.0 message. */
  static ObjectNode fromMessage(JsonNode message) {
    ObjectNode out = stripped(message);
    String role = out.path("role").asText("");
    if (role.equals("agent")) {
      out.put("role", A2aWire.ROLE_AGENT);
    } else if (role.equals("user")) {
      out.put("role", A2aWire.ROLE_USER);
    }
    mapArray(out, "parts", A2aV03::fromPart);
    return out;
  }

  /** 0.3 request params as 1.0 ones: the message translated, blocking as returnImmediately. */
  static ObjectNode fromParams(JsonNode params) {
    if (!(params instanceof ObjectNode object)) {
      return Json.object();
    }
    ObjectNode out = object.deepCopy();
    if (out.get("message") instanceof ObjectNode message) {
      out.replace("message", fromMessage(message));
    }
    if (out.get("configuration") instanceof ObjectNode configuration) {
      JsonNode blocking = configuration.remove("blocking");
      if (blocking != null && !blocking.asBoolean(true)) {
        configuration.put("returnImmediately", true);
      }
    }
    return out;
  }

  private static JsonNode fromStatus(JsonNode status) {
    if (!(status instanceof ObjectNode object)) {
      return status;
    }
    ObjectNode out = object.deepCopy();
    String state = out.path("state").asText("");
    if (!state.isEmpty() && !state.startsWith(STATE_PREFIX)) {
      String name = state.equals("unknown") ? "unspecified" : state.replace('-', '_');
      out.put("state", STATE_PREFIX + name.toUpperCase(Locale.ROOT));
    }
    if (out.get("message") instanceof ObjectNode message) {
      out.replace("message", fromMessage(message));
    }
    return out;
  }

  private static JsonNode fromArtifact(JsonNode artifact) {
    ObjectNode out = ((ObjectNode) artifact).deepCopy();
    mapArray(out, "parts", A2aV03::fromPart);
    return out;
  }

  private static JsonNode fromPart(JsonNode part) {
    ObjectNode in = (ObjectNode) part;
    ObjectNode out = Json.object();
    if (in.hasNonNull("text")) {
      out.set("text", in.get("text"));
      out.put("mediaType", "text/plain");
    } else if (in.hasNonNull("data")) {
      out.set("data", in.get("data"));
      out.put("mediaType", "application/json");
    } else if (in.get("file") instanceof ObjectNode file) {
      copy(file, "uri", out, "url");
      copy(file, "bytes", out, "raw");
      copy(file, "mimeType", out, "mediaType");
      copy(file, "name", out, "filename");
    } else {
      // Already 1.0 (a url or raw part), or nothing Cadre reads: kept as it came.
      out = in.deepCopy();
      out.remove("kind");
    }
    copy(in, "metadata", out, "metadata");
    return out;
  }

  private static ObjectNode stripped(JsonNode node) {
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("not a JSON object: " + Json.write(node));
    }
    ObjectNode out = object.deepCopy();
    out.remove("kind");
    return out;
  }

  private static void mapArray(ObjectNode node, String field, UnaryOperator<JsonNode> each) {
    if (node.get(field) instanceof ArrayNode array) {
      ArrayNode out = Json.mapper().createArrayNode();
      for (JsonNode item : array) {
        out.add(item.isObject() ? each.apply(item) : item);
      }
      node.set(field, out);
    }
  }

  private static void copy(ObjectNode from, String name, ObjectNode to, String as) {
    if (from.hasNonNull(name)) {
      to.set(as, from.get(name));
    }
  }
}
