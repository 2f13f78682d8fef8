package dev.cadre.model.anthropic;

import static dev.cadre.model.anthropic.AnthropicFixtures.KEY;
import static dev.cadre.model.anthropic.AnthropicFixtures.builder;
import static dev.cadre.model.anthropic.AnthropicFixtures.json;
import static dev.cadre.model.anthropic.AnthropicFixtures.model;
import static dev.cadre.model.anthropic.AnthropicFixtures.textReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelException;
import dev.cadre.model.StreamListener;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class AnthropicErrorsTest {

  @StartStop MockWebServer server = new MockWebServer();

  private static ChatRequest hello() {
    return ChatRequest.builder().message(ChatMessage.user("Hello")).build();
  }

  private static String anthropicError(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\""
        + type
        + "\",\"message\":\""
        + message
        + "\"}}";
  }

  @Test
  void rateLimitWithRetryAfterIsRetriedAndSucceeds() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("retry-after", "0")
            .body(anthropicError("rate_limit_error", "Slow down"))
            .build());
    server.enqueue(json(textReply("finally")));

    ChatResponse response = model(server).chat(hello());

    assertThat(response.text()).isEqualTo("finally");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void serverErrorsAreRetriedThenFailAfterThreeAttempts() {
    server.enqueue(json(500, anthropicError("api_error", "Internal server error")));
    server.enqueue(json(529, anthropicError("overloaded_error", "Overloaded")));
    server.enqueue(json(529, anthropicError("overloaded_error", "Overloaded")));
    server.enqueue(json(textReply("too late")));

    assertThatThrownBy(() -> model(server).chat(hello()))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.provider()).isEqualTo("anthropic");
              assertThat(e.status()).isEqualTo(529);
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("anthropic", "529", "Overloaded");
            });
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void unauthorisedIsNotRetriedAndNeverShowsTheKey() {
    server.enqueue(json(401, anthropicError("authentication_error", "invalid x-api-key: " + KEY)));

    assertThatThrownBy(() -> model(server).chat(hello()))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage())
                  .contains("anthropic", "401", "invalid x-api-key")
                  .doesNotContain(KEY);
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void streamingRequestsAreRetriedBeforeAnyEvent() {
    server.enqueue(json(529, anthropicError("overloaded_error", "Overloaded")));
    server.enqueue(
        AnthropicFixtures.sse(
            AnthropicFixtures.event(
                "{\"type\":\"message_start\",\"message\":{\"model\":\"m\","
                    + "\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}"),
            AnthropicFixtures.event(
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                    + "\"usage\":{\"output_tokens\":2}}"),
            AnthropicFixtures.event("{\"type\":\"message_stop\"}")));

    ChatResponse response =
        model(server).stream(hello(), StreamListener.IGNORE, CancellationToken.none());

    assertThat(response.text()).isNull();
    assertThat(response.usage().outputTokens()).isEqualTo(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void nonJsonBodyFails() {
    server.enqueue(json("<html>Bad gateway page</html>"));

    assertThatThrownBy(() -> model(server).chat(hello()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("anthropic")
        .hasMessageContaining("malformed");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void errorTypedBodyWithStatus200Fails() {
    server.enqueue(json(anthropicError("invalid_request_error", "max_tokens: too large")));

    assertThatThrownBy(() -> model(server).chat(hello()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("anthropic")
        .hasMessageContaining("max_tokens: too large");
  }

  @Test
  void replyWithoutContentFails() {
    server.enqueue(json("{\"type\":\"message\",\"model\":\"m\"}"));

    assertThatThrownBy(() -> model(server).chat(hello()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("content");
  }

  @Test
  void cancellingTheTokenStopsACallTheServerNeverAnswers() {
    assertCancelled((model, token) -> model.chat(hello(), token));
  }

  @Test
  void cancellingTheTokenStopsAStreamTheServerNeverAnswers() {
    assertCancelled((model, token) -> model.stream(hello(), StreamListener.IGNORE, token));
  }

  /** A model call to cancel. */
  private interface Call {
    ChatResponse run(AnthropicChatModel model, CancellationToken token);
  }

  private void assertCancelled(Call call) {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    AnthropicChatModel model =
        builder(server)
            .readTimeout(Duration.ofMinutes(5))
            .callTimeout(Duration.ofMinutes(5))
            .build();
    CancellationToken token = new CancellationToken();
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () -> {
            Future<ChatResponse> running = executor.submit(() -> call.run(model, token));
            // The server has the request, so the call is in flight when it is cancelled.
            assertThat(server.takeRequest(10, TimeUnit.SECONDS)).isNotNull();
            token.cancel();
            assertThatThrownBy(running::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(CancelledException.class);
          });
    } finally {
      executor.shutdownNow();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
