package dev.cadre.mcp;

/**
 * A resource an MCP server lists; read it with {@link McpConnection#readResource(String)}.
 *
 * @param uri where it is, the key to read it by
 * @param name its name
 * @param description what it is, or {@code null}
 * @param mimeType its type, or {@code null}
 */
public record McpResource(String uri, String name, String description, String mimeType) {

  /**
   * One part of a resource as read: text, or binary as base64.
   *
   * @param uri the part's URI
   * @param mimeType its type, or {@code null}
   * @param text its text, or {@code null} for a binary part
   * @param blob its bytes in base64, or {@code null} for a text part
   */
  public record Contents(String uri, String mimeType, String text, String blob) {}

  /**
   * A family of resources a server can read, named by a URI template (RFC 6570), such as {@code
   * file:///{path}}: fill it in and {@link McpConnection#readResource(String) read} the URI.
   *
   * @param uriTemplate the template
   * @param name its name
   * @param description what it names, or {@code null}
   * @param mimeType the type of what it names, or {@code null}
   */
  public record Template(String uriTemplate, String name, String description, String mimeType) {}
}
