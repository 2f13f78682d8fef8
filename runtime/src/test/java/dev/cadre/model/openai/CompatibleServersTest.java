package dev.cadre.model.openai;

import static dev.cadre.model.openai.OpenAiFixtures.FAST_RETRY;
import static dev.cadre.model.openai.OpenAiFixtures.KEY;
import static dev.cadre.model.openai.OpenAiFixtures.body;
import static dev.cadre.model.openai.OpenAiFixtures.chunk;
import static dev.cadre.model.openai.OpenAiFixtures.jsonReply;
import static dev.cadre.model.openai.OpenAiFixtures.sse;
import static dev.cadre.model.openai.OpenAiFixtures.sseReply;
import static dev.cadre.model.openai.OpenAiFixtures.textChunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelException;
import dev.cadre.model.StreamListener;
import dev.cadre.tool.ToolCall;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What servers that call themselves OpenAI-compatible send differently from OpenAI, each as the
 * server sends it: Gemini's index-less tool calls, llama.cpp's and TGI's streams without {@code
 * [DONE]}, bare CR line endings, a JSON answer to a stream request; and what every client owes
 * them: custom headers, request ids, interrupts.
 */
@Timeout(30)
class CompatibleServersTest {

  @StartStop final MockWebServer server = new MockWebServer();

  private final List<String> received = new CopyOnWriteArrayList<>();
  private final StreamListener listener = received::add;

  private static final ChatRequest HELLO =
      ChatRequest.builder().message(ChatMessage.user("Hi")).build();

  private static final String OK =
      """
      {"id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", "model": "gpt-4o-mini",
       "choices": [{"index": 0, "finish_reason": "stop",
                    "message": {"role": "assistant", "content": "fine"}}]}
      """;

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private OpenAiChatModel.Builder builder() {
    return OpenAiChatModel.builder()
        .baseUrl(server.url("/v1").toString())
        .apiKey(KEY)
        .model("gemini-2.5-flash")
        .retry(FAST_RETRY);
  }

  private OpenAiChatModel model() {
    return builder().build();
  }

  /** A tool-call delta without an index, as Gemini's OpenAI-compatible endpoint writes it. */
  private static String geminiCall(String id, String name, String arguments) {
    ObjectNode call = Json.object().put("id", id).put("type", "function");
    call.putObject("function").put("name", name).put("arguments", arguments);
    ObjectNode delta = Json.object().put("role", "assistant");
    delta.putArray("tool_calls").add(call);
    return chunk(delta, null);
  }

  @Test
  void toolCallsWithoutAnIndexEachInTheirOwnChunkBecomeSeparateCalls() {
    server.enqueue(
        sseReply(
            sse(
                geminiCall("function-call-1", "weather", "{\"city\":\"Paris\"}"),
                geminiCall("function-call-2", "weather", "{\"city\":\"Rome\"}"),
                chunk(Json.object(), "tool_calls"),
                "[DONE]")));

    ChatResponse response = model().stream(HELLO, listener, CancellationToken.none());

    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall("function-call-1", "weather", "{\"city\":\"Paris\"}"),
            new ToolCall("function-call-2", "weather", "{\"city\":\"Rome\"}"));
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void anIndexLessDeltaWithoutAnIdContinuesTheCallBeforeIt() {
    ObjectNode rest = Json.object();
    rest.putArray("tool_calls").addObject().putObject("function").put("arguments", "\"Oslo\"}");
    server.enqueue(
        sseReply(
            sse(
                geminiCall("call-a", "weather", "{\"city\":"),
                chunk(rest, null),
                chunk(Json.object(), "tool_calls"),
                "[DONE]")));

    ChatResponse response = model().stream(HELLO, listener, CancellationToken.none());

    assertThat(response.toolCalls())
        .containsExactly(new ToolCall("call-a", "weather", "{\"city\":\"Oslo\"}"));
  }

  @Test
  void aStreamThatEndsWithoutDoneAfterAFinishReasonIsACompleteReply() {
    server.enqueue(sseReply(sse(textChunk("Hel"), textChunk("lo"), chunk(Json.object(), "stop"))));

    ChatResponse response = model().stream(HELLO, listener, CancellationToken.none());

    assertThat(response.text()).isEqualTo("Hello");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(received).containsExactly("Hel", "lo");
  }

