package dev.cadre.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.model.ResponseFormat;
import dev.cadre.tool.JsonSchemas;
import java.util.Objects;

/**
 * The type an agent answers in: the JSON schema the model is held to, and how its JSON becomes a
 * Java value. Generated code passes a schema written at compile time and a parser of its own;
 * {@link #of(Class)} derives both from a record or enum once, when the agent is built.
 *
 * @param <T> the answer's Java type
 */
public final class StructuredOutput<T> {

  private static final String WRAPPED = "value";

  private final Class<T> type;
  private final ResponseFormat format;
  private final Parser<T> parser;

  private StructuredOutput(Class<T> type, ResponseFormat format, Parser<T> parser) {
    this.type = Objects.requireNonNull(type, "type");
    this.format = Objects.requireNonNull(format, "format");
    this.parser = Objects.requireNonNull(parser, "parser");
  }

  /**
   * Output of a record, enum or other type {@link JsonSchemas} maps, parsed with Jackson. The
   * model APIs want an object at the root of a response schema, so any other type (an enum, a
   * list) is asked for as the property {@code value} of an object.
   */
  public static <T> StructuredOutput<T> of(Class<T> type) {
    ObjectNode schema = JsonSchemas.of(type);
    String name = type.getSimpleName();
    if ("object".equals(schema.path("type").asText())) {
      return new StructuredOutput<>(
          type,
          ResponseFormat.jsonSchema(name, schema),
          json -> Json.mapper().treeToValue(json, type));
    }
    ObjectNode wrapper = JsonSchemas.object().property(WRAPPED, schema, null).build();
    return new StructuredOutput<>(
        type,
        ResponseFormat.jsonSchema(name, wrapper),
        json -> Json.mapper().treeToValue(json.get(WRAPPED), type));
  }

  /** Output with a schema and parser of the caller's own, as generated code provides them. */
  public static <T> StructuredOutput<T> of(
      Class<T> type, String name, ObjectNode schema, Parser<T> parser) {
    return new StructuredOutput<>(type, ResponseFormat.jsonSchema(name, schema), parser);
  }

  /** The type the model's JSON is parsed into. */
  public Class<T> type() {
    return type;
  }

  /** The response format sent with every model call. */
  public ResponseFormat responseFormat() {
    return format;
  }

  /** Parses JSON the model wrote into a value. */
  public T parse(JsonNode json) throws Exception {
    return parser.parse(json);
  }

  /** Turns the model's JSON into a value; throws with a reason the model can be shown. */
  @FunctionalInterface
  public interface Parser<T> {
    /** The value {@code json} holds. */
    T parse(JsonNode json) throws Exception;
  }
}
