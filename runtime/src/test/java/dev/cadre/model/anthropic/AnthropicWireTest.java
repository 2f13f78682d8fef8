package dev.cadre.model.anthropic;

import static dev.cadre.model.anthropic.AnthropicFixtures.KEY;
import static dev.cadre.model.anthropic.AnthropicFixtures.builder;
import static dev.cadre.model.anthropic.AnthropicFixtures.event;
import static dev.cadre.model.anthropic.AnthropicFixtures.model;
import static dev.cadre.model.anthropic.AnthropicFixtures.textReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelException;
import dev.cadre.model.StreamListener;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Custom headers ({@code anthropic-beta}), the ids of a reply and of its request ({@code msg_...},
 * the {@code request-id} header), and interrupts, for {@link AnthropicChatModel}.
 */
@Timeout(30)
class AnthropicWireTest {

  @StartStop final MockWebServer server = new MockWebServer();

  private static final ChatRequest HELLO =
      ChatRequest.builder().message(ChatMessage.user("Hi")).build();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private MockResponse withRequestId(String id, MockResponse response) {
    return response.newBuilder().setHeader("request-id", id).build();
  }

  @Test
  void customHeadersGoOutBesideTheKeyAndTheVersion() throws Exception {
    AnthropicChatModel model =
        builder(server)
            .apiKey(KEY + "\n") // as read from a file: the newline is stripped, not sent
            .header("anthropic-beta", "prompt-caching-2024-07-31,output-128k-2025-02-19")
            .headers(Map.of("X-Team", "cadre"))
            .build();
    server.enqueue(AnthropicFixtures.json(textReply("hi")));

    model.chat(HELLO);

    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("anthropic-beta"))
        .isEqualTo("prompt-caching-2024-07-31,output-128k-2025-02-19");
    assertThat(request.getHeaders().get("X-Team")).isEqualTo("cadre");
    assertThat(request.getHeaders().get("x-api-key")).isEqualTo(KEY);
    assertThat(request.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
  }

  @Test
  void aReplyCarriesTheMessageIdAndTheRequestId() {
    server.enqueue(
        withRequestId("req_011CSHoEeqs5C35K2UUqR7Fy", AnthropicFixtures.json(textReply("plain"))));
    server.enqueue(
        withRequestId(
            "req_stream",
            AnthropicFixtures.sse(
                event(
                    "{\"type\":\"message_start\",\"message\":{"
                        + "\"id\":\"msg_013Zva2CMHLNnXjNJJKqJ2EF\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"claude-test\","
                        + "\"content\":[],\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}"),
                event(
                    "{\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                event(
                    "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"streamed\"}}"),
                event("{\"type\":\"content_block_stop\",\"index\":0}"),
                event(
                    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                        + "\"usage\":{\"output_tokens\":2}}"),
                event("{\"type\":\"message_stop\"}"))));

    ChatResponse plain = model(server).chat(HELLO);
    ChatResponse streamed =
        model(server).stream(HELLO, StreamListener.IGNORE, CancellationToken.none());

    assertThat(plain.id()).isEqualTo("msg_1");
    assertThat(plain.requestId()).isEqualTo("req_011CSHoEeqs5C35K2UUqR7Fy");
    assertThat(streamed.text()).isEqualTo("streamed");
    assertThat(streamed.id()).isEqualTo("msg_013Zva2CMHLNnXjNJJKqJ2EF");
    assertThat(streamed.requestId()).isEqualTo("req_stream");
  }

  @Test
  void aFailureNamesTheRequestId() {
    server.enqueue(
        withRequestId(
            "req_018EeWyXxfu5pfWkrYcMdjWG",
            AnthropicFixtures.json(
                400,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                    + "\"message\":\"max_tokens: Field required\"},"
                    + "\"request_id\":\"req_018EeWyXxfu5pfWkrYcMdjWG\"}")));
    server.enqueue(
        withRequestId(
            "req_midstream",
            AnthropicFixtures.sse(
                event(
                    "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                        + "\"message\":\"bad stream\"}}"))));

    assertThatThrownBy(() -> model(server).chat(HELLO))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.requestId()).isEqualTo("req_018EeWyXxfu5pfWkrYcMdjWG");
            })
        .hasMessageContaining("max_tokens: Field required")
        .hasMessageEndingWith("(request id req_018EeWyXxfu5pfWkrYcMdjWG)");
    assertThatThrownBy(
            () -> model(server).stream(HELLO, StreamListener.IGNORE, CancellationToken.none()))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.requestId()).isEqualTo("req_midstream"))
        .hasMessageContaining("invalid_request_error: bad stream");
  }

  @Test
  void aThreadInterruptedBeforeOrDuringTheCallGetsCancelled() {
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> model(server).chat(HELLO)).isInstanceOf(CancelledException.class);
    assertThat(Thread.interrupted()).isTrue();
    assertThat(server.getRequestCount()).isZero();

    server.enqueue(
        AnthropicFixtures.json(textReply("late"))
            .newBuilder()
            .headersDelay(5, TimeUnit.MINUTES)
            .build());
    Thread caller = Thread.currentThread();
    Thread interrupter =
        new Thread(
            () -> {
              try {
                server.takeRequest();
                Thread.sleep(200);
              } catch (InterruptedException e) {
                return;
              }
              caller.interrupt();
            });
    interrupter.setDaemon(true);
    interrupter.start();

    assertThatThrownBy(() -> model(server).chat(HELLO)).isInstanceOf(CancelledException.class);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }
}
