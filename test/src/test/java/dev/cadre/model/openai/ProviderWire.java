package dev.cadre.model.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import mockwebserver3.MockResponse;

/**
 * The runtime's recorded OpenAI replies ({@link OpenAiFixtures}, package-private in the runtime's
 * test jar), opened to the test kit's self-tests: a MockWebServer serving these stands in for the
 * provider a cassette records.
 */
public final class ProviderWire {

  /** The key the runtime's provider tests use; a cassette must never hold it. */
  public static final String KEY = OpenAiFixtures.KEY;

  private ProviderWire() {}

  /** A streamed reply of {@code chunks} of text, then its usage. */
  public static MockResponse streamedText(int input, int output, String... chunks) {
    String[] events = new String[chunks.length + 4];
    events[0] =
        OpenAiFixtures.chunk(
            Json.object().put("role", "assistant").put("content", "").putNull("refusal"), null);
    for (int i = 0; i < chunks.length; i++) {
      events[i + 1] = OpenAiFixtures.textChunk(chunks[i]);
    }
    events[chunks.length + 1] = OpenAiFixtures.chunk(Json.object(), "stop");
    events[chunks.length + 2] = OpenAiFixtures.usageChunk(input, output);
    events[chunks.length + 3] = "[DONE]";
    return OpenAiFixtures.sseReply(OpenAiFixtures.sse(events));
  }

  /** A streamed reply that calls one tool. */
  public static MockResponse streamedToolCall(String id, String name, String arguments) {
    ObjectNode delta = OpenAiFixtures.toolDelta(0, id, name, arguments);
    return OpenAiFixtures.sseReply(
        OpenAiFixtures.sse(
            OpenAiFixtures.chunk(delta, null),
            OpenAiFixtures.chunk(Json.object(), "tool_calls"),
            OpenAiFixtures.usageChunk(30, 8),
            "[DONE]"));
  }

  /** An error reply, as the provider writes one. */
  public static MockResponse error(int status, String body) {
    return OpenAiFixtures.jsonReply(status, body);
  }
}
