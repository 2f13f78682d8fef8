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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import okio.ByteString;

/**
 * The HTTP side every provider shares: JSON POSTs and server-sent-event streams over OkHttp, with
 * timeouts, retries ({@link RetryPolicy}), cancellation, and errors that name the provider, the
 * status and the provider's own message.
 *
 * <p>Secret headers (API keys) are sent and never shown: not in {@link #toString()}, not in
 * exceptions. Every failure passes through one place that masks them ({@link Secrets#mask}), with
 * any credential in the URL, in the message, the quoted body and the causes, before anything is cut
 * short.
 */
public final class HttpModelClient {

  private static final MediaType JSON = MediaType.get("application/json");

  /** How an event stream's first line starts: a comment or a field. */
  private static final List<ByteString> SSE_STARTS =
      Stream.of(":", "data:", "event:", "id:", "retry:").map(ByteString::encodeUtf8).toList();

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

  /** Starts a builder of a client for {@code provider}, the name its errors give. */
  public static Builder builder(String provider) {
    return new Builder(provider);
  }

  /** The provider's name, as errors give it. */
  public String provider() {
    return provider;
  }

  /** Reads a successful JSON reply; may throw {@link ModelException} for a reply that says no. */
  @FunctionalInterface
  public interface ReplyReader<T> {
    /**
     * Turns the reply into the caller's result.
     *
     * @param reply the parsed body
     * @param requestId the provider's request id header, or null
     */
    T read(JsonNode reply, String requestId);
  }

  /**
   * POSTs {@code body} as JSON and reads the reply with {@code reader}, retrying as the policy
   * says. Every failure, the reader's included, comes out as a {@link ModelException} with secrets
   * masked and the provider's request id, or as a {@link CancelledException}.
   */
  public <T> T postJson(
      String url, JsonNode body, CancellationToken cancellation, ReplyReader<T> reader) {
    String payload = Json.write(body);
    for (int attempt = 0; ; attempt++) {
      throwIfStopped(cancellation);
      Call call = http.newCall(request(url, payload, false));
      String requestId = null;
      try (CancellationToken.Registration ignored = cancellation.onCancel(call::cancel);
          InterruptWatch.Registration watched = InterruptWatch.watch(call);
          Response response = call.execute()) {
        requestId = requestId(response);
        String text = response.body().string();
        if (!response.isSuccessful()) {
          waitBeforeRetry(
              attempt, httpError(url, response.code(), text, requestId), response, cancellation);
          continue;
        }
        JsonNode json;
        try {
          json = Json.parse(text);
        } catch (JsonProcessingException e) {
          throw failure(
              url,
              requestId,
              response.code(),
              "malformed reply: the body is not JSON (" + e.getOriginalMessage() + ")",
              null,
              text);
        }
        try {
          return reader.read(json, requestId);
        } catch (ModelException e) {
          throw fail(url, requestId, e);
        } catch (RuntimeException e) {
          throw fail(url, requestId, unreadable(e, Json.write(json), requestId));
        }
      } catch (IOException e) {
        waitBeforeRetry(
            attempt, connectionError(url, e, cancellation, requestId), null, cancellation);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw undeclared(url, e);
      }
    }
  }

  /**
   * POSTs {@code body} and hands each server-sent event to {@code events} as it arrives.
   *
   * <p>Failures before the first event are retried as for {@link #postJson}; once an event has been
   * delivered nothing is retried, since the caller has already acted on it. A stream that ends
   * before {@code events} reports completion fails with a {@link ModelException}, unless {@link
   * ServerSentEvents#completeAtEnd()} says what arrived is whole. A successful reply that is not an
   * event stream fails saying so, with its content type and body.
   *
   * @return the provider's request id, or null when it sent none
   */
  public String postStream(
      String url, JsonNode body, CancellationToken cancellation, ServerSentEvents events) {
    String payload = Json.write(body);
    for (int attempt = 0; ; attempt++) {
      throwIfStopped(cancellation);
      Call call = http.newCall(request(url, payload, true));
      boolean delivered = false;
      String requestId = null;
      try (CancellationToken.Registration ignored = cancellation.onCancel(call::cancel);
          InterruptWatch.Registration watched = InterruptWatch.watch(call);
          Response response = call.execute()) {
        requestId = requestId(response);
        if (!response.isSuccessful()) {
          ModelException error =
              httpError(url, response.code(), response.body().string(), requestId);
          waitBeforeRetry(attempt, error, response, cancellation);
          continue;
        }
        BufferedSource source = response.body().source();
        MediaType type = response.body().contentType();
        if (!isEventStream(type) && !looksLikeEvents(source)) {
          throw failure(
              url,
              requestId,
              response.code(),
              "a stream was asked for, but the reply is not an event stream (Content-Type: "
                  + (type == null ? "none" : type.toString())
                  + ")",
              null,
              source.readUtf8());
        }
        SseReader reader = new SseReader(source);
        SseReader.Event event;
        while ((event = reader.next()) != null) {
          delivered = true;
          boolean complete;
          try {
            complete = events.onEvent(event.name(), event.data());
          } catch (ModelException e) {
            throw fail(url, requestId, e);
          } catch (RuntimeException e) {
            throw fail(url, requestId, unreadable(e, event.data(), requestId));
          }
          if (complete) {
            return requestId;
          }
        }
        boolean whole;
        try {
          whole = events.completeAtEnd();
        } catch (ModelException e) {
          throw fail(url, requestId, e);
        }
        if (whole) {
          return requestId;
        }
        throw failure(
            url,
            requestId,
            response.code(),
            "the stream ended before the reply was complete",
            null,
            null);
      } catch (IOException e) {
        ModelException error = connectionError(url, e, cancellation, requestId);
        if (delivered) {
          throw failure(
              url, requestId, 0, "the stream was cut off midway: " + describe(e), e, null);
        }
        waitBeforeRetry(attempt, error, null, cancellation);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw undeclared(url, e);
      }
    }
  }

