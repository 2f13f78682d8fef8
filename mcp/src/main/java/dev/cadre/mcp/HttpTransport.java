package dev.cadre.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * MCP's streamable HTTP transport, client side: each message is POSTed; the answer comes back as
 * JSON or as a server-sent event stream. A stream that ends before the answer to its request is
 * resumed as the specification says: after the {@code retry} the server last asked for, a GET
 * with {@code Last-Event-ID} picks up where it stopped. Messages larger than {@link
 * McpServerConfig#maxMessageSize()} are dropped unread, and the request they answer fails at once.
 */
final class HttpTransport implements McpClientTransport {

  private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);

  /** How long to wait before resuming a stream when the server named no {@code retry}. */
  private static final long DEFAULT_RETRY_MILLIS = 1_000;

  /** How many times in a row a stream is resumed without receiving anything before giving up. */
  private static final int MAX_RESUMES = 5;

  private static final String SESSION = "Mcp-Session-Id";

  private final McpServerConfig config;
  private final URI url;
  private final McpJsonMapper mapper;
  private final HttpClient http;
  private final Set<InputStream> streams = ConcurrentHashMap.newKeySet();
  private volatile Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>>
      handler;
  private volatile String sessionId;
  private volatile String protocolVersion;
  private volatile boolean closed;
  private final OAuthFlow oauth;

  HttpTransport(McpServerConfig config, McpJsonMapper mapper) {
    this.config = config;
    this.url = config.url().orElseThrow();
    this.mapper = mapper;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.initializeTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.oauth = config.oauth().map(o -> new OAuthFlow(config, o, http)).orElse(null);
  }

  @Override
  public Mono<Void> connect(
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    this.handler = handler;
    return Mono.empty();
  }

  @Override
  public List<String> protocolVersions() {
    return List.of(
        ProtocolVersions.MCP_2024_11_05,
        ProtocolVersions.MCP_2025_03_26,
        ProtocolVersions.MCP_2025_06_18,
        ProtocolVersions.MCP_2025_11_25);
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    if (closed) {
      return Mono.error(
          new McpException("the session with MCP server '" + config.name() + "' is closed"));
    }
    String body;
    try {
      body = mapper.writeValueAsString(message);
    } catch (IOException e) {
      return Mono.error(e);
    }
    Object awaited = message instanceof McpSchema.JSONRPCRequest r ? r.id() : null;
    CompletableFuture<Void> sent =
        post(body, 0).thenAccept(response -> answered(message, awaited, response));
    return Mono.fromFuture(sent);
  }

  /**
   * POSTs {@code body}; a 401, or a 403 asking for more scope, is answered by authorizing (when
   * OAuth is set) and posting again, twice at most, so a server that never accepts cannot loop.
   */
  private CompletableFuture<HttpResponse<InputStream>> post(String body, int authorized) {
    HttpRequest request =
        request()
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
        .thenCompose(
            response -> {
              String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
              boolean unauthorized =
                  response.statusCode() == 401
                      || response.statusCode() == 403 && challenge.contains("insufficient_scope");
              if (oauth == null || !unauthorized || authorized >= 2) {
                return CompletableFuture.completedFuture(response);
              }
              close(response.body());
              // Authorizing may wait for a person: on a thread of its own, not the client's.
              return CompletableFuture.runAsync(() -> oauth.authorize(challenge), this::thread)
                  .thenCompose(done -> post(body, authorized + 1));
            });
  }

  /** A request to the endpoint with the user's headers, and the session's once there is one. */
  private HttpRequest.Builder request() {
    HttpRequest.Builder builder = HttpRequest.newBuilder(url);
    config.headers().forEach(builder::header);
    if (sessionId != null) {
      builder.header(SESSION, sessionId);
    }
    if (protocolVersion != null) {
      builder.header("MCP-Protocol-Version", protocolVersion);
    }
    String bearer = oauth == null ? null : oauth.bearer();
    if (bearer != null) {
      builder.setHeader("Authorization", "Bearer " + bearer);
    }
    return builder;
  }

  private void answered(
      McpSchema.JSONRPCMessage sent, Object awaited, HttpResponse<InputStream> response) {
    response.headers().firstValue(SESSION).ifPresent(id -> sessionId = id);
    int status = response.statusCode();
    if (status == 202 || status == 204) {
      close(response.body());
      if (sent instanceof McpSchema.JSONRPCNotification n
          && n.method().equals(McpSchema.METHOD_NOTIFICATION_INITIALIZED)) {
        listen();
      }
      return;
    }
    if (status >= 300) {
      String text = excerpt(response.body());
      throw new McpException(
          "MCP server '"
              + config.name()
              + "' answered HTTP "
              + status
              + (status == 404 && sessionId != null ? " (its session has ended)" : "")
              + (text.isEmpty() ? "" : ": " + text));
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("text/event-stream")) {
      Stream stream = new Stream(awaited);
      thread(() -> stream.read(response.body()));
    } else {
      readJson(response.body());
    }
  }

  /** A JSON answer: one message, or a batch of them. */
  private void readJson(InputStream body) {
    try (InputStream in = body) {
      BoundedLines lines = new BoundedLines(in, config.maxMessageSize());
      StringBuilder text = new StringBuilder();
      BoundedLines.Line line;
      while ((line = lines.next()) != null) {
        if (line.text() == null) {
          deliver(BoundedLines.tooLarge(config, line.oversize(), line.id()));
          return;
        }
        text.append(line.text()).append('\n');
      }
      String json = text.toString().strip();
      if (json.startsWith("[")) {
        for (Object each : mapper.readValue(json, List.class)) {
          deliver(McpSchema.deserializeJsonRpcMessage(mapper, mapper.writeValueAsString(each)));
        }
      } else if (!json.isEmpty()) {
        deliver(McpSchema.deserializeJsonRpcMessage(mapper, json));
      }
    } catch (IOException e) {
      throw new McpException(
          "MCP server '" + config.name() + "' sent an answer that is not JSON-RPC: " + e, e);
    }
  }

  /** Opens the stream on which the server may speak unasked; a server without one says 405. */
  private void listen() {
    Stream stream = new Stream(null);
    thread(() -> stream.resume(0));
  }

  private void deliver(McpSchema.JSONRPCMessage message) {
    if (message instanceof McpSchema.JSONRPCResponse r && r.result() != null) {
      Object version =
          r.result() instanceof Map<?, ?> map ? map.get("protocolVersion") : null;
      if (version instanceof String v && protocolVersion == null) {
        protocolVersion = v; // the initialize answer: every later request names it
      }
    }
    handler.apply(Mono.just(message)).subscribe(m -> {}, e -> log.debug("handler failed", e));
  }

  /**
   * One server-sent event stream, and its resumptions: it remembers the last event id and the
   * server's {@code retry}, and whether the answer it is for has come.
   */
  private final class Stream {
    private final Object awaited;
    private volatile boolean answered;
    private String lastEventId;
    private long retryMillis = DEFAULT_RETRY_MILLIS;

    Stream(Object awaited) {
      this.awaited = awaited;
    }

    /** Reads events until the stream ends; resumes it if its answer is still to come. */
    void read(InputStream body) {
      boolean received = readEvents(body);
      if (!closed && awaited != null && !answered && lastEventId == null) {
        // A GET without Last-Event-ID opens the server's own stream, on which no answer to a
        // request may come: the call fails now, not at callTimeout.
        unanswered(
            "the server ended the event stream for request "
                + awaited
                + " before its answer, with no event id to resume it from");
        return;
      }
      if (!closed && (awaited != null && !answered || awaited == null && lastEventId != null)) {
        resume(received ? 0 : 1);
      }
    }

    /** Fails the awaited request at once, saying why its answer cannot come. */
    private void unanswered(String why) {
      deliver(
          new McpSchema.JSONRPCResponse(
              McpSchema.JSONRPC_VERSION,
              awaited,
              null,
              new McpSchema.JSONRPCResponse.JSONRPCError(
                  McpSchema.ErrorCodes.INTERNAL_ERROR, why, null)));
    }

    /** GETs the stream again, from the last event seen, after the server's retry delay. */
    void resume(int failures) {
      while (!closed && failures < MAX_RESUMES) {
        if (lastEventId != null || awaited != null) {
          try {
            Thread.sleep(retryMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        HttpRequest.Builder get = request().header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
          get.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response;
        try {
          response = http.send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
          failures++;
          continue;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (response.statusCode() != 200) {
          close(response.body());
          if (response.statusCode() == 405 && awaited == null) {
            return; // the server offers no stream of its own
          }
          failures++;
          continue;
        }
        boolean received = readEvents(response.body());
        if (awaited != null && answered || closed) {
          return;
        }
        failures = received ? 0 : failures + 1;
      }
      if (!closed && awaited != null && !answered) {
        unanswered(
            "the event stream for request "
                + awaited
                + " ended "
                + MAX_RESUMES
                + " times in a row without its answer, so Cadre stopped resuming it");
      }
    }

    /** Reads events until the stream ends; says whether any message came. */
    private boolean readEvents(InputStream body) {
      streams.add(body);
      boolean received = false;
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        StringBuilder data = new StringBuilder();
        BoundedLines.IdScanner oversize = null;
        long size = 0;
        String line;
        while ((line = in.readLine()) != null) {
          if (line.isEmpty()) {
            if (oversize != null) {
              dispatch(BoundedLines.tooLarge(config, size, oversize.id()));
              received = true;
            } else if (!data.isEmpty()) {
              dispatch(McpSchema.deserializeJsonRpcMessage(mapper, data.toString()));
              received = true;
            }
            data.setLength(0);
            oversize = null;
            size = 0;
          } else if (line.startsWith("data:")) {
            String part = line.substring(line.startsWith("data: ") ? 6 : 5);
            size += part.length() + 1;
            if (oversize == null && size > config.maxMessageSize()) {
              oversize = new BoundedLines.IdScanner();
              byte[] kept = data.toString().getBytes(StandardCharsets.UTF_8);
              oversize.feed(kept, 0, kept.length);
              data.setLength(0);
            }
            if (oversize != null) {
              byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
              oversize.feed(bytes, 0, bytes.length);
            } else {
              data.append(data.isEmpty() ? "" : "\n").append(part);
            }
          } else if (line.startsWith("id:")) {
            lastEventId = line.substring(3).strip();
          } else if (line.startsWith("retry:")) {
            try {
              retryMillis = Math.max(0, Long.parseLong(line.substring(6).strip()));
            } catch (NumberFormatException e) {
              // the specification says to ignore a retry that is not a number
            }
          }
        }
      } catch (IOException e) {
        if (!closed) {
          log.debug("MCP server '{}': a response stream broke", config.name(), e);
        }
      } finally {
        streams.remove(body);
      }
      return received;
    }

    private void dispatch(McpSchema.JSONRPCMessage message) {
      if (awaited != null
          && message instanceof McpSchema.JSONRPCResponse r
          && awaited.equals(r.id())) {
        answered = true;
      }
      deliver(message);
    }
  }

  private void thread(Runnable body) {
    Thread thread = new Thread(body, "mcp-" + config.name() + "-http");
    thread.setDaemon(true);
    thread.start();
  }

  private static String excerpt(InputStream body) {
    try (InputStream in = body) {
      String text = new String(in.readNBytes(500), StandardCharsets.UTF_8).strip();
      return text.replaceAll("\\s+", " ");
    } catch (IOException e) {
      return "";
    }
  }

  private static void close(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      // nothing more to read from it either way
    }
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  /** Ends the session at the server (a DELETE, not waited for long) and every open stream. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    streams.forEach(HttpTransport::close);
    if (sessionId != null) {
      HttpRequest delete = request().timeout(Duration.ofSeconds(2)).DELETE().build();
      http.sendAsync(delete, HttpResponse.BodyHandlers.discarding());
    }
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
    return mapper.convertValue(data, type);
  }
}
