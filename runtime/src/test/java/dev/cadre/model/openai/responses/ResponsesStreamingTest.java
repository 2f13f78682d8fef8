package dev.cadre.model.openai.responses;

import static dev.cadre.model.openai.responses.OpenAiResponsesModelTest.FAST_RETRY;
import static dev.cadre.model.openai.responses.OpenAiResponsesModelTest.KEY;
import static dev.cadre.model.openai.responses.OpenAiResponsesModelTest.WEATHER;
import static dev.cadre.model.openai.responses.OpenAiResponsesModelTest.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelException;
import dev.cadre.model.Reasoning;
import dev.cadre.model.Usage;
import dev.cadre.tool.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Responses API streams as the reference shows them: {@code event:} and {@code data:} lines, text
 * and argument deltas, items done, and a terminal event that carries the whole response.
 */
@Timeout(30)
class ResponsesStreamingTest {

  @StartStop final MockWebServer server = new MockWebServer();

  private final List<String> received = new CopyOnWriteArrayList<>();

  private static final ChatRequest WEATHER_IN_PARIS =
      ChatRequest.builder().message(ChatMessage.user("Weather in Paris?")).tool(WEATHER).build();

  /** The final response of the stream below, as its response.completed event carries it. */
  private static final String COMPLETED =
      """
      {"id":"resp_s1","object":"response","status":"completed","model":"o4-mini-2025-04-16",\
      "error":null,"incomplete_details":null,"output":[\
      {"type":"reasoning","id":"rs_s1","summary":[{"type":"summary_text","text":"Weather tool."}],\
      "encrypted_content":"gAAAAABstream"},\
      {"type":"message","id":"msg_s1","status":"completed","role":"assistant","content":[\
      {"type":"output_text","text":"Let me check. ☀","annotations":[]}]},\
      {"type":"function_call","id":"fc_s1","call_id":"call_s1","name":"get_weather",\
      "arguments":"{\\"city\\":\\"Paris\\"}","status":"completed"}],\
      "usage":{"input_tokens":50,"input_tokens_details":{"cached_tokens":32},\
      "output_tokens":30,"output_tokens_details":{"reasoning_tokens":12},"total_tokens":80}}\
      """;

  private static String event(String type, String data) {
    return "event: " + type + "\ndata: " + data + "\n\n";
  }

  /** A stream with reasoning, text (with a character of three UTF-8 bytes) and a call. */
  private static String toolStream(String completed) {
    return event(
            "response.created",
            "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_s1\","
                + "\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}")
        + event(
            "response.output_item.done",
            "{\"type\":\"response.output_item.done\",\"sequence_number\":3,\"output_index\":0,"
                + "\"item\":{\"type\":\"reasoning\",\"id\":\"rs_s1\",\"summary\":[{\"type\":"
                + "\"summary_text\",\"text\":\"Weather tool.\"}],"
                + "\"encrypted_content\":\"gAAAAABstream\"}}")
        + event(
            "response.output_text.delta",
            "{\"type\":\"response.output_text.delta\",\"sequence_number\":5,\"item_id\":\"msg_s1\","
                + "\"output_index\":1,\"content_index\":0,\"delta\":\"Let me\"}")
        + event(
            "response.output_text.delta",
            "{\"type\":\"response.output_text.delta\",\"sequence_number\":6,\"item_id\":\"msg_s1\","
                + "\"output_index\":1,\"content_index\":0,\"delta\":\" check. ☀\"}")
        + event(
            "response.function_call_arguments.delta",
            "{\"type\":\"response.function_call_arguments.delta\",\"sequence_number\":9,"
                + "\"item_id\":\"fc_s1\",\"output_index\":2,\"delta\":\"{\\\"city\\\":\"}")
        + event(
            "response.function_call_arguments.done",
            "{\"type\":\"response.function_call_arguments.done\",\"sequence_number\":10,"
                + "\"item_id\":\"fc_s1\",\"output_index\":2,"
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}")
        + event(
            "response.completed",
            "{\"type\":\"response.completed\",\"sequence_number\":12,\"response\":"
                + completed
                + "}");
  }

  private OpenAiResponsesModel model() {
    return OpenAiResponsesModel.builder()
        .baseUrl(server.url("/v1").toString())
        .apiKey(KEY)
        .model("o4-mini")
        .retry(FAST_RETRY)
        .build();
  }

