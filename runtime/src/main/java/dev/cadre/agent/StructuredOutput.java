package dev.cadre.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.model.ResponseFormat;
import dev.cadre.tool.JsonSchemas;
import dev.cadre.tool.ToolArguments;
import java.util.List;
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

  /**
   * Reads a model's reply: its JSON (inside a Markdown code fence or not), checked against the
   * schema, then parsed. Never throws: what is wrong comes back as a {@link Reading#problem()}
   * worded for the model, so that a caller can ask it again.
   */
  public Reading<T> read(String text) {
    JsonNode json;
    try {
      json = Json.parse(stripCodeFence(text == null ? "" : text));
    } catch (JsonProcessingException e) {
      return Reading.failed("the reply is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    List<String> problems = ToolArguments.validate(json, format.schema());
    if (!problems.isEmpty()) {
      return Reading.failed("the JSON does not match the schema: " + String.join("; ", problems));
    }
    try {
      return new Reading<>(json, parse(json), null);
    } catch (Exception e) {
      return Reading.failed(
          "the JSON cannot be read as " + type.getSimpleName() + " (" + e.getMessage() + ")");
    }
  }

  /**
   * What {@link #read} made of a reply.
   *
   * @param json the reply's JSON, or null when it has a problem
   * @param value the parsed value, or null when it has a problem
   * @param problem what is wrong with the reply, for the model to mend; null when it was read
   */
  public record Reading<T>(JsonNode json, T value, String problem) {
    static <T> Reading<T> failed(String problem) {
      return new Reading<>(null, null, problem);
    }
  }

  /** Models often wrap JSON in a Markdown code fence; the JSON inside is what counts. */
  static String stripCodeFence(String text) {
    String trimmed = text.strip();
    if (!trimmed.startsWith("```")) {
      return trimmed;
    }
    int firstLineEnd = trimmed.indexOf('\n');
    int close = trimmed.lastIndexOf("```");
    if (firstLineEnd < 0 || close <= firstLineEnd) {
      return trimmed;
    }
    return trimmed.substring(firstLineEnd + 1, close).strip();
  }

  /** Turns the model's JSON into a value; throws with a reason the model can be shown. */
  @FunctionalInterface
  public interface Parser<T> {
    /** The value {@code json} holds. */
    T parse(JsonNode json) throws Exception;
  }
}
