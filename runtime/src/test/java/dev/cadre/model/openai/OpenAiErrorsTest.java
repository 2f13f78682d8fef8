package dev.cadre.model.openai;

import static dev.cadre.model.openai.OpenAiFixtures.FAST_RETRY;
import static dev.cadre.model.openai.OpenAiFixtures.KEY;
import static dev.cadre.model.openai.OpenAiFixtures.jsonReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** Retries, HTTP errors, malformed replies and cancellation of {@link OpenAiChatModel}. */
class OpenAiErrorsTest {

  @StartStop final MockWebServer server = new MockWebServer();

  private static final String OK =
      """
      {"model": "gpt-4o-mini",
       "choices": [{"index": 0, "finish_reason": "stop",
                    "message": {"role": "assistant", "content": "fine"}}]}
      """;

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

  @Test
  void rateLimitIsRetriedAfterRetryAfter() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Retry-After", "0")
            .setHeader("Content-Type", "application/json")
            .body("{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\"}}")
            .build());
    server.enqueue(jsonReply(200, OK));

    ChatResponse response = model().chat(HELLO);

    assertThat(response.text()).isEqualTo("fine");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void serverErrorsAreRetriedThenReported() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(jsonReply(500, "{\"error\": {\"message\": \"The server had an error\"}}"));
    }
    server.enqueue(jsonReply(200, OK)); // a fourth attempt would succeed: there must be none

    assertThatThrownBy(() -> model().chat(HELLO))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.status()).isEqualTo(500);
              assertThat(e.provider()).isEqualTo("openai");
            })
        .hasMessageContaining("The server had an error");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void unauthorisedIsNotRetriedAndNeverShowsTheKey() {
    server.enqueue(
        jsonReply(
            401,
            "{\"error\": {\"message\": \"Incorrect API key provided: "
                + KEY
                + ". You can find your API key at https://platform.openai.com/account/api-keys.\","
                + " \"type\": \"invalid_request_error\", \"code\": \"invalid_api_key\"}}"));
    server.enqueue(jsonReply(200, OK));

    assertThatThrownBy(() -> model().chat(HELLO))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage())
                  .contains("openai")
                  .contains("401")
                  .contains("Incorrect API key provided")
                  .doesNotContain(KEY);
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void nonJsonBodyIsAModelException() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/html")
            .body("<html><body>Bad gateway page</body></html>")
            .build());

    assertThatThrownBy(() -> model().chat(HELLO))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.provider()).isEqualTo("openai"))
        .hasMessageContaining("malformed")
        .hasMessageContaining("Bad gateway page");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void cancellingStopsACallTheServerNeverAnswers() {
    server.enqueue(
        new MockResponse.Builder().headersDelay(5, TimeUnit.MINUTES).body(OK).build());
    CancellationToken token = new CancellationToken();
    CompletableFuture<Void> canceller =
        CompletableFuture.runAsync(
            () -> {
              try {
                server.takeRequest(); // the call is in flight once the server has the request
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
              token.cancel();
            });

    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> model().chat(HELLO, token))
                .isInstanceOf(CancelledException.class));
    canceller.join();
  }

  @Test
  void alreadyCancelledTokenSendsNothing() {
    CancellationToken token = new CancellationToken();
    token.cancel();

    assertThatThrownBy(() -> model().chat(HELLO, token)).isInstanceOf(CancelledException.class);
    assertThat(server.getRequestCount()).isZero();
  }
}
