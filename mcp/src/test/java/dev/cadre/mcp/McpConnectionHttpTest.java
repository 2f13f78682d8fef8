package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.CancellationToken;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolExecutor;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cadre's MCP client over streamable HTTP, against the everything server in its HTTP mode. */
class McpConnectionHttpTest {

  private int port;
  private Process server;
  private McpConnection connection;

  @BeforeEach
  void start() throws Exception {
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    server = startServer();
  }

  @AfterEach
  void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (server != null) { // null when the test was skipped before starting it
      server.destroyForcibly().waitFor();
    }
  }

  /** Starts the server on {@link #port} and waits until it says it listens. */
  private Process startServer() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(TestServers.everything("streamableHttp"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("PORT", Integer.toString(port));
    Process process = builder.start();
    // A thread of its own reads stderr for as long as the server lives (never the common pool,
    // whose one or two threads the tests need), so the server never blocks on a full pipe.
    CompletableFuture<Void> listening = new CompletableFuture<>();
    List<String> lines = new ArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader err =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                  synchronized (lines) {
                    lines.add(line);
                  }
                  if (line.contains("listening on port " + port)) {
                    listening.complete(null);
                  }
                }
              } catch (Exception e) {
                // the server is gone
              }
              listening.completeExceptionally(
                  new AssertionError("the HTTP server did not start: " + lines));
            });
    reader.setDaemon(true);
    reader.start();
    listening.get(20, TimeUnit.SECONDS);
    return process;
  }

  private McpServerConfig config() {
    return McpServerConfig.http("everything-http", "http://127.0.0.1:" + port + "/mcp")
        .callTimeout(Duration.ofSeconds(5))
        .initializeTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static ToolResult run(List<Tool> tools, String name, String arguments) {
    return new ToolExecutor(tools)
        .execute(new ToolCall("c1", name, arguments), CancellationToken.none());
  }

  @Test
  void listsAndCallsToolsOverHttp() {
    connection = McpConnection.open(config());
    List<Tool> tools = connection.tools();

    assertThat(tools).extracting(Tool::spec).extracting(ToolSpec::name).contains("echo", "get-sum");
    assertThat(run(tools, "echo", "{\"message\": \"over HTTP\"}").content())
        .isEqualTo("Echo: over HTTP");
    ToolResult bad = run(tools, "get-resource-links", "{\"count\": 500}");
    assertThat(bad.error()).isTrue();
    assertThat(bad.content()).contains("MCP server 'everything-http' reported an error");
    assertThat(connection.prompts()).extracting(McpPrompt::name).contains("simple-prompt");
  }

  @Test
  void aServerThatGoesAwayIsAToolErrorAndTheNextCallOpensANewSession() throws Exception {
    connection = McpConnection.open(config());
    List<Tool> tools = connection.tools();

    server.destroyForcibly().waitFor();
    ToolResult gone = run(tools, "echo", "{\"message\": \"hello?\"}");

    assertThat(gone.error()).isTrue();
    assertThat(gone.content()).contains("MCP server 'everything-http'", "tool 'echo'");

    server = startServer();
    ToolResult back = run(tools, "echo", "{\"message\": \"new session\"}");

    assertThat(back.error()).as(back.content()).isFalse();
    assertThat(back.content()).isEqualTo("Echo: new session");
  }

  @Test
  void aLongCallOverHttpOutlivesTheProbesOfALiveServer() {
    connection = McpConnection.open(config());

    ToolResult slow =
        run(
            connection.tools("trigger-long-running-operation"),
            "trigger-long-running-operation",
            "{\"duration\": 3, \"steps\": 1}");

    assertThat(slow.error()).as(slow.content()).isFalse();
    assertThat(slow.content()).contains("Long running operation completed");
  }

  @Test
  void aServerKilledMidCallIsAToolErrorAtOnceNamingServerAndTool() throws Exception {
    connection =
        McpConnection.open(
            McpServerConfig.http("everything-http", "http://127.0.0.1:" + port + "/mcp")
                .callTimeout(Duration.ofSeconds(30))
                .build());
    List<Tool> tools = connection.tools();

    long start = System.nanoTime();
    CompletableFuture<ToolResult> slow =
        CompletableFuture.supplyAsync(
            () -> run(tools, "trigger-long-running-operation", "{\"duration\": 20, \"steps\": 4}"));
    Thread.sleep(1000);
    server.destroyForcibly().waitFor();
    ToolResult killed = slow.get(30, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(killed.error()).isTrue();
    assertThat(killed.content())
        .contains(
            "MCP server 'everything-http'", "went away", "tool 'trigger-long-running-operation'")
        .contains("the next call opens a new session");
    // Far below the call's 30 s limit: the probe every 2 s finds the server gone.
    assertThat(took).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void anUnreachableServerFailsToOpenNamingItsUrl() throws Exception {
    server.destroyForcibly().waitFor();

    assertThatThrownBy(() -> McpConnection.open(config()))
        .isInstanceOf(McpException.class)
        .hasMessageContaining(
            "MCP server 'everything-http' (URL http://127.0.0.1:" + port + "/mcp)");
  }
}
