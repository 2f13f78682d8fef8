package dev.cadre.model.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.ModelException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Timeouts, retry rules and error reporting shared by every provider, over a real server. */
class HttpModelClientTest {

  @StartStop final MockWebServer server = new MockWebServer();

  private static final RetryPolicy ONE_QUICK_RETRY =
      new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5));

  private HttpModelClient.Builder client() {
    return HttpModelClient.builder("test-provider").retry(ONE_QUICK_RETRY);
  }

  private String url() {
    return server.url("/v1/chat").toString();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Test
  void theInterruptWatchStopsCheckingOnceNoCallIsInFlight() throws InterruptedException {
    server.enqueue(json(200, "{\"ok\": true}"));
    HttpModelClient http = client().build();

    http.postJson(url(), Json.object(), CancellationToken.none(), (reply, id) -> reply);

    // An idle process is not woken 40 times a second: the watch ends with the last call.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (InterruptWatch.checking() && System.nanoTime() < deadline) {
      Thread.sleep(InterruptWatch.PERIOD_MILLIS);
    }
    assertThat(InterruptWatch.checking()).isFalse();
  }

  @Test
  void aSilentServerHitsTheReadTimeoutAndIsRetried() {
    for (int i = 0; i < 2; i++) {
      server.enqueue(
          new MockResponse.Builder().body("{}").headersDelay(3, TimeUnit.SECONDS).build());
    }
    HttpModelClient http = client().readTimeout(Duration.ofMillis(200)).build();

    assertThatThrownBy(
            () ->
                http.postJson(url(), Json.object(), CancellationToken.none(), (reply, id) -> reply))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.provider()).isEqualTo("test-provider");
              assertThat(e.status()).isZero();
              assertThat(e.retryable()).isTrue();
            })
        .hasMessageContaining("timed out");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aSlowBodyHitsTheWholeCallTimeout() {
    server.enqueue(
        new MockResponse.Builder()
            .body("{\"padding\": \"" + "x".repeat(200) + "\"}")
            .throttleBody(10, 100, TimeUnit.MILLISECONDS)
            .build());
    HttpModelClient http =
        client()
            .retry(RetryPolicy.NONE)
            .readTimeout(Duration.ofSeconds(5))
            .callTimeout(Duration.ofMillis(500))
            .build();

    assertThatThrownBy(
            () ->
                http.postJson(url(), Json.object(), CancellationToken.none(), (reply, id) -> reply))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("timed out");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRefusedConnectionIsRetriedThenReported() throws IOException {
    String closed = url();
    server.close();
    AtomicInteger attempts = new AtomicInteger();
    OkHttpClient counting =
        new OkHttpClient.Builder()
            .eventListener(
                new EventListener() {
                  @Override
                  public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
                    attempts.incrementAndGet();
                  }
                })
            .build();
    HttpModelClient http = client().http(counting).build();

    assertThatThrownBy(
            () ->
                http.postJson(
                    closed, Json.object(), CancellationToken.none(), (reply, id) -> reply))
        .isInstanceOfSatisfying(ModelException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("test-provider")
        .hasMessageContaining("connection failed");
    assertThat(attempts).hasValue(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 409, 429, 500, 502, 503, 529})
  void retriesTransientStatuses(int status) {
    server.enqueue(json(status, "{\"error\": {\"message\": \"busy\"}}"));
    server.enqueue(json(200, "{\"ok\": true}"));

    assertThat(
            client()
                .build()
                .postJson(url(), Json.object(), CancellationToken.none(), (reply, id) -> reply)
                .path("ok")
                .asBoolean())
        .isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 422})
  void neverRetriesClientErrors(int status) {
    server.enqueue(json(status, "{\"error\": {\"message\": \"you did it wrong\"}}"));
    server.enqueue(json(200, "{\"ok\": true}"));

    assertThatThrownBy(
            () ->
                client()
                    .build()
                    .postJson(url(), Json.object(), CancellationToken.none(), (reply, id) -> reply))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.status()).isEqualTo(status);
              assertThat(e.retryable()).isFalse();
            })
        .hasMessage(
            "test-provider returned HTTP "
                + status
                + ": you did it wrong: {\"error\": {\"message\": \"you did it wrong\"}}");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRetryAfterLongerThanAllowedFailsAtOnce() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Retry-After", "3600")
            .body("{\"error\": {\"message\": \"quota exhausted\"}}")
            .build());

    assertThatThrownBy(
            () ->
                client()
                    .build()
                    .postJson(url(), Json.object(), CancellationToken.none(), (reply, id) -> reply))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("quota exhausted")
        .satisfies(
            e ->
                assertThat(e.getSuppressed()[0])
                    .hasMessageContaining("3600 s, longer than allowed"));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void sendsHeadersButNeverShowsSecrets() throws Exception {
    server.enqueue(json(401, "{\"error\": {\"message\": \"bad key sk-live-abcdef\"}}"));
    HttpModelClient http =
        client()
            .header("x-version", "7")
            .secretHeader("Authorization", "Bearer sk-live-abcdef")
            .build();

    assertThatThrownBy(
            () ->
                http.postJson(url(), Json.object(), CancellationToken.none(), (reply, id) -> reply))
        .hasMessageContaining("bad key ***")
        .hasMessageNotContaining("sk-live-abcdef");
    assertThat(http.toString()).doesNotContain("sk-live-abcdef");
    var request = server.takeRequest();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sk-live-abcdef");
    assertThat(request.getHeaders().get("x-version")).isEqualTo("7");
  }

  @Test
  void readsRetryAfterInEveryForm() {
    assertThat(HttpModelClient.retryAfter(response("Retry-After", "2")))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(HttpModelClient.retryAfter(response("Retry-After", "1.5")))
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(HttpModelClient.retryAfter(response("retry-after-ms", "250")))
        .isEqualTo(Duration.ofMillis(250));
    String inAMinute =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(60));
    assertThat(HttpModelClient.retryAfter(response("Retry-After", inAMinute)))
        .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60));
    String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().minusSeconds(60));
    assertThat(HttpModelClient.retryAfter(response("Retry-After", past))).isEqualTo(Duration.ZERO);
    assertThat(HttpModelClient.retryAfter(response("Retry-After", "soon"))).isNull();
    assertThat(HttpModelClient.retryAfter(response("X-Other", "1"))).isNull();
  }

  @Test
  void backoffGrowsExponentiallyWithinItsCeiling() {
    RetryPolicy policy =
        new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(1));
    for (int i = 0; i < 200; i++) {
      assertThat(policy.backoff(1)).isBetween(Duration.ZERO, Duration.ofMillis(100));
      assertThat(policy.backoff(3)).isBetween(Duration.ZERO, Duration.ofMillis(400));
      assertThat(policy.backoff(9)).isBetween(Duration.ZERO, Duration.ofMillis(1000));
    }
    assertThat(RetryPolicy.NONE.backoff(1)).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> new RetryPolicy(-1, Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("maxRetries");
  }

  @Test
  void extractsTheProvidersOwnMessage() {
    assertThat(HttpModelClient.errorMessage("{\"error\":{\"message\":\"m1\"}}")).isEqualTo("m1");
    assertThat(HttpModelClient.errorMessage("{\"error\":\"m2\"}")).isEqualTo("m2");
    assertThat(HttpModelClient.errorMessage("{\"message\":\"m3\"}")).isEqualTo("m3");
    // Without a message of its own, the exception quotes the body itself.
    assertThat(HttpModelClient.errorMessage("<html>Bad Gateway</html>")).isNull();
    assertThat(HttpModelClient.errorMessage("")).isNull();
  }

  private static Response response(String header, String value) {
    return new Response.Builder()
        .request(new Request.Builder().url("http://localhost/").build())
        .protocol(Protocol.HTTP_1_1)
        .code(429)
        .message("Too Many Requests")
        .header(header, value)
        .build();
  }
}
