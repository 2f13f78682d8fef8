package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import java.nio.file.Path;
import java.time.Duration;
import dev.cadre.tool.Tool;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A call Cadre abandons is cancelled at the server with {@code notifications/cancelled}, and
 * Cadre's own server stops a call its client cancels.
 */
class McpCancellationTest {

  private static McpConnection open(Duration callTimeout) throws Exception {
    Path script = TestServers.nodeScript("cancel-server.mjs");
    return McpConnection.open(
        McpServerConfig.stdio("canceller", "node", script.toString())
            .callTimeout(callTimeout)
            .build());
  }

  /** What the server says it was told to cancel, waited for a while (the notice is one-way). */
  private static String cancellations(McpConnection connection) throws Exception {
    String seen = "[]";
    for (int i = 0; i < 100 && seen.equals("[]"); i++) {
      seen = connection.callTool("cancellations", Json.object(), CancellationToken.none()).text();
      if (seen.equals("[]")) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
    return seen;
  }

  @Test
  void aCancelledCallIsCancelledAtTheServer() throws Exception {
    try (McpConnection connection = open(Duration.ofSeconds(60))) {
      CancellationToken token = new CancellationToken();
      // Cancelled once the server runs the call: a call cancelled before it is sent is not sent.
      CompletableFuture.runAsync(
          () -> {
            for (int i = 0; i < 300; i++) {
              if (connection.callTool("running", Json.object(), CancellationToken.none())
                  .text()
                  .equals("1")) {
                break;
              }
              try {
                TimeUnit.MILLISECONDS.sleep(100);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
            }
            token.cancel();
          },
          runnable -> new Thread(runnable, "canceller").start());

      assertThatThrownBy(() -> connection.callTool("slow", Json.object(), token))
          .isInstanceOf(McpException.class)
          .hasMessageContaining("cancelled");
      assertThat(cancellations(connection))
          .contains("request ")
          .contains("the Cadre run cancelled the call");
    }
  }

  @Test
  void aTimedOutCallIsCancelledAtTheServer() throws Exception {
    try (McpConnection connection = open(Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> connection.callTool("slow", Json.object(), CancellationToken.none()))
          .isInstanceOf(McpException.class)
          .hasMessageContaining("did not answer tool 'slow' within 2s");
      assertThat(cancellations(connection)).contains("no answer within callTimeout 2s");
    }
  }

  @Test
  void cadresServerCancelsTheToolCallItsClientCancels() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Tool waiting =
        Tool.builder("wait")
            .description("Waits until cancelled")
            .function(
                (arguments, context) -> {
                  started.countDown();
                  try (CancellationToken.Registration r =
                      context.cancellation().onCancel(stopped::countDown)) {
                    stopped.await(20, TimeUnit.SECONDS);
                  }
                  return "done";
                })
            .timeout(Duration.ofSeconds(25))
            .build();
    CadreMcpServer server = CadreMcpServer.builder("waiter", "1").tool(waiting).build();
    try (LineClient client = new LineClient(server)) {
      client.send(
          "{\"jsonrpc\":\"2.0\",\"id\":\"call-7\",\"method\":\"tools/call\","
              + "\"params\":{\"name\":\"wait\",\"arguments\":{}}}");
      assertThat(started.await(20, TimeUnit.SECONDS)).as("the tool started").isTrue();

      client.send(
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
              + "\"params\":{\"requestId\":\"call-7\",\"reason\":\"user gave up\"}}");

      assertThat(stopped.await(10, TimeUnit.SECONDS))
          .as("the tool's cancellation token was cancelled")
          .isTrue();
      // The server goes on serving after a cancellation.
      assertThat(client.request(8, "ping", "{}").has("result")).isTrue();
    }
  }
}
