package dev.cadre.mcp;

/**
 * Runs a {@link CadreMcpServer} as a process, for MCP clients that start their servers:
 *
 * <pre>
 * java -cp app.jar:cadre-mcp.jar:... dev.cadre.mcp.CadreMcpServerMain com.example.MyTools
 * </pre>
 *
 * where {@code com.example.MyTools} implements {@link McpToolProvider}. The class is loaded once,
 * at start. Exits when the client closes stdin; exits with status 2 and a message on stderr if the
 * class cannot be used.
 */
public final class CadreMcpServerMain {

  private CadreMcpServerMain() {}

  /**
   * @param args the provider's class name
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 1) {
      System.err.println(
          "usage: java dev.cadre.mcp.CadreMcpServerMain <class implementing"
              + " dev.cadre.mcp.McpToolProvider>");
      System.exit(2);
    }
    McpToolProvider provider;
    try {
      Object made = Class.forName(args[0]).getConstructor().newInstance();
      if (!(made instanceof McpToolProvider tools)) {
        System.err.println(args[0] + " does not implement " + McpToolProvider.class.getName());
        System.exit(2);
        return;
      }
      provider = tools;
    } catch (ReflectiveOperationException | LinkageError e) {
      System.err.println(
          "cannot create "
              + args[0]
              + " (it needs to be a public class with a public no-argument constructor, on the"
              + " class path): "
              + e);
      System.exit(2);
      return;
    }
    CadreMcpServer.builder(provider.name(), provider.version())
        .tools(provider.tools())
        .build()
        .serveStdio();
    System.exit(0);
  }
}
