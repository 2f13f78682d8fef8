package dev.cadre.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A tool of a {@link CadreMcpServer} that talks to the client while it runs: it reports progress,
 * logs, and may ask the client's model ({@link McpToolContext#sample}) or its user ({@link
 * McpToolContext#elicit}). Registered with {@link CadreMcpServer.Builder#tool(String, String,
 * ObjectNode, McpServerTool)}.
 */
@FunctionalInterface
public interface McpServerTool {

  /**
   * Runs the tool.
   *
   * @return its answer: a {@link McpContent} for images, audio or embedded resources; a string, or
   *     any value (written as JSON), for text
   * @throws Exception for a failure, which goes back as a tool error the client's model reads
   */
  Object call(ObjectNode arguments, McpToolContext context) throws Exception;
}