  private static MockResponse sseReply(String body) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "text/event-stream")
        .body(body)
        .build();
  }

  @Test
  void aStreamDeliveredOneByteAtATimeGivesTheSameReplyAsChat() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/event-stream")
            .body(toolStream(COMPLETED))
            .throttleBody(1, 1, TimeUnit.MILLISECONDS)
            .build());
    server.enqueue(OpenAiResponsesModelTest.jsonReply(200, COMPLETED));
    OpenAiResponsesModel model = model();

    ChatResponse streamed = model.stream(WEATHER_IN_PARIS, received::add, CancellationToken.none());
    ChatResponse chatted = model.chat(WEATHER_IN_PARIS);

    assertThat(received).containsExactly("Let me", " check. ☀");
    assertThat(streamed.text()).isEqualTo("Let me check. ☀");
    assertThat(streamed.toolCalls())
        .containsExactly(new ToolCall("call_s1", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(streamed.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(streamed.reasoning())
        .containsExactly(new Reasoning("Weather tool.", null, "gAAAAABstream", "rs_s1"));
    assertThat(streamed.usage()).isEqualTo(new Usage(50, 30, 12, 32, 0));
    assertThat(streamed.id()).isEqualTo("resp_s1");
    assertThat(streamed).isEqualTo(chatted.withRequestId(null));
    assertThat(body(server.takeRequest()).path("stream").asBoolean()).isTrue();
    assertThat(server.takeRequest().getHeaders().get("Accept")).isNotEqualTo("text/event-stream");
  }

  @Test
  void aTerminalEventWithoutOutputIsReadFromTheItemsDone() {
    String bare =
        "{\"id\":\"resp_s1\",\"object\":\"response\",\"status\":\"completed\","
            + "\"model\":\"o4-mini\",\"output\":[]}";
    String stream =
        toolStream(bare)
            .replace(
                event(
                    "response.output_text.delta",
                    "{\"type\":\"response.output_text.delta\",\"sequence_number\":6,"
                        + "\"item_id\":\"msg_s1\",\"output_index\":1,\"content_index\":0,"
                        + "\"delta\":\" check. ☀\"}"),
                event(
                    "response.output_item.done",
                    "{\"type\":\"response.output_item.done\",\"sequence_number\":7,"
                        + "\"item\":{\"type\":\"function_call\",\"id\":\"fc_s1\","
                        + "\"call_id\":\"call_s1\",\"name\":\"get_weather\","
                        + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}"));
    server.enqueue(sseReply(stream));

    ChatResponse reply = model().stream(WEATHER_IN_PARIS, received::add, CancellationToken.none());

    assertThat(received).containsExactly("Let me");
    assertThat(reply.reasoning()).extracting(Reasoning::id).containsExactly("rs_s1");
    assertThat(reply.toolCalls()).extracting(ToolCall::id).containsExactly("call_s1");
    assertThat(reply.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void anIncompleteEventEndsTheStreamWithItsReason() {
    server.enqueue(
        sseReply(
            event(
                    "response.output_text.delta",
                    "{\"type\":\"response.output_text.delta\",\"delta\":\"Once upon\"}")
                + event(
                    "response.incomplete",
                    "{\"type\":\"response.incomplete\",\"response\":{\"id\":\"resp_i\","
                        + "\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":"
                        + "\"max_output_tokens\"},\"output\":[{\"type\":\"message\",\"id\":"
                        + "\"msg_i\",\"role\":\"assistant\",\"content\":[{\"type\":"
                        + "\"output_text\",\"text\":\"Once upon\"}]}]}}")));

    ChatResponse reply = model().stream(WEATHER_IN_PARIS, received::add, CancellationToken.none());

    assertThat(reply.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(reply.text()).isEqualTo("Once upon");
  }

  @Test
  void anErrorEventAndAFailedResponseAreReportedWithTheirCodes() {
    server.enqueue(
        sseReply(
            event(
                    "response.output_text.delta",
                    "{\"type\":\"response.output_text.delta\",\"delta\":\"Hel\"}")
                + event(
                    "error",
                    "{\"type\":\"error\",\"code\":\"ERR_SOMETHING\","
                        + "\"message\":\"Something went wrong\",\"param\":null,"
                        + "\"sequence_number\":1}")));
    server.enqueue(
        sseReply(
            event(
                "response.failed",
                "{\"type\":\"response.failed\",\"response\":{\"id\":\"resp_f\","
                    + "\"status\":\"failed\",\"error\":{\"code\":\"server_error\","
                    + "\"message\":\"The model failed.\"},\"output\":[]}}")));
    OpenAiResponsesModel model = model();

    assertThatThrownBy(
            () -> model.stream(WEATHER_IN_PARIS, received::add, CancellationToken.none()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("the stream reported an error (ERR_SOMETHING): Something went wrong");
    assertThatThrownBy(
            () -> model.stream(WEATHER_IN_PARIS, received::add, CancellationToken.none()))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.getMessage())
                  .contains("the response failed (server_error): The model failed.");
              assertThat(e.retryable()).isTrue();
            });
    assertThat(received).containsExactly("Hel");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aStreamWithoutATerminalEventIsNotAReply() {
    server.enqueue(
        sseReply(
            event(
                    "response.output_text.delta",
                    "{\"type\":\"response.output_text.delta\",\"delta\":\"Half\"}")
                + "data: [DONE]\n\n"));

    assertThatThrownBy(
            () -> model().stream(WEATHER_IN_PARIS, received::add, CancellationToken.none()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("ended before the reply was complete");
  }

  @Test
  void cancellingMidStreamAbortsTheCall() {
    String padding = "x".repeat(2000);
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/event-stream")
            .body(
                event(
                        "response.output_text.delta",
                        "{\"type\":\"response.output_text.delta\",\"delta\":\"first\"}")
                    + ": "
                    + padding
                    + "\n\n"
                    + toolStream(COMPLETED))
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
                        model().stream(
                            WEATHER_IN_PARIS,
                            text -> {
                              received.add(text);
                              firstText.countDown();
                            },
                            token))
                .isInstanceOf(CancelledException.class));
    canceller.join();
    assertThat(received).containsExactly("first");
  }

  @Test
  void aMalformedEventIsReportedWithoutTheKey() {
    server.enqueue(sseReply("event: response.output_text.delta\ndata: {\"type\": \n\n"));

    assertThatThrownBy(
            () -> model().stream(WEATHER_IN_PARIS, received::add, CancellationToken.none()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("malformed stream event")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
  }
}
