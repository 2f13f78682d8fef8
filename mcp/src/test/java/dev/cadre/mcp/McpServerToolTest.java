package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.HumanInput;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.replay.ReplayChatModel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A tool of Cadre's server that reports progress, answers with an image, asks the client's model
 * and the client's user, all through its {@link McpToolContext}; Cadre's client on the other end.
 */
class McpServerToolTest {

  private static CadreMcpServer server() {
    return CadreMcpServer.builder("studio", "1")
        .tool(
            "draw",
            "Draws a picture",
            Json.object().put("type", "object"),
            (arguments, context) -> {
              context.progress(1, 2.0, "sketching");
              context.log("info", "drawing");
              context.progress(2, 2.0, "done");
              return McpContent.of(
                  new McpContent.Text("here it is"),
                  new McpContent.Image(new byte[] {1, 2, 3}, "image/png"));
            })
        .tool(
            "haiku",
            "Asks the client's model for a haiku",
            Json.object().put("type", "object"),
            (arguments, context) -> "model said: " + context.sample("a haiku", 50))
        .tool(
            "greet",
            "Asks the client's user for a name",
            Json.object().put("type", "object"),
            (arguments, context) -> {
              Map<String, Object> answer =
                  context.elicit(
                      "Who are you?",
                      Map.of(
                          "type", "object",
                          "properties", Map.of("name", Map.of("type", "string"))));
              return answer == null ? "declined" : "hello " + answer.get("name");
            })
        .build();
  }

  @Test
  void aToolReportsProgressAnswersWithAnImageAndAsksTheClientsModelAndUser() throws Exception {
    List<McpClientOptions.McpProgress> progress = new CopyOnWriteArrayList<>();
    McpClientOptions options =
        McpClientOptions.builder()
            .onProgress(progress::add)
            .sampling(ReplayChatModel.ofTexts("rain on the roof"))
            .elicitation(HumanInput.callback(q -> "Ada"))
            .build();
    try (McpHttpServer http = server().serveHttp(new InetSocketAddress("127.0.0.1", 0), "/mcp");
        McpConnection client =
            McpConnection.open(McpServerConfig.http("studio", http.url().toString()).build(),
                options)) {
      McpToolResult drawn = client.callTool("draw", Json.object(), CancellationToken.none());
      McpToolResult haiku = client.callTool("haiku", Json.object(), CancellationToken.none());
      McpToolResult greeting = client.callTool("greet", Json.object(), CancellationToken.none());

      assertThat(drawn.error()).isFalse();
      assertThat(drawn.text()).isEqualTo("here it is\n[image image/png, 3 bytes]");
      assertThat(progress)
          .extracting(McpClientOptions.McpProgress::message)
          .containsExactly("sketching", "done");
      assertThat(haiku.text()).isEqualTo("model said: rain on the roof");
      assertThat(greeting.text()).isEqualTo("hello Ada");
    }
  }

  @Test
  void aClientWithoutSamplingGetsAToolErrorNotAHang() throws Exception {
    try (McpHttpServer http = server().serveHttp(new InetSocketAddress("127.0.0.1", 0), "/mcp");
        McpConnection client =
            McpConnection.open(McpServerConfig.http("studio", http.url().toString()).build())) {
      McpToolResult haiku = client.callTool("haiku", Json.object(), CancellationToken.none());

      assertThat(haiku.error()).isTrue();
      assertThat(haiku.text()).contains("the client offers no sampling");
    }
  }
}
