package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolExecutor;
import dev.cadre.tool.ToolResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Answers over the size limit fail at once and clearly; what reaches the model is capped. */
class McpResultSizeTest {

  private static McpServerConfig.Builder bigServer() throws Exception {
    Path script = TestServers.nodeScript("big-server.mjs");
    return McpServerConfig.stdio("big", "node", script.toString())
        .callTimeout(Duration.ofSeconds(60));
  }

  @Test
  void anAnswerOverTheDefaultLimitFailsAtOnceSayingWhyAndTheSessionGoesOn() throws Exception {
    try (McpConnection big = McpConnection.open(bigServer().build())) {
      long before = System.nanoTime();

      // Over 20 MB: past Jackson's own string limit, where such an answer used to vanish.
      assertThatThrownBy(
              () ->
                  big.callTool(
                      "big", Json.object().put("size", 21_000_000), CancellationToken.none()))
          .isInstanceOf(McpException.class)
          .hasMessageContaining("MCP server 'big'")
          .hasMessageContaining("more than maxMessageSize (16777216 bytes)")
          .hasMessageNotContaining("raise callTimeout");

      assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(50));
      CancellationToken none = CancellationToken.none();
      assertThat(big.callTool("echo", Json.object().put("text", "still here"), none).text())
          .isEqualTo("still here");
    }
  }

  @Test
  void theLimitIsTheUsersToSet() throws Exception {
    try (McpConnection big = McpConnection.open(bigServer().maxMessageSize(100_000).build())) {
      assertThatThrownBy(
              () ->
                  big.callTool("big", Json.object().put("size", 200_000), CancellationToken.none()))
          .isInstanceOf(McpException.class)
          .hasMessageContaining("more than maxMessageSize (100000 bytes)");
      assertThat(
              big.callTool("big", Json.object().put("size", 50_000), CancellationToken.none())
                  .text())
          .hasSize(50_000);
    }
  }

  @Test
  void theModelGetsAResultCutToMaxResultCharsWithANote() throws Exception {
    try (McpConnection big = McpConnection.open(bigServer().maxResultChars(1_000).build())) {
      ToolExecutor executor = new ToolExecutor(big.tools());

      ToolResult result =
          executor.execute(
              new ToolCall("c1", "big", "{\"size\":5000}"), CancellationToken.none());

      assertThat(result.error()).isFalse();
      assertThat(result.content())
          .startsWith("a\"b\\c")
          .contains("[cut: 4000 more characters of this result were left out")
          .contains("maxResultChars of MCP server 'big' is 1000");
      assertThat(result.content().length()).isLessThan(1_300);
    }
  }

  @Test
  void theScannerFindsTheTopLevelIdPastEscapedQuotesAndNestedIds() throws Exception {
    assertThat(
            idOf(
                "{\"result\":{\"id\":\"inner\",\"t\":\"x\\\"id\\\":9\"},"
                    + "\"jsonrpc\":\"2.0\",\"id\":42}"))
        .isEqualTo(42L);
    assertThat(idOf("{\"jsonrpc\":\"2.0\",\"id\":\"f4-7\",\"result\":{\"id\":1}}"))
        .isEqualTo("f4-7");
    assertThat(idOf("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}")).isNull();
  }

  private static Object idOf(String message) throws Exception {
    BoundedLines lines =
        new BoundedLines(
            new ByteArrayInputStream((message + "\n{}\n").getBytes(StandardCharsets.UTF_8)), 10);
    BoundedLines.Line line = lines.next();
    assertThat(line.text()).isNull();
    assertThat(line.oversize()).isEqualTo(message.length());
    assertThat(lines.next().text()).isEqualTo("{}");
    return line.id();
  }
}
