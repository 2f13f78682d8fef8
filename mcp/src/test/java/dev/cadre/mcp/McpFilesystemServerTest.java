package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolExecutor;
import dev.cadre.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference filesystem server's tools, on a temporary directory, as an agent would use them.
 */
class McpFilesystemServerTest {

  @TempDir Path root;
  @TempDir Path outside;
  private McpConnection connection;
  private ToolExecutor executor;

  @BeforeEach
  void open() throws Exception {
    root = root.toRealPath();
    connection =
        McpConnection.open(
            McpServerConfig.stdio("files", TestServers.filesystem(root)).toolPrefix("fs_").build());
    executor = new ToolExecutor(connection.tools());
  }

  @AfterEach
  void close() {
    if (connection != null) { // null when the test was skipped before connecting
      connection.close();
    }
  }

  private ToolResult run(String tool, String arguments) {
    return executor.execute(new ToolCall("c1", tool, arguments), CancellationToken.none());
  }

  private static String json(String path) {
    return "\"" + path.replace("\\", "\\\\") + "\"";
  }

  @Test
  void toolsCarryThePrefixAndTheServersSchemas() throws Exception {
    JsonNode own = RawMcp.listTools(TestServers.filesystem(root));
    Map<String, Tool> tools =
        connection.tools().stream().collect(Collectors.toMap(Tool::name, t -> t));

    assertThat(tools)
        .hasSize(own.size())
        .containsKeys("fs_read_text_file", "fs_write_file", "fs_list_directory");
    for (JsonNode tool : own) {
      assertThat(tools.get("fs_" + tool.path("name").asText()).spec().parameters())
          .isEqualTo(tool.path("inputSchema"));
    }
  }

  @Test
  void writesListsAndReadsFiles() throws Exception {
    Path note = root.resolve("note.txt");

    ToolResult written =
        run(
            "fs_write_file",
            "{\"path\": " + json(note.toString()) + ", \"content\": \"hello from Cadre\"}");
    ToolResult listed = run("fs_list_directory", "{\"path\": " + json(root.toString()) + "}");
    ToolResult read = run("fs_read_text_file", "{\"path\": " + json(note.toString()) + "}");

    assertThat(written.error()).as(written.content()).isFalse();
    assertThat(Files.readString(note)).isEqualTo("hello from Cadre");
    assertThat(listed.content()).contains("[FILE] note.txt");
    assertThat(read.error()).isFalse();
    assertThat(read.content()).contains("hello from Cadre");
  }

  @Test
  void aPathOutsideTheAllowedDirectoryIsAToolError() throws Exception {
    Path secret = Files.writeString(outside.resolve("secret.txt"), "top secret");

    ToolResult denied = run("fs_read_text_file", "{\"path\": " + json(secret.toString()) + "}");
    ToolResult missingArgument = run("fs_read_text_file", "{}");

    assertThat(denied.error()).isTrue();
    assertThat(denied.content())
        .contains("MCP server 'files' reported an error from tool 'read_text_file'")
        .containsIgnoringCase("access denied")
        .doesNotContain("top secret");
    assertThat(missingArgument.error()).isTrue();
    assertThat(missingArgument.content()).contains("missing required argument 'path'");
  }
}
