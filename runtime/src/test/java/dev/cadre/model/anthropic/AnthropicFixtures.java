package dev.cadre.model.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.model.http.RetryPolicy;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Shared helpers for the Anthropic tests: a model aimed at a MockWebServer, replies, JSON. */
final class AnthropicFixtures {

  static final String KEY = "sk-ant-test-0123456789";

  /** Retries without waiting, so retry tests run fast and deterministically. */
  static final RetryPolicy QUICK_RETRY =
      new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5));

  private AnthropicFixtures() {}

  static AnthropicChatModel.Builder builder(MockWebServer server) {
    return AnthropicChatModel.builder()
        .baseUrl(server.url("/").toString())
        .apiKey(KEY)
        .model("claude-test")
        .retry(QUICK_RETRY);
  }

  static AnthropicChatModel model(MockWebServer server) {
    return builder(server).build();
  }

  static MockResponse json(String body) {
    return json(200, body);
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("content-type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse sse(String... events) {
    return new MockResponse.Builder()
        .setHeader("content-type", "text/event-stream")
        .body(String.join("", events))
        .build();
  }

  /** One server-sent event named after its data's "type", as Anthropic sends them. */
  static String event(String json) {
    JsonNode data = parse(json);
    return "event: " + data.path("type").asText() + "\ndata: " + Json.write(data) + "\n\n";
  }

  /** A complete text reply. */
  static String textReply(String text) {
    return """
    {"id":"msg_1","type":"message","role":"assistant","model":"claude-test-20250101",
     "content":[{"type":"text","text":"%s"}],
     "stop_reason":"end_turn","stop_sequence":null,
     "usage":{"input_tokens":12,"output_tokens":3}}
    """
        .formatted(text);
  }

  static JsonNode parse(String json) {
    try {
      return Json.parse(json);
    } catch (Exception e) {
      throw new AssertionError("bad JSON in test: " + json, e);
    }
  }

  static ObjectNode object(String json) {
    return (ObjectNode) parse(json);
  }

  static JsonNode body(RecordedRequest request) {
    return parse(request.getBody().utf8());
  }
}
