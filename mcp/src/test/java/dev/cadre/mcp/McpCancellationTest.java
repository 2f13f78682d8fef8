package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A call Cadre abandons is cancelled at the server with {@code notifications/cancelled}. */
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
      CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(token::cancel);

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
}
