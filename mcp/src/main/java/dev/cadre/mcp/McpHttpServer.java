package dev.cadre.mcp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link CadreMcpServer} served over MCP's streamable HTTP transport, on the JDK's own HTTP
 * server: no servlet container. Each client gets a session ({@code Mcp-Session-Id}); a request is
 * answered on an event stream whose events carry ids, so a client whose stream broke resumes it
 * with {@code Last-Event-ID}; a GET opens the stream on which the server speaks unasked; a DELETE
 * ends the session. Against DNS rebinding, a request whose {@code Host} or {@code Origin} names
 * another host than this machine is refused with 403 while the server listens on a loopback
 * address. Made by {@link CadreMcpServer#serveHttp}; closing it stops the server.
 */
public final class McpHttpServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(McpHttpServer.class);

  /** The largest request body read, in bytes. */
  private static final int MAX_BODY = 4 * 1024 * 1024;

  private static final Set<String> LOCAL = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final HttpServer http;
  private final ExecutorService threads;
  private final String path;
  private final McpJsonMapper mapper;
  private final InboundCalls inbound;
  private final Map<String, McpStreamableServerSession> sessions = new ConcurrentHashMap<>();
  private final Provider provider = new Provider();
  private volatile Runnable onClose = () -> {};

  McpHttpServer(InetSocketAddress address, String path, McpJsonMapper mapper, InboundCalls inbound)
      throws IOException {
    this.path = path;
    this.mapper = mapper;
    this.inbound = inbound;
    this.http = HttpServer.create(address, 0);
    // A thread per exchange: an event stream holds its exchange for as long as it is open.
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "mcp-http-server");
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(threads);
    http.createContext(path, this::handle);
  }

  /** The transport the SDK's server runs on. */
  McpStreamableServerTransportProvider provider() {
    return provider;
  }

  void start(Runnable onClose) {
    this.onClose = onClose;
    http.start();
  }

  /** Where clients reach this server: {@code http://host:port/path}. */
  public URI url() {
    InetSocketAddress at = http.getAddress();
    String host = at.getAddress().isAnyLocalAddress() ? "localhost" : at.getHostString();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + at.getPort() + path);
  }

  /** Ends every session and stops serving. */
  @Override
  public void close() {
    sessions.values().forEach(McpStreamableServerSession::close);
    sessions.clear();
    http.stop(0);
    threads.shutdownNow();
    onClose.run();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!trusted(exchange)) {
        send(exchange, 403, "text/plain", "Forbidden: Host or Origin is not this server");
        return;
      }
      switch (exchange.getRequestMethod()) {
        case "POST" -> post(exchange);
        case "GET" -> get(exchange);
        case "DELETE" -> delete(exchange);
        default -> send(exchange, 405, "text/plain", "Method Not Allowed");
      }
    } catch (RuntimeException e) {
      log.debug("MCP HTTP exchange failed", e);
    }
  }

  /**
   * DNS rebinding: a page elsewhere may reach a server on this machine under a name of its own.
   * On a loopback address, only a Host and Origin that name this machine are let through.
   */
  private boolean trusted(HttpExchange exchange) {
    if (!http.getAddress().getAddress().isLoopbackAddress()) {
      return true;
    }
    String host = exchange.getRequestHeaders().getFirst("Host");
    if (host != null && !LOCAL.contains(hostName(host))) {
      return false;
    }
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    if (origin == null || origin.equals("null")) {
      return true;
    }
    try {
      String originHost = URI.create(origin).getHost();
      return originHost != null && LOCAL.contains(originHost.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String hostName(String hostHeader) {
    String host = hostHeader.toLowerCase(Locale.ROOT).strip();
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  private void post(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
    if (bytes.length > MAX_BODY) {
      send(exchange, 413, "text/plain", "request larger than " + MAX_BODY + " bytes");
      return;
    }
    String filtered = inbound.filter(new String(bytes, StandardCharsets.UTF_8));
    McpStreamableServerSession session = session(exchange);
    if (filtered == null) { // a cancellation, handled by `inbound`
      send(exchange, 202, null, null);
      return;
    }
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(mapper, filtered);
    } catch (IOException | IllegalArgumentException e) {
      send(
          exchange, 400, "application/json", error(null, -32700, "Parse error: " + e.getMessage()));
      return;
    }
    if (message instanceof McpSchema.JSONRPCRequest request
        && request.method().equals(McpSchema.METHOD_INITIALIZE)) {
      initialize(exchange, request);
      return;
    }
    if (session == null) {
      boolean given = exchange.getRequestHeaders().getFirst("Mcp-Session-Id") != null;
      send(
          exchange,
          given ? 404 : 400,
          "application/json",
          error(
              message instanceof McpSchema.JSONRPCRequest r ? r.id() : null,
              -32000,
              given ? "Session not found" : "Bad Request: Mcp-Session-Id header is required"));
      return;
    }
    if (message instanceof McpSchema.JSONRPCResponse response) {
      session.accept(response).block();
      send(exchange, 202, null, null);
    } else if (message instanceof McpSchema.JSONRPCNotification notification) {
      session.accept(notification).block();
      send(exchange, 202, null, null);
    } else if (message instanceof McpSchema.JSONRPCRequest request) {
      EventStream stream = new EventStream(exchange);
      stream.open();
      // The SDK answers on a thread of its own, which Reactor may interrupt once the answer is
      // out; the stream's events are written here, on the exchange's own thread (see pump).
      session
          .responseStream(request, stream)
          .subscribe(done -> {}, failed -> stream.close(), stream::close);
      stream.pump();
    }
  }

  private void initialize(HttpExchange exchange, McpSchema.JSONRPCRequest request)
      throws IOException {
    McpSchema.InitializeRequest init =
        mapper.convertValue(request.params(), new TypeRef<McpSchema.InitializeRequest>() {});
    McpStreamableServerSession.McpStreamableServerSessionInit started =
        provider.factory.startSession(init);
    McpSchema.InitializeResult result = started.initResult().block();
    sessions.put(started.session().getId(), started.session());
    exchange.getResponseHeaders().add("Mcp-Session-Id", started.session().getId());
    send(
        exchange,
        200,
        "application/json",
        mapper.writeValueAsString(
            new McpSchema.JSONRPCResponse(McpSchema.JSONRPC_VERSION, request.id(), result, null)));
  }

  /** The stream the server speaks on unasked; with Last-Event-ID, what was missed comes first. */
  private void get(HttpExchange exchange) throws IOException {
    McpStreamableServerSession session = session(exchange);
    if (session == null) {
      send(exchange, 400, "text/plain", "Bad Request: a valid Mcp-Session-Id header is required");
      return;
    }
    EventStream stream = new EventStream(exchange);
    stream.open();
    String last = exchange.getRequestHeaders().getFirst("Last-Event-ID");
    if (last != null) {
      Flux<McpSchema.JSONRPCMessage> missed = session.replay(last);
      for (McpSchema.JSONRPCMessage message : missed.collectList().block()) {
        stream.sendMessage(message, null);
      }
      stream.close(); // the resumed stream ends here; the client opens another to go on listening
      stream.pump();
      return;
    }
    McpStreamableServerSession.McpStreamableServerSessionStream listening =
        session.listeningStream(stream);
    try {
      stream.pump();
    } finally {
      listening.close();
    }
  }

  private void delete(HttpExchange exchange) throws IOException {
    String id = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
    McpStreamableServerSession session = id == null ? null : sessions.remove(id);
    if (session == null) {
      send(exchange, 404, "text/plain", "Session not found");
      return;
    }
    session.delete().block();
    send(exchange, 200, null, null);
  }

  private McpStreamableServerSession session(HttpExchange exchange) {
    String id = exchange.getRequestHeaders().getFirst("Mcp-Session-Id");
    return id == null ? null : sessions.get(id);
  }

  private String error(Object id, int code, String message) throws IOException {
    return mapper.writeValueAsString(
        new McpSchema.JSONRPCResponse(
            McpSchema.JSONRPC_VERSION,
            id,
            null,
            new McpSchema.JSONRPCResponse.JSONRPCError(code, message, null)));
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    if (body == null) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /**
   * One exchange's event stream: each message an event, with the id the session gave it. Messages
   * are queued by whichever thread sends them and written by the exchange's own thread in {@link
   * #pump}: the SDK sends from Reactor's threads, which Reactor interrupts when it cancels their
   * task, and an interrupted thread writing to the socket closes it (ClosedByInterruptException),
   * so an answer written there could be lost with the connection it was on.
   */
  private final class EventStream implements McpStreamableServerTransport {
    /** Queued by {@link #close}: the events before it are written, then the stream ends. */
    private static final Event END = new Event(new byte[0], new CompletableFuture<>());

    private final HttpExchange exchange;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    EventStream(HttpExchange exchange) {
      this.exchange = exchange;
    }

    void open() throws IOException {
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.getResponseHeaders().add("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0);
    }

    /**
     * Writes the queued events, on the calling thread (the exchange's), until the stream is closed
     * and every event before the close is out, the client goes away, or the server stops.
     */
    void pump() {
      OutputStream out = exchange.getResponseBody();
      try {
        for (Event event = events.take(); event != END; event = events.take()) {
          try {
            out.write(event.bytes());
            out.flush();
            event.written().complete(null);
          } catch (IOException e) {
            event.written().completeExceptionally(e);
            break;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the server is stopping
      } finally {
        ended = true;
        failLeft();
      }
    }

    /** Fails the events no one will write: the stream has ended. */
    private void failLeft() {
      for (Event left = events.poll(); left != null; left = events.poll()) {
        if (left != END) {
          left.written().completeExceptionally(new IOException("the event stream has ended"));
        }
      }
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String eventId) {
      if (ended) {
        return Mono.error(new IOException("the event stream has ended"));
      }
      String event;
      try {
        event =
            (eventId == null ? "" : "id: " + eventId + "\n")
                + "data: "
                + mapper.writeValueAsString(message)
                + "\n\n";
      } catch (IOException e) {
        return Mono.error(e);
      }
      CompletableFuture<Void> written = new CompletableFuture<>();
      events.add(new Event(event.getBytes(StandardCharsets.UTF_8), written));
      if (ended) {
        failLeft(); // the stream ended while this event was queued
      }
      // Whoever sends learns when the event is out; giving up waiting does not unsend it.
      return Mono.fromFuture(written, true);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return sendMessage(message, null);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
      return mapper.convertValue(data, type);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.fromRunnable(this::close);
    }

    @Override
    public void close() {
      events.add(END);
    }
  }

  /** One event's text, and who waits for it to be written. */
  private record Event(byte[] bytes, CompletableFuture<Void> written) {}

  /** The SDK's view of this server: where sessions come from, and how all clients are told. */
  private final class Provider implements McpStreamableServerTransportProvider {
    private volatile McpStreamableServerSession.Factory factory;

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory factory) {
      this.factory = factory;
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
      return Flux.fromIterable(sessions.values())
          .flatMap(s -> s.sendNotification(method, params).onErrorResume(e -> Mono.empty()))
          .then();
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.fromRunnable(
          () -> sessions.values().forEach(s -> s.closeGracefully().block(Duration.ofSeconds(5))));
    }

    @Override
    public List<String> protocolVersions() {
      return List.of(
          ProtocolVersions.MCP_2024_11_05,
          ProtocolVersions.MCP_2025_03_26,
          ProtocolVersions.MCP_2025_06_18,
          ProtocolVersions.MCP_2025_11_25);
    }
  }
}
