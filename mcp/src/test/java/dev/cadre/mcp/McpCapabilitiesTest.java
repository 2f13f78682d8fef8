package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listings follow what a server declares: what it leaves out is an empty list, not a failure. */
class McpCapabilitiesTest {

  @Test
  void aServerWithoutToolsOrResourcesListsNoneAndKeepsItsSession() throws Exception {
    Path script = TestServers.nodeScript("prompts-only-server.mjs");
    try (McpConnection prompts =
        McpConnection.open(McpServerConfig.stdio("prompter", "node", script.toString()).build())) {
      ProcessHandle before = onlyProcess(script);

      assertThat(prompts.tools()).isEmpty();
      assertThat(prompts.tools(new String[0])).isEmpty();
      assertThat(prompts.resources()).isEmpty();
      assertThat(prompts.prompts()).extracting(McpPrompt::name).containsExactly("greet");
      // The same process answered throughout: no listing dropped the session or restarted it.
      assertThat(onlyProcess(script).pid()).isEqualTo(before.pid());
    }
  }

  @Test
  void cadresOwnServerOffersToolsOnlyAndListsNoPromptsOrResources() throws Exception {
    try (McpConnection own =
        McpConnection.open(
            McpServerConfig.stdio("cadre", CadreMcpServerTest.serverCommand()).build())) {
      assertThat(own.prompts()).isEmpty();
      assertThat(own.resources()).isEmpty();
      assertThat(own.tools()).isNotEmpty();
    }
  }

  private static ProcessHandle onlyProcess(Path script) {
    List<ProcessHandle> found = TestServers.processesRunning(script.toString());
    assertThat(found).hasSize(1);
    return found.get(0);
  }
}
