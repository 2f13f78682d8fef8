package dev.cadre.mcp;

import dev.cadre.tool.Tool;
import java.util.List;

/**
 * The tools a {@link CadreMcpServerMain} process serves: implement it in a public class with a
 * public no-argument constructor, list that class in {@code
 * META-INF/services/dev.cadre.mcp.McpToolProvider}, and give its {@link #name()} on the command
 * line.
 */
public interface McpToolProvider {

  /** The tools to serve; called once, at start. */
  List<Tool> tools();

  /** The server name clients see. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** The server version clients see. */
  default String version() {
    return "0.1.0";
  }
}
