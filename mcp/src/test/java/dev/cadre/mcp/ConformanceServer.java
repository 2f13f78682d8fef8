package dev.cadre.mcp;

import dev.cadre.tool.Tool;
import java.net.InetSocketAddress;

/**
 * Cadre's MCP server as the official conformance suite tests it (mcp/conformance.sh): over Cadre's
 * own streamable HTTP transport, with the tools the suite's server scenarios call, written as any
 * user would write Cadre tools. Prints its URL on stdout, then serves until killed.
 */
final class ConformanceServer {

  private ConformanceServer() {}

  public static void main(String[] args) throws Exception {
    CadreMcpServer server =
        CadreMcpServer.builder("cadre-conformance", "1.0.0")
            .tool(
                Tool.builder("test_simple_text")
                    .description("Answers with a simple text")
                    .function((arguments, context) -> "This is a simple text response for testing.")
                    .build())
            .tool(
                Tool.builder("test_error_handling")
                    .description("Always fails, to show how errors come back")
                    .function(
                        (arguments, context) -> {
                          throw new IllegalStateException(
                              "This tool intentionally returns an error for testing");
                        })
                    .build())
            .build();
    McpHttpServer http = server.serveHttp(new InetSocketAddress("127.0.0.1", 0), "/mcp");
    System.out.println(http.url());
    System.out.flush();
    Thread.currentThread().join();
  }
}
