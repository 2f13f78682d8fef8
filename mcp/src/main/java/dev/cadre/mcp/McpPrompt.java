package dev.cadre.mcp;

import java.util.List;

/**
 * A prompt an MCP server offers; fill it in with {@link McpConnection#getPrompt}.
 *
 * @param name its name
 * @param description what it is for, or {@code null}
 * @param arguments what it takes
 */
public record McpPrompt(String name, String description, List<Argument> arguments) {

  /**
   * One argument of a prompt.
   *
   * @param name its name
   * @param description what to give, or {@code null}
   * @param required whether the prompt needs it
   */
  public record Argument(String name, String description, boolean required) {}

  /**
   * One message of a filled-in prompt.
   *
   * @param role {@code user} or {@code assistant}
   * @param text its content as text (other content kinds as a line saying what they are)
   */
  public record Message(String role, String text) {}
}
