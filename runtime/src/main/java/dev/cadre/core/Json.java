package dev.cadre.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration Cadre uses for its messages, events, wire formats and state.
 *
 * <p>Unknown fields are ignored (providers add fields all the time), absent values ({@code null},
 * empty {@code Optional}) are left out, {@code Optional} and its primitive kin map to the value or
 * its absence, and the mapper is immutable after construction, so it is safe to share.
 *
 * <p>Text must hold exactly one JSON value: {@code {...} DROP TABLE} or two objects back to back is
 * an error, not the first object. Much of what Cadre reads was written by a model or kept on disk,
 * and taking the first value of such text would act on half of what was there.
 */
public final class Json {

  // In a holder: building a mapper loads and initialises some 400 classes, a large part of a cold
  // start (scenario 5 of BENCHMARKS.md). Parsing a tree and making nodes need none of it, so an
  // agent whose tools take JSON arguments answers its first question without building one.
  private static final class Mapper {
    static final ObjectMapper MAPPER =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new Jdk8Module())
            .defaultPropertyInclusion(
                JsonInclude.Value.construct(JsonInclude.Include.NON_ABSENT, null))
            .build();
  }

  private Json() {}

  /** The shared mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return Mapper.MAPPER;
  }

  /** A new, empty object node, as the shared mapper makes them. */
  public static ObjectNode object() {
    return JsonTrees.NODES.objectNode();
  }

  /**
   * Serialises {@code value} to compact JSON, with each lone surrogate in its text replaced by
   * U+FFFD ({@link Unicode#wellFormed}), so the JSON always has a UTF-8 form: the event log, the
   * state stores and the telemetry all write it, and a model's broken character must not break
   * them.
   */
  public static String write(Object value) {
    try {
      // Jackson writes non-ASCII text as it is, so a lone surrogate can only be inside a string.
      return Unicode.wellFormed(mapper().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(
          "cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Parses JSON text into a tree: a missing node for text with no value at all (empty or blank).
   * The tree is the one the shared mapper's {@code readTree} gives, read straight from the parser.
   *
   * @throws JsonProcessingException with the position, when the text is not JSON or has anything
   *     but white space after its value
   */
  public static JsonNode parse(String text) throws JsonProcessingException {
    try (JsonParser parser = JsonTrees.FACTORY.createParser(text)) {
      JsonNode value = JsonTrees.read(parser);
      if (value == null) {
        return MissingNode.getInstance();
      }
      JsonLocation after;
      try {
        after = parser.nextToken() == null ? null : parser.currentTokenLocation();
      } catch (JsonParseException notJson) {
        after = notJson.getLocation();
      }
      if (after != null) {
        throw new JsonParseException(
            parser, "unexpected text after the JSON value; give exactly one value", after);
      }
      return value;
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read JSON text: " + e.getMessage(), e); // no I/O here
    }
  }

  /** Parses JSON text into {@code type}. */
  public static <T> T read(String text, Class<T> type) throws JsonProcessingException {
    return mapper().readValue(text, type);
  }
}
