package dev.cadre.model.openai.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelException;
import dev.cadre.model.StreamListener;
import dev.cadre.model.http.HttpModelClient;

/**
 * Reads a Responses API event stream: text and refusal deltas go to the listener as they arrive;
 * the reply is read from the terminal event ({@code response.completed}, {@code
 * response.incomplete} or {@code response.failed}) the way a non-streamed reply is, so both paths
 * give the same reply. Not thread-safe; one per call.
 *
 * <p>The terminal event's {@code response} carries every output item; should a server send it
 * without them, the items of the {@code response.output_item.done} events stand in.
 */
final class ResponsesStream implements HttpModelClient.ServerSentEvents {

  private final String provider;
  private final StreamListener listener;
  private final ArrayNode doneItems = Json.mapper().createArrayNode();
  private ChatResponse response;

  ResponsesStream(String provider, StreamListener listener) {
    this.provider = provider;
    this.listener = listener;
  }

  @Override
  public boolean onEvent(String event, String data) {
    String trimmed = data.strip();
    if (trimmed.isEmpty() || trimmed.equals("[DONE]")) {
      return false;
    }
    JsonNode node;
    try {
      node = Json.parse(trimmed);
    } catch (JsonProcessingException e) {
      throw new ModelException(
          provider,
          0,
          "malformed stream event (" + e.getOriginalMessage() + ")",
          false,
          null,
          data,
          null);
    }
    String type = ResponsesWire.text(node.path("type"));
    if (type == null) {
      type = event == null ? "" : event;
    }
    switch (type) {
      case "response.output_text.delta", "response.refusal.delta" -> {
        String delta = ResponsesWire.text(node.path("delta"));
        if (delta != null && !delta.isEmpty()) {
          listener.onText(delta);
        }
        return false;
      }
      case "response.output_item.done" -> {
        if (node.path("item").isObject()) {
          doneItems.add(node.path("item"));
        }
        return false;
      }
      case "response.completed", "response.incomplete", "response.failed" -> {
        JsonNode reply = node.path("response");
        if (!reply.isObject()) {
          throw new ModelException(
              provider, 0, "the " + type + " event carries no response", false, null, data, null);
        }
        JsonNode output = reply.path("output");
        if ((!output.isArray() || output.isEmpty()) && !doneItems.isEmpty()) {
          reply = ((ObjectNode) reply.deepCopy()).set("output", doneItems);
        }
        response = ResponsesWire.parseResponse(reply, provider);
        return true;
      }
      case "error" -> {
        String code = ResponsesWire.text(node.path("code"));
        String message = ResponsesWire.text(node.path("message"));
        throw new ModelException(
            provider,
            0,
            "the stream reported an error"
                + (code == null ? "" : " (" + code + ")")
                + ": "
                + (message == null ? "(no message)" : message),
            false,
            null,
            data,
            null);
      }
      default -> {
        return false;
      }
    }
  }

  /** The reply, once {@link #onEvent} returned true. */
  ChatResponse response() {
    if (response == null) {
      throw new IllegalStateException("the stream has not finished");
    }
    return response;
  }
}
