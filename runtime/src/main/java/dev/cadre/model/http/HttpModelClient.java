package dev.cadre.model.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.Json;
import dev.cadre.model.ModelException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * The HTTP side every provider shares: JSON POSTs and server-sent-event streams over OkHttp, with
 * timeouts, retries ({@link RetryPolicy}), cancellation, and errors that name the provider, the
 * status and the provider's own message.
 *
 * <p>Secret headers (API keys) are sent and never shown: not in {@link #toString()}, not in
 * exceptions; a provider message that echoes the key has it masked.
 */
public final class HttpModelClient {

  private static final MediaType JSON = MediaType.get("application/json");

  private final String provider;
  private final OkHttpClient http;
  private final RetryPolicy retry;
  private final Map<String, String> headers;
  private final Map<String, String> secretHeaders;

  private HttpModelClient(Builder b) {
    this.provider = Objects.requireNonNull(b.provider, "provider");
    OkHttpClient base = b.http != null ? b.http : SharedHttp.CLIENT;
    this.http =
        base.newBuilder()
            .connectTimeout(b.connectTimeout)
            .readTimeout(b.readTimeout)
            .callTimeout(b.callTimeout)
            .retryOnConnectionFailure(false)
            .build();
    this.retry = b.retry;
    this.headers = Map.copyOf(b.headers);
    this.secretHeaders = Map.copyOf(b.secretHeaders);
  }

  public static Builder builder(String provider) {
    return new Builder(provider);
  }

  public String provider() {
    return provider;
  }

  /** POSTs {@code body} as JSON and returns the parsed JSON reply, retrying as the policy says. */
  public JsonNode postJson(String url, JsonNode body, CancellationToken cancellation) {
    String payload = Json.write(body);
    for (int attempt = 0; ; attempt++) {
      cancellation.throwIfCancelled();
      Call call = http.newCall(request(url, payload, false));
      try (CancellationToken.Registration ignored = cancellation.onCancel(call::cancel);
          Response response = call.execute()) {
        String text = response.body().string();
        if (response.isSuccessful()) {
          try {
            return Json.parse(text);
          } catch (JsonProcessingException e) {
            throw new ModelException(
                provider,
                response.code(),
                "malformed response body (" + e.getOriginalMessage() + "): " + excerpt(text),
                false,
                e);
          }
        }
        ModelException error = httpError(response.code(), text);
        waitBeforeRetry(attempt, error, response, cancellation);
      } catch (IOException e) {
        waitBeforeRetry(attempt, connectionError(e, cancellation), null, cancellation);
      }
    }
  }

  /**
   * POSTs {@code body} and hands each server-sent event to {@code events} as it arrives.
   *
   * <p>Failures before the first event are retried as for {@link #postJson}; once an event has
   * been delivered nothing is retried, since the caller has already acted on it. A stream that ends
   * before {@code events} reports completion fails with a {@link ModelException}.
   */
  public void postStream(
      String url, JsonNode body, CancellationToken cancellation, ServerSentEvents events) {
    String payload = Json.write(body);
    for (int attempt = 0; ; attempt++) {
      cancellation.throwIfCancelled();
      Call call = http.newCall(request(url, payload, true));
      boolean delivered = false;
      try (CancellationToken.Registration ignored = cancellation.onCancel(call::cancel);
          Response response = call.execute()) {
        if (!response.isSuccessful()) {
          ModelException error = httpError(response.code(), response.body().string());
          waitBeforeRetry(attempt, error, response, cancellation);
          continue;
        }
        SseReader reader = new SseReader(response.body().source());
        SseReader.Event event;
        while ((event = reader.next()) != null) {
          delivered = true;
          if (events.onEvent(event.name(), event.data())) {
            return;
          }
        }
        throw new ModelException(
            provider, response.code(), "the stream ended before the reply was complete", false);
      } catch (IOException e) {
        ModelException error = connectionError(e, cancellation);
        if (delivered) {
          throw new ModelException(
              provider, 0, "the stream was cut off midway: " + describe(e), false, e);
        }
        waitBeforeRetry(attempt, error, null, cancellation);
      }
    }
  }

  private Request request(String url, String payload, boolean stream) {
    Request.Builder builder = new Request.Builder().url(url).post(RequestBody.create(payload, JSON));
    headers.forEach(builder::header);
    secretHeaders.forEach(builder::header);
    if (stream) {
      builder.header("Accept", "text/event-stream");
    }
    return builder.build();
  }

  private ModelException httpError(int status, String body) {
    return new ModelException(
        provider, status, mask(errorMessage(body)), RetryPolicy.retryableStatus(status));
  }

  private ModelException connectionError(IOException e, CancellationToken cancellation) {
    if (cancellation.isCancelled()) {
      CancelledException cancelled = new CancelledException(provider + " call cancelled");
      cancelled.initCause(e);
      throw cancelled;
    }
    return new ModelException(provider, 0, mask(describe(e)), true, e);
  }

  private static String describe(IOException e) {
    String kind = e instanceof InterruptedIOException ? "timed out" : "connection failed";
    return kind + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
  }

  /** Throws {@code error} unless the policy allows another attempt; otherwise sleeps first. */
  private void waitBeforeRetry(
      int attempt, ModelException error, Response response, CancellationToken cancellation) {
    if (!error.retryable() || attempt >= retry.maxRetries()) {
      if (error.retryable() && retry.maxRetries() > 0) {
        error.addSuppressed(
            new IllegalStateException("gave up after " + (attempt + 1) + " attempts"));
      }
      throw error;
    }
    Duration delay = retry.backoff(attempt + 1);
    Duration asked = response == null ? null : retryAfter(response);
    if (asked != null) {
      if (asked.compareTo(retry.maxRetryAfter()) > 0) {
        error.addSuppressed(
            new IllegalStateException(
                "the server asked to wait " + asked.toSeconds() + " s, longer than allowed"));
        throw error;
      }
      delay = asked;
    }
    sleep(delay, cancellation);
  }

  /** {@code retry-after-ms} (OpenAI), then {@code Retry-After} in seconds or as an HTTP date. */
  static Duration retryAfter(Response response) {
    String millis = response.header("retry-after-ms");
    if (millis != null) {
      try {
        return Duration.ofMillis((long) Double.parseDouble(millis.trim()));
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    String value = response.header("Retry-After");
    if (value == null) {
      return null;
    }
    try {
      return Duration.ofMillis((long) (Double.parseDouble(value.trim()) * 1000));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return wait.isNegative() ? Duration.ZERO : wait;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  private static void sleep(Duration delay, CancellationToken cancellation) {
    if (delay.isZero()) {
      return;
    }
    CountDownLatch woken = new CountDownLatch(1);
    try (CancellationToken.Registration ignored = cancellation.onCancel(woken::countDown)) {
      woken.await(delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("interrupted while waiting to retry");
    }
    cancellation.throwIfCancelled();
  }

  /**
   * The provider's explanation from an error body: {@code error.message} (OpenAI and Anthropic
   * both use it), a top-level {@code message} or {@code error} string, or the body itself.
   */
  static String errorMessage(String body) {
    try {
      JsonNode node = Json.parse(body);
      JsonNode error = node.path("error");
      if (error.path("message").isTextual()) {
        return error.path("message").asText();
      }
      if (error.isTextual()) {
        return error.asText();
      }
      if (node.path("message").isTextual()) {
        return node.path("message").asText();
      }
    } catch (JsonProcessingException | RuntimeException notJson) {
      // not JSON: show the body itself
    }
    return body.isBlank() ? "(empty body)" : excerpt(body);
  }

  private static String excerpt(String text) {
    String flat = text.strip();
    return flat.length() <= 500 ? flat : flat.substring(0, 500) + "…";
  }

  private String mask(String message) {
    String masked = message;
    for (String secret : secretHeaders.values()) {
      String bare = secret.startsWith("Bearer ") ? secret.substring(7) : secret;
      if (bare.length() >= 4) {
        masked = masked.replace(bare, "***");
      }
    }
    return masked;
  }

  @Override
  public String toString() {
    return "HttpModelClient[" + provider + ", secret headers " + secretHeaders.keySet() + "]";
  }

  /** Receives server-sent events; returns true when the reply is complete. */
  @FunctionalInterface
  public interface ServerSentEvents {
    boolean onEvent(String event, String data) throws IOException;
  }

  /** Builds an {@link HttpModelClient}. */
  public static final class Builder {
    private final String provider;
    private OkHttpClient http;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(120);
    private Duration callTimeout = Duration.ofMinutes(10);
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> secretHeaders = new LinkedHashMap<>();

    private Builder(String provider) {
      this.provider = provider;
    }

    /** A client to derive from, to share its connection pool; timeouts set here still apply. */
    public Builder http(OkHttpClient http) {
      this.http = http;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** The longest silence between two bytes of a reply. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** The longest one attempt may take from start to end, streaming included. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    public Builder retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry);
      return this;
    }

    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /** A header that carries a credential: sent, never shown. */
    public Builder secretHeader(String name, String value) {
      secretHeaders.put(name, value);
      return this;
    }

    public HttpModelClient build() {
      return new HttpModelClient(this);
    }
  }

  /** One connection pool and dispatcher for every model client that brings none of its own. */
  private static final class SharedHttp {
    static final OkHttpClient CLIENT = new OkHttpClient();
  }

  /** Reads {@code text/event-stream} framing: fields per line, events separated by blank lines. */
  static final class SseReader {
    record Event(String name, String data) {}

    private final BufferedSource source;

    SseReader(BufferedSource source) {
      this.source = source;
    }

    /** The next event, or null at the end of the stream. */
    Event next() throws IOException {
      String name = null;
      StringBuilder data = null;
      String line;
      while ((line = source.readUtf8Line()) != null) {
        if (line.isEmpty()) {
          if (data != null) {
            return new Event(name, data.toString());
          }
          name = null;
          continue;
        }
        if (line.startsWith(":")) {
          continue;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
          value = value.substring(1);
        }
        if (field.equals("event")) {
          name = value;
        } else if (field.equals("data")) {
          data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
      }
      return data == null ? null : new Event(name, data.toString());
    }
  }
}
