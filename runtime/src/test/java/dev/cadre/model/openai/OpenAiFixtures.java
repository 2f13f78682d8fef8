package dev.cadre.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.model.http.RetryPolicy;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** Shared pieces of the OpenAI provider tests: replies as the API writes them, and parsing. */
final class OpenAiFixtures {

  static final String KEY = "sk-test-4f9a8b7c6d5e";

  /** Two retries with no backoff, so retry tests take no time. */
  static final RetryPolicy FAST_RETRY =
      new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5));

  private OpenAiFixtures() {}

  static JsonNode json(String text) {
    try {
      return Json.parse(text);
    } catch (Exception e) {
      throw new AssertionError("bad JSON in test: " + text, e);
    }
  }

  static JsonNode body(RecordedRequest request) {
    return json(request.getBody().utf8());
  }

  static MockResponse jsonReply(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** A server-sent-event body, one {@code data:} event per argument. */
  static String sse(String... data) {
    StringBuilder out = new StringBuilder();
    for (String d : data) {
      out.append("data: ").append(d).append("\n\n");
    }
    return out.toString();
  }

  static MockResponse sseReply(String body) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "text/event-stream")
        .body(body)
        .build();
  }

  /**
   * A {@code chat.completion.chunk} around {@code delta}, with the fields OpenAI adds that Cadre
   * does not read (they must be ignored).
   */
  static String chunk(ObjectNode delta, String finishReason) {
    ObjectNode chunk = Json.object();
    chunk.put("id", "chatcmpl-abc").put("object", "chat.completion.chunk").put("created", 1);
    chunk.put("model", "gpt-4o-mini-2024-07-18").put("system_fingerprint", "fp_1");
    chunk.put("obfuscation", "x1y2");
    ObjectNode choice = chunk.putArray("choices").addObject();
    choice.put("index", 0).set("delta", delta);
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return Json.write(chunk);
  }

  static String textChunk(String text) {
    return chunk(Json.object().put("content", text).putNull("refusal"), null);
  }

  static ObjectNode toolDelta(int index, String id, String name, String arguments) {
    ObjectNode call = Json.object().put("index", index);
    if (id != null) {
      call.put("id", id).put("type", "function");
    }
    ObjectNode function = call.putObject("function");
    if (name != null) {
      function.put("name", name);
    }
    function.put("arguments", arguments);
    ObjectNode delta = Json.object();
    delta.putArray("tool_calls").add(call);
    return delta;
  }

  static String usageChunk(int prompt, int completion) {
    ObjectNode chunk = Json.object();
    chunk.put("id", "chatcmpl-abc").put("object", "chat.completion.chunk");
    chunk.put("model", "gpt-4o-mini-2024-07-18");
    chunk.putArray("choices");
    ObjectNode usage = chunk.putObject("usage");
    usage.put("prompt_tokens", prompt).put("completion_tokens", completion);
    usage.put("total_tokens", prompt + completion);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
    return Json.write(chunk);
  }
}
