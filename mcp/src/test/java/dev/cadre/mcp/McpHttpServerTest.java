package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.tool.Tool;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cadre's server over streamable HTTP, on the JDK's own HTTP server, and Cadre's client on it. */
class McpHttpServerTest {

  private static CadreMcpServer server() {
    return CadreMcpServer.builder("adder", "1")
        .tools(new TestToolProvider().tools())
        .build();
  }

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
          + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
          + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

  @Test
  void cadresClientListsAndCallsToolsOfCadresHttpServer() throws Exception {
    try (McpHttpServer http =
            server().serveHttp(new InetSocketAddress("127.0.0.1", 0), "/mcp");
        McpConnection client =
            McpConnection.open(
                McpServerConfig.http("adder", http.url().toString())
                    .callTimeout(Duration.ofSeconds(30))
                    .build())) {
      List<Tool> tools = client.tools();

      assertThat(tools).extracting(Tool::name).contains("add");
      McpToolResult sum =
          client.callTool("add", Json.object().put("a", 2).put("b", 40), CancellationToken.none());
      assertThat(sum.text()).isEqualTo("42");
      assertThat(sum.error()).isFalse();
    }
  }

  @Test
  void aRequestNamingAnotherHostOrOriginIsRefusedAgainstDnsRebinding() throws Exception {
    try (McpHttpServer http =
        server().serveHttp(new InetSocketAddress("127.0.0.1", 0), "/mcp")) {
      HttpClient client = HttpClient.newHttpClient();
      URI url = http.url();

      HttpResponse<String> foreignOrigin = post(client, url, "Origin", "http://evil.example");
      HttpResponse<String> localOrigin = post(client, url, "Origin", "http://localhost:3000");

      assertThat(foreignOrigin.statusCode()).isEqualTo(403);
      assertThat(localOrigin.statusCode()).isEqualTo(200);
      assertThat(localOrigin.headers().firstValue("Mcp-Session-Id")).isPresent();
      assertThat(localOrigin.body()).contains("\"serverInfo\"").contains("adder");
    }
  }

  @Test
  void aRequestWithoutASessionIsRefusedAndAnUnknownSessionIsNotFound() throws Exception {
    try (McpHttpServer http =
        server().serveHttp(new InetSocketAddress("127.0.0.1", 0), "/mcp")) {
      HttpClient client = HttpClient.newHttpClient();
      String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

      HttpResponse<String> none = send(client, http.url(), list, null);
      HttpResponse<String> unknown = send(client, http.url(), list, "no-such-session");

      assertThat(none.statusCode()).isEqualTo(400);
      assertThat(unknown.statusCode()).isEqualTo(404);
    }
  }

  private static HttpResponse<String> post(HttpClient client, URI url, String header, String value)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .header(header, value)
            .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> send(HttpClient client, URI url, String body, String session)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      request.header("Mcp-Session-Id", session);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
