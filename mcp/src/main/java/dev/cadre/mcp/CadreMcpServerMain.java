package dev.cadre.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Runs a {@link CadreMcpServer} as a process, for MCP clients that start their servers:
 *
 * <pre>
 * java -cp app.jar:cadre-mcp.jar:... dev.cadre.mcp.CadreMcpServerMain &lt;name&gt;
 * </pre>
 *
 * where {@code <name>} is the {@link McpToolProvider#name() name} of a provider listed in {@code
 * META-INF/services/dev.cadre.mcp.McpToolProvider}, found once at start with {@link
 * ServiceLoader}, as {@code KafkaWorker} finds its system. Exits when the client closes stdin;
 * exits with status 2 and a message on stderr if no provider has that name.
 */
public final class CadreMcpServerMain {

  private CadreMcpServerMain() {}

  /**
   * @param args the provider's name
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      System.err.println(
          "usage: java dev.cadre.mcp.CadreMcpServerMain <name of a dev.cadre.mcp.McpToolProvider>");
      System.exit(2);
    }
    McpToolProvider provider = find(args[0]);
    if (provider == null) {
      System.exit(2);
      return;
    }
    CadreMcpServer.builder(provider.name(), provider.version())
        .tools(provider.tools())
        .build()
        .serveStdio();
    System.exit(0);
  }

  /** The provider named {@code name} on the class path; null, after saying why on stderr. */
  static McpToolProvider find(String name) {
    List<String> found = new ArrayList<>();
    for (McpToolProvider provider : ServiceLoader.load(McpToolProvider.class)) {
      if (provider.name().equals(name)) {
        return provider;
      }
      found.add(provider.name());
    }
    System.err.println(
        "no MCP tool provider named '"
            + name
            + "' on the class path (found: "
            + found
            + "); list its class in META-INF/services/dev.cadre.mcp.McpToolProvider");
    return null;
  }
}
