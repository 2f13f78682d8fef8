package dev.cadre.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads a JSON tree from Jackson's streaming parser, node for node as an {@code ObjectMapper}'s
 * {@code readTree} with Cadre's settings builds it (integers as the smallest of int, long and big
 * integer nodes, other numbers as doubles, the last of repeated keys winning), without building a
 * mapper: {@link Json#parse} is on the path of an agent's first tool call.
 */
final class JsonTrees {

  /** The parser factory, with Jackson's default limits (nesting depth, lengths) as the mapper's. */
  static final JsonFactory FACTORY = JsonFactory.builder().build();

  /** The node factory of the shared mapper. */
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {}

  /** The next value of {@code parser}, or null at the end of its input. */
  static JsonNode read(JsonParser parser) throws IOException {
    JsonToken token = parser.nextToken();
    return token == null ? null : value(parser, token);
  }

  private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        ObjectNode object = NODES.objectNode();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
          object.set(name, value(parser, parser.nextToken()));
        }
        return object;
      case START_ARRAY:
        ArrayNode array = NODES.arrayNode();
        for (JsonToken next = parser.nextToken();
            next != JsonToken.END_ARRAY;
            next = parser.nextToken()) {
          array.add(value(parser, next));
        }
        return array;
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        switch (parser.getNumberType()) {
          case INT:
            return NODES.numberNode(parser.getIntValue());
          case LONG:
            return NODES.numberNode(parser.getLongValue());
          default:
            return NODES.numberNode(parser.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new JsonParseException(parser, "unexpected " + token + " where a value should be");
    }
  }
}
