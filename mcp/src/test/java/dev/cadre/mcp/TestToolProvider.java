package dev.cadre.mcp;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.Tool;
import java.util.List;

/**
 * The tools the Cadre MCP server serves in {@link CadreMcpServerTest}: plain, failing, an agent.
 */
public final class TestToolProvider implements McpToolProvider {

  /** Two numbers to add. */
  public record Numbers(int a, int b) {}

  /** Creates the provider; the server process calls this. */
  public TestToolProvider() {}

  @Override
  public List<Tool> tools() {
    Tool add = Tool.fromRecord("add", "Adds two integers", Numbers.class, n -> n.a() + n.b());
    Tool fail =
        Tool.builder("fail")
            .description("Always fails")
            .function(
                (args, context) -> {
                  throw new IllegalStateException("the warehouse is closed until Monday");
                })
            .build();
    AssistantAgent poet =
        AssistantAgent.builder("poet")
            .description("Writes one line of verse")
            .model(ReplayChatModel.ofTexts("Steam curls from the cup."))
            .build();
    return List.of(add, fail, CadreMcpServer.agentTool(poet));
  }

  @Override
  public String name() {
    return "cadre-test-tools";
  }
}