  private static boolean isEventStream(MediaType type) {
    return type != null && type.type().equals("text") && type.subtype().equals("event-stream");
  }

  /**
   * Whether a reply without the event-stream content type still reads as one (some servers send
   * {@code text/plain}): its first non-blank line is an SSE field or comment.
   */
  private static boolean looksLikeEvents(BufferedSource source) throws IOException {
    BufferedSource peek = source.peek();
    while (peek.request(1)) {
      byte first = peek.getBuffer().getByte(0);
      if (first != ' ' && first != '\t' && first != '\r' && first != '\n') {
        break;
      }
      peek.skip(1);
    }
    for (ByteString field : SSE_STARTS) {
      if (peek.rangeEquals(0, field)) {
        return true;
      }
    }
    return false;
  }

  /** The provider's request id: OpenAI's {@code x-request-id}, Anthropic's {@code request-id}. */
  private static String requestId(Response response) {
    String id = response.header("x-request-id");
    if (id == null || id.isBlank()) {
      id = response.header("request-id");
    }
    return id == null || id.isBlank() ? null : id.strip();
  }

  private Request request(String url, String payload, boolean stream) {
    Request.Builder builder =
        new Request.Builder().url(url).post(RequestBody.create(payload, JSON));
    headers.forEach(builder::header);
    secretHeaders.forEach(builder::header);
    if (stream) {
      builder.header("Accept", "text/event-stream");
    }
    return builder.build();
  }

  private ModelException httpError(String url, int status, String body, String requestId) {
    String message = errorMessage(body);
    return fail(
        url,
        requestId,
        new ModelException(
            provider,
            status,
            message == null ? "the request failed" : message,
            RetryPolicy.retryableStatus(status),
            null,
            body,
            requestId));
  }

  private ModelException unreadable(RuntimeException e, String body, String requestId) {
    return new ModelException(
        provider,
        0,
        "the reply could not be read ("
            + e.getClass().getSimpleName()
            + ": "
            + e.getMessage()
            + ")",
        false,
        e,
        body,
        requestId);
  }

  private ModelException connectionError(
      String url, IOException e, CancellationToken cancellation, String requestId) {
    if (cancellation.isCancelled()) {
      CancelledException cancelled = new CancelledException(provider + " call cancelled");
      cancelled.initCause(secrets(url).maskCause(e));
      throw cancelled;
    }
    if (Thread.currentThread().isInterrupted()) {
      throw stopped(url, e);
    }
    return fail(
        url, requestId, new ModelException(provider, 0, describe(e), true, e, null, requestId));
  }

  /**
   * A checked exception OkHttp (Kotlin) threw without declaring it: an interrupt as {@link
   * CancelledException}, anything else as a failed call.
   */
  private RuntimeException undeclared(String url, Exception e) {
    if (e instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
      return stopped(url, e);
    }
    return failure(
        url,
        null,
        0,
        "the call failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
        e,
        null);
  }

  /** Stops before a call when the token is cancelled or the thread interrupted. */
  private void throwIfStopped(CancellationToken cancellation) {
    cancellation.throwIfCancelled();
    if (Thread.currentThread().isInterrupted()) {
      throw new CancelledException(provider + " call not made: the thread was interrupted");
    }
  }

  /** An interrupted call as a {@link CancelledException}, the thread's interrupt kept. */
  private CancelledException stopped(String url, Exception e) {
    Thread.currentThread().interrupt();
    CancelledException cancelled =
        new CancelledException(provider + " call stopped: the thread was interrupted");
    cancelled.initCause(secrets(url).maskCause(e));
    return cancelled;
  }

  /** A failure not worth retrying, through {@link #fail}. */
  private ModelException failure(
      String url, String requestId, int status, String detail, Throwable cause, String body) {
    return fail(
        url,
        requestId,
        new ModelException(provider, status, detail, false, cause, body, requestId));
  }

