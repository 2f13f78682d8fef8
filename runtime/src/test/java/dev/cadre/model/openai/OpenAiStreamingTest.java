package dev.cadre.model.openai;

import static dev.cadre.model.openai.OpenAiFixtures.FAST_RETRY;
import static dev.cadre.model.openai.OpenAiFixtures.KEY;
import static dev.cadre.model.openai.OpenAiFixtures.body;
import static dev.cadre.model.openai.OpenAiFixtures.chunk;
import static dev.cadre.model.openai.OpenAiFixtures.json;
import static dev.cadre.model.openai.OpenAiFixtures.jsonReply;
import static dev.cadre.model.openai.OpenAiFixtures.sse;
import static dev.cadre.model.openai.OpenAiFixtures.sseReply;
import static dev.cadre.model.openai.OpenAiFixtures.textChunk;
import static dev.cadre.model.openai.OpenAiFixtures.toolDelta;
import static dev.cadre.model.openai.OpenAiFixtures.usageChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelException;
import dev.cadre.model.Usage;
import dev.cadre.tool.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Streaming replies of {@link OpenAiChatModel}: text, tool-call deltas, usage, failures. */
class OpenAiStreamingTest {

  @StartStop final MockWebServer server = new MockWebServer();

  private final List<String> received = new CopyOnWriteArrayList<>();

  private static final ChatRequest HELLO =
      ChatRequest.builder().message(ChatMessage.user("Hi")).build();

  private OpenAiChatModel model() {
    return OpenAiChatModel.builder()
        .baseUrl(server.url("/v1").toString())
        .apiKey(KEY)
        .model("gpt-4o-mini")
        .retry(FAST_RETRY)
        .build();
  }

  private static String roleChunk() {
    return chunk(
        Json.object().put("role", "assistant").put("content", "").putNull("refusal"), null);
  }