  @Test
  void aStreamCutBeforeAnyFinishReasonIsStillAnError() {
    server.enqueue(sseReply(sse(textChunk("Hel"), textChunk("lo"))));

    assertThatThrownBy(() -> model().stream(HELLO, listener, CancellationToken.none()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("the stream ended before the reply was complete");
  }

  @Test
  void bareCarriageReturnsEndLinesAsTheSseSpecificationAllows() {
    String body =
        sse(textChunk("one "), textChunk("two"), chunk(Json.object(), "stop"), "[DONE]")
            .replace("\n", "\r");
    server.enqueue(sseReply(body));

    ChatResponse response = model().stream(HELLO, listener, CancellationToken.none());

    assertThat(response.text()).isEqualTo("one two");
    assertThat(received).containsExactly("one ", "two");
  }

  @Test
  void crlfLineEndingsAndACommentReadAsLfOnes() {
    String body =
        (": keep-alive\n\n"
                + sse(textChunk("one "), textChunk("two"), chunk(Json.object(), "stop"), "[DONE]"))
            .replace("\n", "\r\n");
    server.enqueue(sseReply(body));

    assertThat(model().stream(HELLO, listener, CancellationToken.none()).text())
        .isEqualTo("one two");
  }

  @Test
  void lineEndingsSplitAcrossReadsByteByByteReadTheSame() {
    for (String ending : List.of("\r", "\r\n")) {
      String body =
          sse(textChunk("one "), textChunk("two"), chunk(Json.object(), "stop"), "[DONE]")
              .replace("\n", ending);
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .setHeader("Content-Type", "text/plain")
              .body(body)
              .throttleBody(1, 1, TimeUnit.MILLISECONDS)
              .build());

      assertThat(model().stream(HELLO, listener, CancellationToken.none()).text())
          .as("lines ending in %s", ending.replace("\r", "CR").replace("\n", "LF"))
          .isEqualTo("one two");
    }
  }

  @Test
  void aJsonAnswerToAStreamRequestSaysItIsNotAnEventStream() {
    server.enqueue(jsonReply(200, OK));

    assertThatThrownBy(() -> model().stream(HELLO, listener, CancellationToken.none()))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.status()).isEqualTo(200);
              assertThat(e.body()).contains("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
            })
        .hasMessageContaining("a stream was asked for, but the reply is not an event stream")
        .hasMessageContaining("Content-Type: application/json")
        .hasMessageContaining("\"content\": \"fine\"");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anEventStreamSentAsPlainTextIsStillRead() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/plain; charset=utf-8")
            .body(sse(textChunk("plain"), chunk(Json.object(), "stop"), "[DONE]"))
            .build());

    assertThat(model().stream(HELLO, listener, CancellationToken.none()).text()).isEqualTo("plain");
  }

  @Test
  void extraFieldsCannotTurnAPlainCallIntoAStream() throws Exception {
    ChatRequest request =
        HELLO.toBuilder()
            .extra("stream", Json.parse("true"))
            .extra("stream_options", Json.parse("{\"include_usage\": false}"))
            .extra("top_k", Json.parse("40"))
            .build();
    server.enqueue(jsonReply(200, OK));

    assertThat(model().chat(request).text()).isEqualTo("fine");

    JsonNode sent = body(server.takeRequest());
    assertThat(sent.has("stream")).isFalse();
    assertThat(sent.has("stream_options")).isFalse();
    assertThat(sent.path("top_k").asInt()).isEqualTo(40);
  }

  @Test
  void extraFieldsCannotTurnAStreamIntoAPlainCall() throws Exception {
    ChatRequest request =
        HELLO.toBuilder()
            .extra("stream", Json.parse("false"))
            .extra("stream_options", Json.parse("{\"include_usage\": false}"))
            .build();
    server.enqueue(sseReply(sse(textChunk("ok"), chunk(Json.object(), "stop"), "[DONE]")));

    assertThat(model().stream(request, listener, CancellationToken.none()).text()).isEqualTo("ok");

    JsonNode sent = body(server.takeRequest());
    assertThat(sent.path("stream").asBoolean()).isTrue();
    assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
  }

  @Test
  void customHeadersGoOutWithEveryRequest() throws Exception {
    OpenAiChatModel model =
        builder()
            .header("OpenAI-Organization", "org-cadre")
            .headers(Map.of("OpenAI-Project", "proj_cadre", "X-Trace", "t-1"))
            .build();
    server.enqueue(jsonReply(200, OK));
    server.enqueue(sseReply(sse(textChunk("ok"), chunk(Json.object(), "stop"), "[DONE]")));

    model.chat(HELLO);
    model.stream(HELLO, listener, CancellationToken.none());

    for (int i = 0; i < 2; i++) {
      RecordedRequest request = server.takeRequest();
      assertThat(request.getHeaders().get("OpenAI-Organization")).isEqualTo("org-cadre");
      assertThat(request.getHeaders().get("OpenAI-Project")).isEqualTo("proj_cadre");
      assertThat(request.getHeaders().get("X-Trace")).isEqualTo("t-1");
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    }
  }

  @Test
  void aReplyCarriesTheResponseIdAndTheRequestId() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .setHeader("x-request-id", "req_7f3a")
            .body(OK)
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/event-stream")
            .setHeader("x-request-id", "req_8b4c")
            .body(sse(textChunk("ok"), chunk(Json.object(), "stop"), "[DONE]"))
            .build());

    ChatResponse plain = model().chat(HELLO);
    ChatResponse streamed = model().stream(HELLO, listener, CancellationToken.none());

    assertThat(plain.id()).isEqualTo("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
    assertThat(plain.requestId()).isEqualTo("req_7f3a");
    assertThat(streamed.id()).isEqualTo("chatcmpl-abc");
    assertThat(streamed.requestId()).isEqualTo("req_8b4c");
  }

  @Test
  void everyFailureNamesTheRequestId() {
    server.enqueue(
        new MockResponse.Builder()
            .code(400)
            .setHeader("Content-Type", "application/json")
            .setHeader("x-request-id", "req_400")
            .body("{\"error\": {\"message\": \"bad messages\", \"param\": \"messages\"}}")
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/event-stream")
            .setHeader("x-request-id", "req_chunk")
            .body(sse(textChunk("a"), "{\"error\": {\"message\": \"overloaded\"}}"))
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .setHeader("x-request-id", "req_nochoices")
            .body("{\"error\": {\"message\": \"quota\"}}")
            .build());
    ObjectNode nameless = Json.object();
    nameless.putArray("tool_calls").addObject().put("index", 0).put("id", "c1");
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/event-stream")
            .setHeader("x-request-id", "req_nameless")
            .body(sse(chunk(nameless, "tool_calls"), "[DONE]"))
            .build());

    assertThatThrownBy(() -> model().chat(HELLO))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.requestId()).isEqualTo("req_400"))
        .hasMessageContaining("bad messages")
        .hasMessageContaining("\"param\": \"messages\"")
        .hasMessageEndingWith("(request id req_400)");
    assertThatThrownBy(() -> model().stream(HELLO, listener, CancellationToken.none()))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.requestId()).isEqualTo("req_chunk"))
        .hasMessageContaining("the stream reported an error: overloaded")
        .hasMessageContaining("(request id req_chunk)");
    assertThatThrownBy(() -> model().chat(HELLO))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.requestId()).isEqualTo("req_nochoices"))
        .hasMessageContaining("quota")
        .hasMessageContaining("(request id req_nochoices)");
    assertThatThrownBy(() -> model().stream(HELLO, listener, CancellationToken.none()))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.requestId()).isEqualTo("req_nameless"))
        .hasMessageContaining("a tool call (index 0) without a name");
  }

  @Test
  void aThreadInterruptedBeforeTheCallGetsCancelledAndStaysInterrupted() {
    server.enqueue(jsonReply(200, OK));

    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> model().chat(HELLO)).isInstanceOf(CancelledException.class);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
    Thread.interrupted();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aThreadInterruptedWhileWaitingForTheReplyGetsCancelled() {
    server.enqueue(new MockResponse.Builder().headersDelay(5, TimeUnit.MINUTES).body(OK).build());
    interruptOnceTheRequestArrives(Thread.currentThread());

    assertThatThrownBy(() -> model().chat(HELLO)).isInstanceOf(CancelledException.class);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void aThreadInterruptedMidStreamGetsCancelled() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/event-stream")
            .body(sse(textChunk("a"), textChunk("b")))
            .bodyDelay(5, TimeUnit.MINUTES)
            .build());
    interruptOnceTheRequestArrives(Thread.currentThread());

    assertThatThrownBy(() -> model().stream(HELLO, listener, CancellationToken.none()))
        .isInstanceOf(CancelledException.class);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  private void interruptOnceTheRequestArrives(Thread caller) {
    Thread interrupter =
        new Thread(
            () -> {
              try {
                server.takeRequest();
                Thread.sleep(200); // let the caller block on the reply
              } catch (InterruptedException e) {
                return;
              }
              caller.interrupt();
            });
    interrupter.setDaemon(true);
    interrupter.start();
  }
}
