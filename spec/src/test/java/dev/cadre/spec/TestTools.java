package dev.cadre.spec;

import dev.cadre.mcp.McpToolProvider;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolLibrary;
import java.util.List;

/**
 * Tools for the spec tests, written as the processor writes a {@code _ToolLibrary} (registered in
 * META-INF/services for {@link ToolLibrary}), and served by an MCP server process as well.
 */
public final class TestTools implements ToolLibrary, McpToolProvider {

  /** Two numbers. */
  public record Numbers(int a, int b) {}

  /** Made by the ServiceLoader. */
  public TestTools() {}

  @Override
  public String name() {
    return "spec-test-tools";
  }

  @Override
  public List<String> toolNames() {
    return List.of("add", "shout");
  }

  @Override
  public List<Tool> tools() {
    return List.of(
        Tool.fromRecord("add", "Adds two integers", Numbers.class, n -> n.a() + n.b()),
        Tool.builder("shout")
            .description("Upper-cases a text")
            .parameter("text", String.class, "what to shout")
            .function((args, context) -> args.get("text").asText().toUpperCase())
            .build());
  }
}
