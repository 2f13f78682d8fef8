package dev.cadre.mcp;

/**
 * Something went wrong with an MCP server: it could not be started or reached, did not answer in
 * time, went away during a request, or answered with an error. The message names the server, the
 * request (a tool, a resource, a prompt) and, where it helps, how to fix it. Thrown by a tool of
 * {@link McpConnection#tools()}, it becomes a tool error the model reads.
 */
public class McpException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An error with a message naming server and request. */
  public McpException(String message) {
    super(message);
  }

  /** An error with a message naming server and request, caused by {@code cause}. */
  public McpException(String message, Throwable cause) {
    super(message, cause);
  }
}
