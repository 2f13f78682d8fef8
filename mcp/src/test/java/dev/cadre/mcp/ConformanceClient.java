package dev.cadre.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.HumanInput;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import java.time.Duration;

/**
 * Cadre's MCP client as the official conformance suite drives it (mcp/conformance.sh): the suite
 * starts a test server for each client scenario and runs this with the server's URL as the last
 * argument and the scenario's name in {@code MCP_CONFORMANCE_SCENARIO}. It does what an agent
 * does with a server: connect, list the tools, call each (with the arguments the suite's {@code
 * add_numbers} wants; others get none), and close. The suite judges what went over the wire.
 */
final class ConformanceClient {

  private ConformanceClient() {}

  /**
   * @param args the server's URL, last
   */
  public static void main(String[] args) {
    String url = args[args.length - 1];
    String scenario = System.getenv().getOrDefault("MCP_CONFORMANCE_SCENARIO", "unknown");
    McpServerConfig config =
        McpServerConfig.http(scenario, url)
            .callTimeout(Duration.ofSeconds(20))
            .initializeTimeout(Duration.ofSeconds(20))
            .build();
    int failed = 0;
    // A person who takes every default the server offers.
    McpClientOptions options =
        McpClientOptions.builder().elicitation(HumanInput.callback(question -> "")).build();
    try (McpConnection connection = McpConnection.open(config, options)) {
      for (var tool : connection.tools()) {
        String name = tool.name();
        ObjectNode arguments =
            name.equals("add_numbers") ? Json.object().put("a", 5).put("b", 3) : Json.object();
        try {
          McpToolResult result = connection.callTool(name, arguments, CancellationToken.none());
          System.out.println(name + " -> " + result.text());
        } catch (McpException e) {
          failed++;
          System.err.println(name + " failed: " + e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      System.err.println("scenario " + scenario + " failed: " + e);
      System.exit(1);
    }
    System.exit(failed == 0 ? 0 : 1);
  }
}
