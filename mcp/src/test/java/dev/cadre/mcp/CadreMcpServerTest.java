package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Json;
import dev.cadre.tool.Tool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Cadre's own MCP server, run as a process and driven by the MCP TypeScript SDK's client from a
 * node script (src/test/node/drive-cadre-server.mjs).
 */
class CadreMcpServerTest {

  static List<String> serverCommand() {
    String java = ProcessHandle.current().info().command().orElse("java");
    return List.of(
        java,
        "-cp",
        System.getProperty("java.class.path"),
        CadreMcpServerMain.class.getName(),
        new TestToolProvider().name());
  }

  @Test
  void theMainClassFindsItsProviderByNameWithServiceLoader() {
    assertThat(CadreMcpServerMain.find("cadre-test-tools")).isInstanceOf(TestToolProvider.class);
    assertThat(CadreMcpServerMain.find("no-such-tools")).isNull();
  }

  @Test
  void theTypeScriptSdkClientListsAndCallsCadreTools() throws Exception {
    // The script imports the SDK, which node finds from the script's own directory upwards.
    Path script = TestServers.nodeScript("drive-cadre-server.mjs");
    List<String> command = new ArrayList<>(List.of("node", script.toString()));
    command.addAll(serverCommand());

    Process node =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out;
    try {
      // Read on a thread of its own (a read cannot be interrupted), so that a client or server
      // that hangs fails the test within the bound instead of blocking it forever.
      FutureTask<byte[]> read = new FutureTask<>(() -> node.getInputStream().readAllBytes());
      Thread reader = new Thread(read, "drive-cadre-server-read");
      reader.setDaemon(true);
      reader.start();
      try {
        out = new String(read.get(60, TimeUnit.SECONDS), StandardCharsets.UTF_8);
      } catch (TimeoutException e) {
        throw new AssertionError("the TypeScript SDK's client did not finish within 60s", e);
      }
      assertThat(node.waitFor(10, TimeUnit.SECONDS)).as("node exited").isTrue();
    } finally {
      // Cadre's server is node's child; it would outlive a killed node.
      node.descendants().forEach(ProcessHandle::destroyForcibly);
      node.destroyForcibly();
    }
    assertThat(node.exitValue()).as(out).isZero();
    JsonNode seen = Json.parse(out.strip());

    assertThat(seen.path("server").path("name").asText()).isEqualTo("cadre-test-tools");
    List<Tool> tools = new TestToolProvider().tools();
    assertThat(seen.path("tools")).hasSize(3);
    for (int i = 0; i < tools.size(); i++) {
      JsonNode listed = seen.path("tools").get(i);
      assertThat(listed.path("name").asText()).isEqualTo(tools.get(i).name());
      assertThat(listed.path("description").asText()).isEqualTo(tools.get(i).spec().description());
      assertThat(listed.path("inputSchema")).isEqualTo(tools.get(i).spec().parameters());
    }

    assertThat(seen.path("sum").path("isError").asBoolean()).isFalse();
    assertThat(seen.path("sum").path("content").get(0).path("text").asText()).isEqualTo("42");

    assertThat(seen.path("invalid").path("isError").asBoolean()).isTrue();
    assertThat(seen.path("invalid").path("content").get(0).path("text").asText())
        .contains("invalid arguments for tool 'add'", "'b'");

    assertThat(seen.path("failing").path("isError").asBoolean()).isTrue();
    assertThat(seen.path("failing").path("content").get(0).path("text").asText())
        .contains("tool 'fail' failed", "the warehouse is closed until Monday");

    assertThat(seen.path("agent").path("content").get(0).path("text").asText())
        .isEqualTo("Steam curls from the cup.");
    // The SDK answers an unknown name with a protocol error (its own wording), not a tool result.
    assertThat(seen.path("unknown").asText()).contains("MCP error", "Unknown tool");
  }

  @Test
  void cadreConnectsToItsOwnServer() throws Exception {
    try (McpConnection own =
        McpConnection.open(McpServerConfig.stdio("cadre", serverCommand()).build())) {
      List<Tool> tools = own.tools();

      assertThat(tools).extracting(Tool::name).containsExactly("add", "fail", "poet");
      McpToolResult sum =
          own.callTool(
              "add",
              Json.object().put("a", 1).put("b", 2),
              dev.cadre.core.CancellationToken.none());
      assertThat(sum.text()).isEqualTo("3");
      assertThat(sum.error()).isFalse();
    }
  }
}
