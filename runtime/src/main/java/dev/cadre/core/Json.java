package dev.cadre.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration Cadre uses for its messages, events, wire formats and state.
 *
 * <p>Unknown fields are ignored (providers add fields all the time), absent values ({@code null},
 * empty {@code Optional}) are left out, {@code Optional} and its primitive kin map to the value or
 * its absence, and the mapper is immutable after construction, so it is safe to share.
 */
public final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .addModule(new Jdk8Module())
          .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_ABSENT, null))
          .build();

  private Json() {}

  /** The shared mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
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
      return Unicode.wellFormed(MAPPER.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(
          "cannot write " + value.getClass().getName() + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Parses JSON text into a tree; throws {@link JsonProcessingException} with the position. */
  public static JsonNode parse(String text) throws JsonProcessingException {
    return MAPPER.readTree(text);
  }

  /** Parses JSON text into {@code type}. */
  public static <T> T read(String text, Class<T> type) throws JsonProcessingException {
    return MAPPER.readValue(text, type);
  }
}
