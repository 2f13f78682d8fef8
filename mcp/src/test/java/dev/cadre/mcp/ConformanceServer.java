package dev.cadre.mcp;

import dev.cadre.tool.Tool;
import java.net.InetSocketAddress;

/**
 * Cadre's MCP server as the official conformance suite tests it (mcp/conformance.sh): over Cadre's
 * own streamable HTTP transport, with the tools the suite's server scenarios call, written as any
 * user would write Cadre tools. Prints its URL on stdout, then serves until killed.
 */
final class ConformanceServer {

  /** A 1x1 PNG. */
  private static final String TINY_PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=";

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
            .resource(
                "test://static-text",
                "static-text",
                "text/plain",
                () -> "This is the content of the static text resource.")
            .binaryResource(
                "test://static-binary",
                "static-binary",
                "image/png",
                () -> java.util.Base64.getDecoder().decode(TINY_PNG))
            .resourceTemplate(
                "test://template/{id}/data",
                "template",
                "application/json",
                vars ->
                    "{\"id\":\""
                        + vars.get("id")
                        + "\",\"templateTest\":true,\"data\":\"Data for ID: "
                        + vars.get("id")
                        + "\"}")
            .prompt(
                "test_simple_prompt",
                "A simple prompt",
                java.util.List.of(),
                given -> "This is a simple prompt for testing.")
            .prompt(
                "test_prompt_with_arguments",
                "A prompt with arguments",
                java.util.List.of("arg1", "arg2"),
                given ->
                    "Prompt with arguments: arg1='"
                        + given.get("arg1")
                        + "', arg2='"
                        + given.get("arg2")
                        + "'")
            .completion(
                "test_prompt_with_arguments",
                (argument, typed) ->
                    java.util.List.of("paris", "park", "party").stream()
                        .filter(v -> v.startsWith(typed))
                        .toList())
            .build();
    McpHttpServer http = server.serveHttp(new InetSocketAddress("127.0.0.1", 0), "/mcp");
    System.out.println(http.url());
    System.out.flush();
    Thread.currentThread().join();
  }
}
