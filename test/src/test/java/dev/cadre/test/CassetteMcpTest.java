package dev.cadre.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.mcp.CadreMcpServerMain;
import dev.cadre.mcp.McpConnection;
import dev.cadre.mcp.McpServerConfig;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MCP server's tools on a cassette: recorded from a real server process (Cadre's own MCP server,
 * over stdio), replayed when no server can be started.
 */
class CassetteMcpTest {

  @TempDir Path dir;

  private static McpServerConfig server() {
    String java = ProcessHandle.current().info().command().orElse("java");
    return McpServerConfig.stdio(
            "kit",
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CadreMcpServerMain.class.getName(),
                "kit-tools"))
        .build();
  }

  private static String ask(Cassette cassette, List<Tool> tools) {
    AssistantAgent agent =
        AssistantAgent.builder("calc").model(cassette.model("model")).tools(tools).build();
    agent.run("What is 2 + 3?");
    List<ChatMessage> sent = cassette.requests("model").get(1).messages();
    ChatMessage.ToolResults results = (ChatMessage.ToolResults) sent.get(sent.size() - 1);
    return results.results().get(0).content();
  }

  @Test
  void recordsTheServersToolsAndCallsAndReplaysWithNoServer() throws Exception {
    Path file = dir.resolve("mcp.jsonl");
    ReplayChatModel.Builder script =
        ReplayChatModel.builder().toolCall("add", "{\"a\": 2, \"b\": 3}").text("5");
    String recorded;
    try (McpConnection connection = McpConnection.open(server());
        Cassette cassette =
            Cassette.builder(file).mode(Mode.RECORD).live(track -> script.build()).build()) {
      recorded = ask(cassette, cassette.tools("kit", connection::tools));
    }
    assertThat(recorded).isEqualTo("5");
    assertThat(Files.readString(file))
        .contains(
            "\"track\":\"tools:kit\",\"call\":0,\"kind\":\"tools\",\"tools\":[{\"name\":\"add\"")
        .contains(
            "\"track\":\"tool:add\",\"call\":1,\"kind\":\"tool\",\"arguments\":{\"a\":2,\"b\":3}");

    try (Cassette cassette = Cassette.builder(file).build()) {
      String replayed =
          ask(
              cassette,
              cassette.tools(
                  "kit",
                  () -> {
                    throw new AssertionError("a replay must not start the MCP server");
                  }));
      assertThat(replayed).isEqualTo(recorded);
    }
  }
}
