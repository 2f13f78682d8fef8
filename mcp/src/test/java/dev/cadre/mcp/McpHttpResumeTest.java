package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A streamable HTTP server that ends a tool call's event stream before the answer, as a server
 * behind a proxy with short timeouts does: Cadre resumes it with {@code Last-Event-ID}, after the
 * {@code retry} the server asked for.
 */
class McpHttpResumeTest {

  private static final long RETRY_MILLIS = 700;

  private HttpServer server;
  private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
  private volatile long streamClosedAt;
  private volatile long resumedAt;
  private volatile String pendingId;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/mcp", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (exchange.getRequestMethod().equals("GET")) {
        String last = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        if (last == null) {
          exchange.sendResponseHeaders(405, -1); // no stream of its own
          return;
        }
        lastEventIds.add(last);
        if (last.equals("s1")) {
          sse(exchange, ""); // resumed, and ended again without the answer
          return;
        }
        resumedAt = System.nanoTime();
        sse(exchange, "id: e2\ndata: " + result(pendingId, toolResult("resumed")) + "\n\n");
        return;
      }
      if (exchange.getRequestMethod().equals("DELETE")) {
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      JsonNode message = Json.parse(new String(exchange.getRequestBody().readAllBytes(), UTF8));
      String method = message.path("method").asText();
      String id = message.path("id").toString();
      switch (method) {
        case "initialize" -> {
          exchange.getResponseHeaders().add("Mcp-Session-Id", "session-1");
          json(
              exchange,
              result(
                  id,
                  "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                      + "\"serverInfo\":{\"name\":\"resumer\",\"version\":\"1\"}}"));
        }
        case "tools/list" ->
            json(
                exchange,
                result(
                    id, "{\"tools\":[{\"name\":\"slow\",\"inputSchema\":{\"type\":\"object\"}}]}"));
        case "tools/call" -> {
          if (message.at("/params/name").asText().equals("huge")) {
            json(exchange, result(id, toolResult("x".repeat(200_000))));
            return;
          }
          if (message.at("/params/name").asText().equals("dropped")) {
            // The stream ends with neither the answer nor an event id to resume from.
            sse(exchange, "");
            return;
          }
          if (message.at("/params/name").asText().equals("silent")) {
            sse(exchange, "id: s1\nretry: 50\ndata: \n\n");
            return;
          }
          pendingId = id;
          // A priming event with an id and a retry, then the stream ends without the answer.
          sse(exchange, "id: e1\nretry: " + RETRY_MILLIS + "\ndata: \n\n");
          streamClosedAt = System.nanoTime();
        }
        case "ping" -> json(exchange, result(id, "{}"));
        default -> exchange.sendResponseHeaders(202, -1);
      }
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static String result(String id, String result) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
  }

  private static String toolResult(String text) {
    return "{\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}],\"isError\":false}";
  }

  private static void json(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void sse(HttpExchange exchange, String events) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    out.write(events.getBytes(UTF8));
    out.flush();
  }

  @Test
  void aStreamEndedBeforeItsAnswerIsResumedWithLastEventIdAfterTheServersRetry() {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    try (McpConnection connection =
        McpConnection.open(
            McpServerConfig.http("resumer", url).callTimeout(Duration.ofSeconds(15)).build())) {
      McpToolResult result = connection.callTool("slow", Json.object(), CancellationToken.none());

      assertThat(result.text()).isEqualTo("resumed");
      assertThat(lastEventIds).containsExactly("e1");
      assertThat(Duration.ofNanos(resumedAt - streamClosedAt))
          .as("the client waits the retry the server asked for")
          .isGreaterThanOrEqualTo(Duration.ofMillis(RETRY_MILLIS - 100));
    }
  }

  @Test
  void aStreamEndedBeforeItsAnswerWithNoEventIdFailsTheCallAtOnceSayingWhy() {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    try (McpConnection connection =
        McpConnection.open(
            McpServerConfig.http("resumer", url).callTimeout(Duration.ofSeconds(60)).build())) {
      long before = System.nanoTime();

      assertThatThrownBy(
              () -> connection.callTool("dropped", Json.object(), CancellationToken.none()))
          .isInstanceOf(McpException.class)
          .hasMessageContaining("before its answer, with no event id to resume it from");
      assertThat(Duration.ofNanos(System.nanoTime() - before))
          .as("failed at once, not at callTimeout")
          .isLessThan(Duration.ofSeconds(50));
      assertThat(lastEventIds).as("nothing to resume from, so no resumption").isEmpty();
    }
  }

  @Test
  void aStreamStillUnansweredAfterFiveResumptionsFailsTheCallAtOnceSayingWhy() {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    try (McpConnection connection =
        McpConnection.open(
            McpServerConfig.http("resumer", url).callTimeout(Duration.ofSeconds(60)).build())) {
      long before = System.nanoTime();

      assertThatThrownBy(
              () -> connection.callTool("silent", Json.object(), CancellationToken.none()))
          .isInstanceOf(McpException.class)
          .hasMessageContaining("ended 5 times in a row without its answer");
      assertThat(Duration.ofNanos(System.nanoTime() - before))
          .as("failed at once, not at callTimeout")
          .isLessThan(Duration.ofSeconds(50));
      // The stream's first end and four resumptions that each ended empty make five.
      assertThat(lastEventIds).containsExactly("s1", "s1", "s1", "s1");
    }
  }

  @Test
  void anHttpAnswerOverMaxMessageSizeFailsAtOnceSayingWhy() {
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    try (McpConnection connection =
        McpConnection.open(
            McpServerConfig.http("resumer", url)
                .maxMessageSize(100_000)
                .callTimeout(Duration.ofSeconds(60))
                .build())) {
      long before = System.nanoTime();

      assertThatThrownBy(
              () -> connection.callTool("huge", Json.object(), CancellationToken.none()))
          .isInstanceOf(McpException.class)
          .hasMessageContaining("more than maxMessageSize (100000 bytes)");
      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(50));
    }
  }
}