  /**
   * The one place every failure passes through before it leaves: the detail, the body and the
   * causes with every secret masked, and the request id added. The unmasked exception is dropped,
   * not kept as a cause.
   */
  private ModelException fail(String url, String requestId, ModelException raw) {
    Secrets secrets = secrets(url);
    ModelException masked =
        new ModelException(
            raw.provider(),
            raw.status(),
            secrets.mask(raw.detail()),
            raw.retryable(),
            secrets.maskCause(raw.getCause()),
            secrets.mask(raw.body()),
            raw.requestId() != null ? raw.requestId() : requestId);
    masked.setStackTrace(raw.getStackTrace());
    for (Throwable suppressed : raw.getSuppressed()) {
      masked.addSuppressed(secrets.maskCause(suppressed));
    }
    return masked;
  }

  /** The secrets a call to {@code url} holds: secret headers, and credentials in the URL. */
  private Secrets secrets(String url) {
    List<String> values = new ArrayList<>(secretHeaders.values());
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed != null) {
      values.addAll(Secrets.inUrl(parsed));
    }
    return Secrets.of(values);
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
   * The provider's explanation from an error body: {@code error.message} (OpenAI and Anthropic both
   * use it), or a top-level {@code message} or {@code error} string; null when there is none (the
   * exception quotes the body itself).
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
      // not JSON: the exception quotes the body itself
    }
    return null;
  }

  @Override
  public String toString() {
    return "HttpModelClient[" + provider + ", secret headers " + secretHeaders.keySet() + "]";
  }

  /** Receives server-sent events; returns true when the reply is complete. */
  @FunctionalInterface
  public interface ServerSentEvents {
    /** Handles one event; returns true when the reply is complete. */
    boolean onEvent(String event, String data) throws IOException;

    /**
     * Asked when the stream ends before {@link #onEvent} returned true: whether what arrived is a
     * whole reply all the same (a server that sends no end marker). False unless overridden.
     */
    default boolean completeAtEnd() {
      return false;
    }
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

    /** How long to wait for a connection. */
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

    /** When and how often to retry a failed call. */
    public Builder retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry);
      return this;
    }

    /**
     * A header sent with every request. One whose name marks a credential ({@link
     * Secrets#isCredentialHeader}) is treated as {@link #secretHeader}.
     *
     * @throws IllegalArgumentException for a name that is not an HTTP token or a value that cannot
     *     be sent; the message names the header, never the value
     */
    public Builder header(String name, String value) {
      checkName(name);
      Objects.requireNonNull(value, () -> "header '" + name + "' has no value");
      if (Secrets.isCredentialHeader(name)) {
        return secretHeader(name, value);
      }
      headers.put(name, Secrets.checkValue("header '" + name + "'", value));
      return this;
    }

    /** A header that carries a credential: sent, masked in every failure, never shown. */
    public Builder secretHeader(String name, String value) {
      checkName(name);
      Objects.requireNonNull(value, () -> "header '" + name + "' has no value");
      secretHeaders.put(name, Secrets.checkValue("header '" + name + "'", value));
      return this;
    }

    private static void checkName(String name) {
      Objects.requireNonNull(name, "header name");
      if (name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
        throw new IllegalArgumentException(
            "header name '"
                + name.replaceAll("[^\\x20-\\x7e]", "?")
                + "' is not a valid HTTP header name");
      }
    }

    private static boolean isTokenChar(int c) {
      return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    /** Builds the client. */
    public HttpModelClient build() {
      return new HttpModelClient(this);
    }
  }

  /** One connection pool and dispatcher for every model client that brings none of its own. */
  private static final class SharedHttp {
    static final OkHttpClient CLIENT = new OkHttpClient();
  }

  /**
   * Reads {@code text/event-stream} framing: fields per line, events separated by blank lines.
   * Lines end in LF, CRLF or a bare CR, as the SSE specification allows.
   */
  static final class SseReader {
    record Event(String name, String data) {}

    private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");

    private final BufferedSource source;
    // After a CR the next LF belongs to it; checked lazily so an event is never held back waiting.
    private boolean afterCr;

    SseReader(BufferedSource source) {
      this.source = source;
    }

    /** The next event, or null at the end of the stream. */
    Event next() throws IOException {
      String name = null;
      StringBuilder data = null;
      String line;
      while ((line = readLine()) != null) {
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

    private String readLine() throws IOException {
      if (afterCr) {
        afterCr = false;
        if (source.request(1) && source.getBuffer().getByte(0) == '\n') {
          source.skip(1);
        }
      }
      long end = source.indexOfElement(LINE_ENDS);
      if (end < 0) {
        return source.exhausted() ? null : source.readUtf8();
      }
      String line = source.readUtf8(end);
      afterCr = source.readByte() == '\r';
      return line;
    }
  }
}
