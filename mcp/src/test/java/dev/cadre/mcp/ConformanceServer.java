package dev.cadre.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolSpec;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cadre's MCP server as the official conformance suite tests it (mcp/conformance.sh): over Cadre's
 * own streamable HTTP transport, with the tools the suite's server scenarios call, written as any
 * user would write Cadre tools. Prints its URL on stdout, then serves until killed.
 */
final class ConformanceServer {

  /** A 1x1 PNG. */
  private static final String TINY_PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAAS"
          + "UVORK5CYII=";

  /** A WAV file with one sample. */
  private static final String TINY_WAV =
      "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";

  private static final String SCHEMA_2020_12 =
      "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
          + "\"$defs\":{\"address\":{\"type\":\"object\",\"properties\":{"
          + "\"street\":{\"type\":\"string\"},\"city\":{\"type\":\"string\"}}}},"
          + "\"properties\":{\"name\":{\"type\":\"string\"},"
          + "\"address\":{\"$ref\":\"#/$defs/address\"}},\"additionalProperties\":false}";

  private static ObjectNode none() {
    return Json.object().put("type", "object");
  }

  private static ObjectNode stringArgument(String name) {
    ObjectNode schema = none();
    schema.putObject("properties").putObject(name).put("type", "string");
    schema.putArray("required").add(name);
    return schema;
  }

  private static byte[] bytes(String base64) {
    return Base64.getDecoder().decode(base64);
  }

  private ConformanceServer() {}

