package dev.cadre.model.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.model.ResponseFormat;

/**
 * The synthetic tool that carries a structured reply: the model "calls" it with the answer as its
 * input. Tool inputs must be JSON objects, so a schema of any other type is wrapped as the property
 * {@value #WRAPPER} of an object and unwrapped again when the answer comes back.
 *
 * @param name the tool's name, the response format's name
 * @param wrapped whether the schema was wrapped
 */
record StructuredTool(String name, boolean wrapped) {

  static final String WRAPPER = "value";

  private static final String DESCRIPTION =
      "Give your final answer by calling this tool: its input is the answer itself and must"
          + " match the input schema exactly. Call it once, when you are ready to answer.";

  static StructuredTool of(ResponseFormat format) {
    return new StructuredTool(format.name(), !isObjectSchema(format.schema()));
  }

  /** The tool definition sent in {@code tools}. */
  ObjectNode definition(ResponseFormat format) {
    ObjectNode tool = Json.object();
    tool.put("name", name);
    tool.put("description", DESCRIPTION);
    tool.set("input_schema", wrapped ? wrap(format.schema()) : format.schema().deepCopy());
    return tool;
  }

  /** The answer text from the tool's input, as parsed JSON. */
  String answer(JsonNode input) {
    if (wrapped && input.has(WRAPPER)) {
      return Json.write(input.get(WRAPPER));
    }
    return Json.write(input);
  }

  /**
   * The answer text from the tool's input as streamed JSON text; text that does not parse is
   * returned as it came, for the caller to judge.
   */
  String answer(String inputJson) {
    try {
      JsonNode input = Json.parse(inputJson.isBlank() ? "{}" : inputJson);
      return input == null ? inputJson : answer(input);
    } catch (JsonProcessingException notJson) {
      return inputJson;
    }
  }

  private static boolean isObjectSchema(ObjectNode schema) {
    return "object".equals(schema.path("type").asText());
  }

  /** {@code {"type":"object","properties":{"value":schema},"required":["value"]}}. */
  private static ObjectNode wrap(ObjectNode schema) {
    ObjectNode inner = schema.deepCopy();
    ObjectNode outer = Json.object();
    outer.put("type", "object");
    // "#/$defs/..." references resolve against the root, so definitions move up with them.
    for (String defs : new String[] {"$defs", "definitions"}) {
      JsonNode moved = inner.remove(defs);
      if (moved != null) {
        outer.set(defs, moved);
      }
    }
    outer.putObject("properties").set(WRAPPER, inner);
    outer.putArray("required").add(WRAPPER);
    outer.put("additionalProperties", false);
    return outer;
  }
}
