package dev.cadre.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool calls a {@link CadreMcpServer} is running, each with the token that cancels it, keyed
 * by the client's JSON-RPC id. The SDK's server neither honours {@code notifications/cancelled}
 * nor tells a tool its request's id, so every message from the client passes here first: a call
 * gets a token and its id in {@code _meta} (under {@link #ID_KEY}), and a cancellation cancels the
 * token of the call it names.
 */
final class InboundCalls {

  /** Where in a call's {@code _meta} its JSON-RPC id is passed on to the tool's handler. */
  static final String ID_KEY = "dev.cadre/requestId";

  private final Map<String, CancellationToken> running = new ConcurrentHashMap<>();

  /**
   * The message to hand to the SDK for {@code line}: the same line, a call with its id added, or
   * null for a cancellation, which is handled here.
   */
  String filter(String line) {
    JsonNode message;
    try {
      message = Json.parse(line);
    } catch (JsonProcessingException e) {
      return line; // the SDK answers a broken message as the protocol says
    }
    if (!(message instanceof ObjectNode object)) {
      return line;
    }
    String method = object.path("method").asText("");
    if (method.equals("tools/call") && object.has("id") && object.path("params").isObject()) {
      JsonNode id = object.get("id");
      running.put(id.toString(), new CancellationToken());
      ObjectNode params = (ObjectNode) object.get("params");
      JsonNode meta = params.get("_meta");
      ObjectNode withId = meta instanceof ObjectNode given ? given : params.putObject("_meta");
      withId.put(ID_KEY, id.toString());
      return Json.write(object);
    }
    if (method.equals("notifications/cancelled")) {
      CancellationToken token = running.get(object.path("params").path("requestId").toString());
      if (token != null) {
        token.cancel();
      }
      return null;
    }
    return line;
  }

  /**
   * The token of the call whose {@code _meta} is {@code meta}, forgotten here since the call has
   * now started; a token that cancels nothing if the call came some other way.
   */
  CancellationToken start(Map<String, Object> meta) {
    Object id = meta == null ? null : meta.get(ID_KEY);
    CancellationToken token = id == null ? null : running.get(id.toString());
    return token == null ? new CancellationToken() : token;
  }

  /** Forgets the call whose {@code _meta} is {@code meta}: it has been answered. */
  void end(Map<String, Object> meta) {
    Object id = meta == null ? null : meta.get(ID_KEY);
    if (id != null) {
      running.remove(id.toString());
    }
  }
}