  private static ObjectNode schema2020() {
    try {
      return (ObjectNode) Json.parse(SCHEMA_2020_12);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

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
            .tool(
                "test_image_content",
                "Answers with an image",
                none(),
                (a, c) -> McpContent.of(new McpContent.Image(bytes(TINY_PNG), "image/png")))
            .tool(
                "test_audio_content",
                "Answers with audio",
                none(),
                (a, c) -> McpContent.of(new McpContent.Audio(bytes(TINY_WAV), "audio/wav")))
            .tool(
                "test_embedded_resource",
                "Answers with an embedded resource",
                none(),
                (a, c) ->
                    McpContent.of(
                        new McpContent.Resource(
                            "test://embedded-resource",
                            "text/plain",
                            "This is an embedded resource content.")))
            .tool(
                "test_multiple_content_types",
                "Answers with text, an image and a resource",
                none(),
                (a, c) ->
                    McpContent.of(
                        new McpContent.Text("Multiple content types test:"),
                        new McpContent.Image(bytes(TINY_PNG), "image/png"),
                        new McpContent.Resource(
                            "test://mixed-content-resource",
                            "application/json",
                            "{\"test\":\"data\",\"value\":123}")))
            .tool(
                "test_tool_with_logging",
                "Logs while it runs",
                none(),
                (a, c) -> {
                  c.log("info", "Tool execution started");
                  c.log("info", "Tool processing data");
                  c.log("info", "Tool execution completed");
                  return "Tool with logging executed successfully";
                })
            .tool(
                "test_tool_with_progress",
                "Reports progress while it runs",
                none(),
                (a, c) -> {
                  for (int step = 0; step <= 100; step += 50) {
                    c.progress(step, 100.0, "Completed step " + step + " of 100");
                  }
                  return "Progress tool completed";
                })
            .tool(
                "test_sampling",
                "Asks the client's model",
                stringArgument("prompt"),
                (a, c) -> "LLM response: " + c.sample(a.path("prompt").asText(), 100))
            .tool(
                "test_elicitation",
                "Asks the client's user",
                stringArgument("message"),
                (a, c) -> {
                  Map<String, Object> answer =
                      c.elicit(
                          a.path("message").asText(),
                          Map.of(
                              "type", "object",
                              "properties",
                                  Map.of("response", Map.of("type", "string")),
                              "required", List.of("response")));
                  return answer == null ? "declined" : "User response: " + answer;
                })
            .tool(
                "test_elicitation_sep1034_defaults",
                "Asks the client's user, with defaults",
                none(),
                (a, c) -> {
                  Map<String, Object> properties = new LinkedHashMap<>();
                  properties.put("name", Map.of("type", "string", "default", "John Doe"));
                  properties.put("age", Map.of("type", "integer", "default", 30));
                  properties.put("score", Map.of("type", "number", "default", 95.5));
                  properties.put(
                      "status",
                      Map.of(
                          "type", "string",
                          "enum", List.of("active", "inactive", "pending"),
                          "default", "active"));
                  properties.put("verified", Map.of("type", "boolean", "default", true));
                  Map<String, Object> answer =
                      c.elicit(
                          "Please review and update the form fields with defaults",
                          Map.of(
                              "type", "object", "properties", properties, "required", List.of()));
                  return "Elicitation completed: " + answer;
                })
            .tool(
                "test_elicitation_sep1330_enums",
                "Asks the client's user to choose, in each of the five enum forms",
                none(),
                (a, c) -> {
                  Map<String, Object> properties = new LinkedHashMap<>();
                  List<String> options = List.of("option1", "option2", "option3");
                  List<Map<String, String>> titled =
                      List.of(
                          Map.of("const", "value1", "title", "First"),
                          Map.of("const", "value2", "title", "Second"),
                          Map.of("const", "value3", "title", "Third"));
                  properties.put("untitledSingle", Map.of("type", "string", "enum", options));
                  properties.put("titledSingle", Map.of("type", "string", "oneOf", titled));
                  properties.put(
                      "legacyEnum",
                      Map.of(
                          "type", "string",
                          "enum", List.of("opt1", "opt2", "opt3"),
                          "enumNames", List.of("Option One", "Option Two", "Option Three")));
                  properties.put(
                      "untitledMulti",
                      Map.of("type", "array", "items", Map.of("type", "string", "enum", options)));
                  properties.put(
                      "titledMulti",
                      Map.of("type", "array", "items", Map.of("anyOf", titled)));
                  Map<String, Object> answer =
                      c.elicit(
                          "Choose in each of the enum forms",
                          Map.of(
                              "type", "object", "properties", properties, "required", List.of()));
                  return "Elicitation completed: " + answer;
                })
            .tool(
                new Tool(
                    new ToolSpec(
                        "json_schema_2020_12_tool",
                        "Tool with JSON Schema 2020-12 features",
                        schema2020()),
                    (a, c) -> "ok",
                    Tool.DEFAULT_TIMEOUT))
            .resource(
                "test://static-text",
                "static-text",
                "text/plain",
                () -> "This is the content of the static text resource.")
            .binaryResource(
                "test://static-binary",
                "static-binary",
                "image/png",
                () -> bytes(TINY_PNG))
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
                List.of(),
                given -> "This is a simple prompt for testing.")
            .prompt(
                "test_prompt_with_arguments",
                "A prompt with arguments",
                List.of("arg1", "arg2"),
                given ->
                    "Prompt with arguments: arg1='"
                        + given.get("arg1")
                        + "', arg2='"
                        + given.get("arg2")
                        + "'")
            .promptContent(
                "test_prompt_with_embedded_resource",
                "A prompt with an embedded resource",
                List.of("resourceUri"),
                given ->
                    McpContent.of(
                        new McpContent.Resource(
                            given.get("resourceUri"),
                            "text/plain",
                            "Embedded resource content for testing."),
                        new McpContent.Text("Please process the embedded resource above.")))
            .promptContent(
                "test_prompt_with_image",
                "A prompt with an image",
                List.of(),
                given ->
                    McpContent.of(
                        new McpContent.Image(bytes(TINY_PNG), "image/png"),
                        new McpContent.Text("Please analyze the image above.")))
            .completion(
                "test_prompt_with_arguments",
                (argument, typed) ->
                    List.of("paris", "park", "party").stream()
                        .filter(v -> v.startsWith(typed))
                        .toList())
            .build();
    McpHttpServer http = server.serveHttp(new InetSocketAddress("127.0.0.1", 0), "/mcp");
    System.out.println(http.url());
    System.out.flush();
    Thread.currentThread().join();
  }
}
