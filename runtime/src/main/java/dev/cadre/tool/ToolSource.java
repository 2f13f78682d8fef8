package dev.cadre.tool;

import java.util.List;

/**
 * Tools that may change while an agent holds them, such as an MCP server's, whose list the server
 * changes: an agent given one asks for {@link #current()} before each model call, so the model
 * sees a new tool at once and no longer sees a removed one.
 */
@FunctionalInterface
public interface ToolSource {

  /**
   * The tools as they are now. Return the same list instance while nothing changed: the agent
   * rebuilds its tools only when the instance differs. Called on the agent's thread; it should not
   * block for long.
   */
  List<Tool> current();
}
