package dev.cadre.spec;

import java.util.List;

/**
 * An MCP server whose tools a spec's agents may name: a command to start (stdio) or a URL
 * (streamable HTTP), one of the two.
 *
 * @param name the server's name, for messages
 * @param command the command line, or empty for a URL
 * @param url the server's URL, or null for a command
 * @param toolPrefix put before its tools' names, or null for none
 * @param where where it is written, or null
 */
public record McpServerDef(
    String name, List<String> command, String url, String toolPrefix, SpecLocation where) {

  public McpServerDef {
    command = List.copyOf(command);
  }
}
