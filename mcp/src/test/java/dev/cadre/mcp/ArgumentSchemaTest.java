package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolSpec;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Cadre's MCP server checks arguments with a real JSON Schema validator, {@code $ref} included. */
class ArgumentSchemaTest {

  private final AtomicInteger runs = new AtomicInteger();

  private Tool shipTool(String schema) throws Exception {
    return new Tool(
        new ToolSpec("ship", "Ships a parcel", (ObjectNode) Json.parse(schema)),
        (arguments, context) -> {
          runs.incrementAndGet();
          return "shipped to " + arguments.path("to").path("zip").asText();
        },
        Duration.ofSeconds(10));
  }

  private static final String DRAFT_2020_12 =
      "{\"type\":\"object\",\"$defs\":{\"address\":{\"type\":\"object\","
          + "\"properties\":{\"zip\":{\"type\":\"string\",\"pattern\":\"^[0-9]{5}$\"}},"
          + "\"required\":[\"zip\"]}},"
          + "\"properties\":{\"to\":{\"$ref\":\"#/$defs/address\"}},\"required\":[\"to\"]}";

  private static final String DRAFT_07 =
      "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
          + "\"definitions\":{\"address\":{\"type\":\"object\","
          + "\"properties\":{\"zip\":{\"type\":\"string\"}},\"required\":[\"zip\"]}},"
          + "\"properties\":{\"to\":{\"$ref\":\"#/definitions/address\"}},\"required\":[\"to\"]}";

  @Test
  void argumentsThatBreakAReferencedSchemaAreRefusedAndTheToolDoesNotRun() throws Exception {
    CadreMcpServer server =
        CadreMcpServer.builder("post", "1").tool(shipTool(DRAFT_2020_12)).build();
    try (LineClient client = new LineClient(server)) {
      JsonNode wrong =
          client.request(2, "tools/call", "{\"name\":\"ship\",\"arguments\":{\"to\":{\"zip\":7}}}");
      JsonNode missing =
          client.request(3, "tools/call", "{\"name\":\"ship\",\"arguments\":{\"to\":{}}}");
      JsonNode pattern =
          client.request(
              4, "tools/call", "{\"name\":\"ship\",\"arguments\":{\"to\":{\"zip\":\"12\"}}}");
      JsonNode right =
          client.request(
              5, "tools/call", "{\"name\":\"ship\",\"arguments\":{\"to\":{\"zip\":\"12345\"}}}");

      assertThat(wrong.at("/result/isError").asBoolean()).isTrue();
      assertThat(wrong.at("/result/content/0/text").asText())
          .contains("invalid arguments for tool 'ship'")
          .contains("/to/zip")
          .contains("string");
      assertThat(missing.at("/result/content/0/text").asText()).contains("zip");
      assertThat(pattern.at("/result/content/0/text").asText()).contains("/to/zip");
      assertThat(right.at("/result/isError").asBoolean()).isFalse();
      assertThat(right.at("/result/content/0/text").asText()).isEqualTo("shipped to 12345");
      assertThat(runs).hasValue(1);
    }
  }

  @Test
  void aDraft07SchemaFollowsItsDefinitions() throws Exception {
    ArgumentSchema schema = ArgumentSchema.of("ship", Json.parse(DRAFT_07));

    assertThat(schema.problems(Json.parse("{\"to\":{\"zip\":\"12345\"}}"))).isEmpty();
    assertThat(schema.problems(Json.parse("{\"to\":{\"zip\":12345}}")))
        .singleElement()
        .asString()
        .contains("/to/zip");
  }

  @Test
  void aReferenceToAnotherDocumentIsNeverFetchedAndFailsAtBuildNamingTheTool() {
    assertThatThrownBy(
            () ->
                CadreMcpServer.builder("post", "1")
                    .tool(
                        shipTool(
                            "{\"type\":\"object\",\"properties\":{\"to\":"
                                + "{\"$ref\":\"http://127.0.0.1:9/address.json\"}}}"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tool 'ship'");
  }

  @Test
  void aFloodOfProblemsIsListedUpToALimitAndCounted() throws Exception {
    StringBuilder properties = new StringBuilder();
    StringBuilder arguments = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      properties.append(i == 0 ? "" : ",").append("\"p").append(i);
      properties.append("\":{\"$ref\":\"#/$defs/n\"}");
      arguments.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":\"x\"");
    }
    ArgumentSchema schema =
        ArgumentSchema.of(
            "many",
            Json.parse(
                "{\"type\":\"object\",\"$defs\":{\"n\":{\"type\":\"integer\"}},\"properties\":{"
                    + properties
                    + "}}"));

    assertThat(schema.problems(Json.parse("{" + arguments + "}")))
        .hasSize(ArgumentSchema.MAX_PROBLEMS + 1)
        .last()
        .isEqualTo("and 30 more problems");
  }
}
