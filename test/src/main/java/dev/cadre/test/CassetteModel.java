package dev.cadre.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelException;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.StreamListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model of one track of a {@link Cassette}: the live model, each exchange written down, or the
 * recording played back. A provider's failure is recorded and replayed as the same {@link
 * ModelException}.
 */
final class CassetteModel implements ChatModel {

  private final Cassette cassette;
  private final String track;
  private final ChatModel live;
  private final ModelInfo info;
  private final String provider;

  CassetteModel(Cassette cassette, String track, ChatModel live) {
    this.cassette = cassette;
    this.track = track;
    this.live = live;
    if (live != null) {
      info = live.info();
      provider = live.provider();
      ObjectNode header = line(0, "model");
      header.put("provider", provider);
      header.set("info", Json.mapper().valueToTree(info));
      cassette.record(header);
    } else {
      ObjectNode header = cassette.header(track);
      info = header == null ? ModelInfo.capable(track) : read(header.get("info"), ModelInfo.class);
      provider = header == null ? "replay" : header.path("provider").asText("replay");
    }
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
    return call(request, null, cancellation);
  }

  @Override
  public ChatResponse stream(
      ChatRequest request, StreamListener listener, CancellationToken cancellation) {
    return call(request, listener, cancellation);
  }

  private ChatResponse call(
      ChatRequest request, StreamListener listener, CancellationToken cancellation) {
    int call = cassette.nextCall(track);
    cassette.noteRequest(track, request);
    JsonNode requestJson = requestJson(request);
    if (live == null) {
      return replay(requestJson, listener, cancellation);
    }
    ObjectNode line = line(call, listener == null ? "chat" : "stream");
    line.set("request", requestJson);
    ArrayNode chunks = Json.mapper().createArrayNode();
    try {
      ChatResponse response;
      if (listener == null) {
        response = live.chat(request, cancellation);
      } else {
        response = live.stream(request, recording(listener, chunks), cancellation);
        line.set("chunks", chunks);
      }
      line.set("response", Json.mapper().valueToTree(response));
      cassette.record(line);
      return response;
    } catch (ModelException e) {
      if (!chunks.isEmpty()) {
        line.set("chunks", chunks);
      }
      ObjectNode error = line.putObject("error");
      error.put("provider", e.provider()).put("status", e.status());
      error.put("message", e.detail() == null ? e.getMessage() : e.detail());
      error.put("retryable", e.retryable());
      cassette.record(line);
      throw e;
    }
  }

  private ChatResponse replay(
      JsonNode request, StreamListener listener, CancellationToken cancellation) {
    ObjectNode line;
    try {
      line = cassette.replay(track, "request", request);
    } catch (AssertionError mismatch) {
      // The system under test sees a model failure it can handle; the test fails at its end.
      throw new ModelException("cassette", 0, mismatch.getMessage(), false);
    }
    cancellation.throwIfCancelled();
    if (listener != null) {
      if (line.has("chunks")) {
        for (JsonNode chunk : line.get("chunks")) {
          cancellation.throwIfCancelled();
          if (chunk.has("reasoning")) {
            listener.onReasoning(chunk.get("reasoning").asText());
          } else {
            listener.onText(chunk.path("text").asText());
          }
        }
      } else if (line.path("response").path("text").isTextual()) {
        listener.onText(line.path("response").path("text").asText());
      }
    }
    if (line.has("error")) {
      JsonNode error = line.get("error");
      throw new ModelException(
          error.path("provider").asText(provider),
          error.path("status").asInt(),
          error.path("message").asText(),
          error.path("retryable").asBoolean());
    }
    return read(line.get("response"), ChatResponse.class);
  }

  private static StreamListener recording(StreamListener listener, ArrayNode chunks) {
    return new StreamListener() {
      @Override
      public void onText(String text) {
        synchronized (chunks) {
          chunks.addObject().put("text", text);
        }
        listener.onText(text);
      }

      @Override
      public void onReasoning(String text) {
        synchronized (chunks) {
          chunks.addObject().put("reasoning", text);
        }
        listener.onReasoning(text);
      }
    };
  }

  private ObjectNode line(int call, String kind) {
    ObjectNode line = Json.object();
    line.put("track", track).put("call", call).put("kind", kind);
    return line;
  }

  /**
   * The request as JSON, with the provider arguments in name order: they are a map, whose order
   * would otherwise change from run to run and the file with it.
   */
  private static JsonNode requestJson(ChatRequest request) {
    ObjectNode json = Json.mapper().valueToTree(request);
    if (!request.extra().isEmpty()) {
      Map<String, JsonNode> sorted = new TreeMap<>(request.extra());
      ObjectNode extra = json.putObject("extra");
      sorted.forEach(extra::set);
    }
    return json;
  }

  private <T> T read(JsonNode node, Class<T> type) {
    try {
      return Json.mapper().treeToValue(node, type);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cassette "
              + cassette.file()
              + ", track \""
              + track
              + "\": cannot read a recorded "
              + type.getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return "CassetteModel[" + track + (live == null ? ", replay" : ", recording " + live) + "]";
  }
}
