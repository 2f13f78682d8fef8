package dev.cadre.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.HumanInput;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
   * OAuth as the scenario's context says: cross-app access with the identity provider's ID token,
   * client credentials with a signed JWT or a secret, a client registered beforehand, or dynamic
   * registration; a person is stood in for by following the authorization server's redirect,
   * which the suite's test server sends at once.
   */
  private static McpOAuth oauth(String scenario) {
    McpOAuth.Builder oauth =
        McpOAuth.builder()
            .authorizer(
                url -> {
                  HttpResponse<Void> response =
                      HttpClient.newHttpClient()
                          .send(
                              HttpRequest.newBuilder(url).GET().build(),
                              HttpResponse.BodyHandlers.discarding());
                  return URI.create(response.headers().firstValue("Location").orElseThrow());
                });
    String context = System.getenv("MCP_CONFORMANCE_CONTEXT");
    if (context != null && !context.isBlank()) {
      try {
        JsonNode given = Json.parse(context);
        String id = given.path("client_id").asText(null);
        String secret = given.path("client_secret").asText(null);
        String key = given.path("private_key_pem").asText(null);
        if (given.hasNonNull("idp_token_endpoint")) {
          String idToken = given.path("idp_id_token").asText();
          oauth
              .client(id, secret)
              .crossAppAccess(
                  URI.create(given.path("idp_token_endpoint").asText()),
                  given.path("idp_client_id").asText(),
                  () -> idToken);
        } else if (id != null && key != null) {
          oauth.clientCredentials(id, McpOAuth.privateKey(key));
        } else if (id != null && secret != null && scenario.contains("client-credentials")) {
          oauth.clientCredentials(id, secret);
        } else if (id != null) {
          oauth.client(id, secret);
        }
      } catch (IOException e) {
        System.err.println("MCP_CONFORMANCE_CONTEXT is not JSON: " + e.getMessage());
      }
    }
    return oauth.build();
  }

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
            .oauth(oauth(scenario))
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
