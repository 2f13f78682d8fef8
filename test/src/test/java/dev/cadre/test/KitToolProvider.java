package dev.cadre.test;

import dev.cadre.mcp.McpToolProvider;
import dev.cadre.tool.Tool;
import java.util.List;

/** The tools of the MCP server process that {@link CassetteMcpTest} records: one adder. */
public final class KitToolProvider implements McpToolProvider {

  /** Two numbers to add. */
  public record Numbers(int a, int b) {}

  /** Creates the provider; the server process calls this. */
  public KitToolProvider() {}

  @Override
  public List<Tool> tools() {
    return List.of(Tool.fromRecord("add", "Adds two integers", Numbers.class, n -> n.a() + n.b()));
  }

  @Override
  public String name() {
    return "kit-tools";
  }
}