  @Test
  void textChunksArriveInOrderAndUsageComesFromTheLastChunk() throws Exception {
    server.enqueue(
        sseReply(
            sse(
                roleChunk(),
                textChunk("Hel"),
                textChunk("lo"),
                textChunk(", wor"),
                textChunk("ld"),
                chunk(Json.object(), "stop"),
                usageChunk(12, 4),
                "[DONE]")));

    ChatResponse response = model().stream(HELLO, received::add, CancellationToken.none());

    assertThat(received).containsExactly("Hel", "lo", ", wor", "ld");
    assertThat(response.text()).isEqualTo("Hello, world");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage()).isEqualTo(new Usage(12, 4));
    assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(response.toolCalls()).isEmpty();

    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("Accept")).isEqualTo("text/event-stream");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = body(request);
    assertThat(body.path("stream").booleanValue()).isTrue();
    assertThat(body.path("stream_options")).isEqualTo(json("{\"include_usage\": true}"));
    assertThat(body.path("messages")).isEqualTo(json("[{\"role\":\"user\",\"content\":\"Hi\"}]"));
  }

  @Test
  void interleavedToolCallDeltasAreAssembled() {
    server.enqueue(
        sseReply(
            sse(
                roleChunk(),
                chunk(toolDelta(0, "call_w", "get_weather", ""), null),
                chunk(toolDelta(1, "call_t", "get_time", ""), null),
                chunk(toolDelta(0, null, null, "{\"ci"), null),
                chunk(toolDelta(1, null, null, "{\"tz\": \"Eu"), null),
                chunk(toolDelta(0, null, null, "ty\": \"Pa"), null),
                chunk(toolDelta(1, null, null, "rope/Pa"), null),
                chunk(toolDelta(1, null, null, "ris\"}"), null),
                chunk(toolDelta(0, null, null, "ris\"}"), null),
                chunk(Json.object(), "tool_calls"),
                usageChunk(50, 30),
                "[DONE]")));

    ChatResponse response = model().stream(HELLO, received::add, CancellationToken.none());

    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall("call_w", "get_weather", "{\"city\": \"Paris\"}"),
            new ToolCall("call_t", "get_time", "{\"tz\": \"Europe/Paris\"}"));
    assertThat(response.text()).isNull();
    assertThat(received).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.usage()).isEqualTo(new Usage(50, 30));
  }

  @Test
  void streamCutOffMidwayFailsAfterDeliveringWhatCame() {
    // The server closes the socket halfway through the body; the padding puts the cut well after
    // the two text chunks and before [DONE].
    String padding = "x".repeat(2000);
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/event-stream")
            .body(
                sse(roleChunk(), textChunk("Once upon"), textChunk(" a time"))
                    + ": "
                    + padding
                    + "\n\n"
                    + sse(textChunk(" there was"), usageChunk(5, 5), "[DONE]"))
            .onResponseBody(new SocketEffect.CloseSocket(true, false, false))
            .build());

    assertThatThrownBy(() -> model().stream(HELLO, received::add, CancellationToken.none()))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.provider()).isEqualTo("openai"))
        .hasMessageContaining("cut off");
    assertThat(received).containsExactly("Once upon", " a time");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void streamEndingWithoutDoneFails() {
    server.enqueue(sseReply(sse(roleChunk(), textChunk("Half a"), textChunk(" thought"))));

    assertThatThrownBy(() -> model().stream(HELLO, received::add, CancellationToken.none()))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.provider()).isEqualTo("openai"))
        .hasMessageContaining("ended before the reply was complete");
    assertThat(received).containsExactly("Half a", " thought");
  }

  @Test
  void errorEventInTheStreamIsReported() {
    server.enqueue(
        sseReply(
            sse(
                textChunk("Hi"),
                "{\"error\": {\"message\": \"The model is overloaded\","
                    + " \"type\": \"server_error\"}}")));

    assertThatThrownBy(() -> model().stream(HELLO, received::add, CancellationToken.none()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("The model is overloaded");
  }

  @Test
  void malformedChunkIsReported() {
    server.enqueue(sseReply(sse(textChunk("Hi"), "{not json")));

    assertThatThrownBy(() -> model().stream(HELLO, received::add, CancellationToken.none()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("malformed stream chunk")
        .hasMessageContaining("{not json");
  }

  @Test
  void failureBeforeTheStreamStartsIsRetried() {
    server.enqueue(jsonReply(503, "{\"error\": {\"message\": \"overloaded\"}}"));
    server.enqueue(sseReply(sse(textChunk("ok"), chunk(Json.object(), "stop"), "[DONE]")));

    ChatResponse response = model().stream(HELLO, received::add, CancellationToken.none());

    assertThat(response.text()).isEqualTo("ok");
    assertThat(received).containsExactly("ok");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void refusalStreamsAsTextWithContentFilter() {
    server.enqueue(
        sseReply(
            sse(
                chunk(Json.object().put("role", "assistant").putNull("content"), null),
                chunk(Json.object().put("refusal", "I can't"), null),
                chunk(Json.object().put("refusal", " help with that."), null),
                chunk(Json.object(), "stop"),
                "[DONE]")));

    ChatResponse response = model().stream(HELLO, received::add, CancellationToken.none());

    assertThat(received).containsExactly("I can't", " help with that.");
    assertThat(response.text()).isEqualTo("I can't help with that.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void cancellingMidStreamAbortsTheCall() {
    // The server sends half the body, then stalls without closing: only cancellation ends it.
    String padding = "x".repeat(2000);
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/event-stream")
            .body(sse(textChunk("first")) + ": " + padding + "\n\n" + sse("[DONE]"))
            .onResponseBody(SocketEffect.Stall.INSTANCE)
            .build());
    CancellationToken token = new CancellationToken();
    CountDownLatch firstText = new CountDownLatch(1);
    CompletableFuture<Void> canceller =
        CompletableFuture.runAsync(
            () -> {
              try {
                firstText.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
              token.cancel();
            });

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(
                    () ->
                        model()
                            .stream(
                                HELLO,
                                text -> {
                                  received.add(text);
                                  firstText.countDown();
                                },
                                token))
                .isInstanceOf(CancelledException.class));
    canceller.join();
    assertThat(received).containsExactly("first");
  }
}
