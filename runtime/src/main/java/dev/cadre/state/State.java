package dev.cadre.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * The envelope every saved state document shares, and the checks that guard loading one.
 *
 * <p>A document is a JSON object that starts with {@code "format"} (the version of the layout,
 * {@value #FORMAT} today) and {@code "kind"} ({@code agent}, {@code team}, {@code selector}, {@code
 * termination}); the rest belongs to the kind. Documents nest: a team's document holds its
 * participants', selector's and termination condition's documents, each with its own envelope, so
 * each part can evolve on its own.
 *
 * <p>Every reading method throws {@link StateException} naming the field's path, so a loader can
 * check a whole document before it changes anything. A document is refused if it is nested more
 * than {@value #MAX_DEPTH} levels deep, the most JSON text may nest: deeper, it could be neither
 * saved nor read back.
 */
public final class State {

  /** The format version this Cadre writes and reads. */
  public static final int FORMAT = 1;

  /** How deep a document may nest: as deep as Jackson reads and writes JSON text. */
  public static final int MAX_DEPTH = StreamReadConstraints.DEFAULT_MAX_DEPTH;

  private State() {}

  /** A new document of {@code kind}: {@code {"format": 1, "kind": kind}}. */
  public static ObjectNode document(String kind) {
    ObjectNode document = Json.object();
    document.put("format", FORMAT);
    document.put("kind", kind);
    return document;
  }

  /**
   * Checks the envelope of {@code document}: an object, of a format version this Cadre reads, of
   * {@code kind}, nested no more than {@value #MAX_DEPTH} levels deep.
   *
   * @return the document as an object
   * @throws StateException naming what is wrong
   */
  public static ObjectNode open(JsonNode document, String kind) {
    if (document == null || document.isNull() || document.isMissingNode()) {
      throw new StateException("", "there is no " + kind + " state document (null)");
    }
    if (!document.isObject()) {
      throw new StateException(
          "",
          "a " + kind + " state document must be a JSON object, found " + document.getNodeType());
    }
    requireShallow(document);
    JsonNode format = document.get("format");
    if (format == null || !format.isInt()) {
      throw new StateException(
          "format",
          (format == null ? "missing" : "not an integer: " + format)
              + "; a state document starts with \"format\": "
              + FORMAT);
    }
    if (format.intValue() != FORMAT) {
      throw new StateException(
          "format",
          "version "
              + format.intValue()
              + " is not understood; this Cadre reads version "
              + FORMAT
              + (format.intValue() > FORMAT ? " (the state was saved by a newer Cadre)" : ""));
    }
    JsonNode found = document.get("kind");
    if (found == null || !found.isTextual()) {
      throw new StateException("kind", "missing; expected \"" + kind + "\"");
    }
    if (!found.textValue().equals(kind)) {
      throw new StateException(
          "kind",
          "this is "
              + article(found.textValue())
              + " \""
              + found.textValue()
              + "\" state, not "
              + article(kind)
              + " \""
              + kind
              + "\" state");
    }
    return (ObjectNode) document;
  }

  /**
   * Reads the body of a document into {@code type} (fields the record does not know, such as
   * {@code format} and {@code kind}, are ignored).
   *
   * @throws StateException naming the field that is missing or wrong
   */
  public static <T> T read(JsonNode document, Class<T> type) {
    try {
      return Json.mapper().treeToValue(document, type);
    } catch (JsonMappingException e) {
      String at = path(e);
      // A record's own check (a missing list, say) throws StateException; keep its words.
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof StateException problem) {
          return rethrow(at.isEmpty() ? problem : problem.within(at));
        }
      }
      throw new StateException(at, e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new StateException("", e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new StateException("", String.valueOf(e.getMessage()), e);
    }
  }

  /** A document: the envelope of {@code kind} followed by {@code body}'s fields. */
  public static ObjectNode write(String kind, Object body) {
    ObjectNode document = document(kind);
    document.setAll((ObjectNode) Json.mapper().valueToTree(body));
    return document;
  }

  /**
   * Parses a document from its text: one JSON value, with nothing but white space after it.
   *
   * @throws StateException when the text is not JSON (cut short, say), has text after the document,
   *     or nests too deep, with the line and column
   */
  public static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      throw new StateException("", "the state text is empty");
    }
    try {
      return Json.parse(text);
    } catch (StreamConstraintsException e) {
      throw new StateException(
          "",
          "the text is nested more than "
              + MAX_DEPTH
              + " levels deep or is too long to read: "
              + e.getOriginalMessage(),
          e);
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      String where =
          location == null
              ? ""
              : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      // Only a parser that ran out of text suggests the text was cut short.
      boolean atEnd = location == null || location.getCharOffset() >= text.length();
      throw new StateException(
          "",
          "not valid JSON"
              + where
              + (atEnd ? " (was it cut short?)" : "")
              + ": "
              + e.getOriginalMessage(),
          e);
    }
  }

  /** A field that must be present and an integer of at least {@code min}. */
  public static int integer(ObjectNode document, String field, int min) {
    JsonNode value = document.get(field);
    if (value == null || !value.isInt()) {
      throw new StateException(field, value == null ? "missing" : "not an integer: " + value);
    }
    if (value.intValue() < min) {
      throw new StateException(field, "must be at least " + min + ", was " + value.intValue());
    }
    return value.intValue();
  }

  /** A field that must be present and text. */
  public static String text(ObjectNode document, String field) {
    JsonNode value = document.get(field);
    if (value == null || !value.isTextual()) {
      throw new StateException(field, value == null ? "missing" : "not text: " + value);
    }
    return value.textValue();
  }

  /** A field that may be absent or null, else text. */
  public static String optionalText(ObjectNode document, String field) {
    JsonNode value = document.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new StateException(field, "not text: " + value);
    }
    return value.textValue();
  }

  /**
   * Refuses a document nested deeper than {@link #MAX_DEPTH}, naming where the deep part starts.
   * Iterative: a document handed over as a tree may be too deep for the stack.
   */
  private static void requireShallow(JsonNode document) {
    Deque<Level> levels = new ArrayDeque<>();
    levels.push(new Level(document, null, -1));
    while (!levels.isEmpty()) {
      Level level = levels.peek();
      Level next = level.nextContainer();
      if (next == null) {
        levels.pop();
      } else if (levels.size() == MAX_DEPTH) {
        levels.push(next);
        throw new StateException(
            where(levels),
            "nested more than "
                + MAX_DEPTH
                + " levels deep, deeper than JSON text may be; such a state could be neither saved"
                + " nor read back");
      } else {
        levels.push(next);
      }
    }
  }

  /** The path of the first few levels: where the too-deep part of a document starts. */
  private static String where(Deque<Level> levels) {
    StringBuilder path = new StringBuilder();
    Iterator<Level> outermostFirst = levels.descendingIterator();
    outermostFirst.next(); // the document itself
    for (int i = 0; i < 4 && outermostFirst.hasNext(); i++) {
      Level level = outermostFirst.next();
      if (level.name == null) {
        path.append('[').append(level.at).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(level.name);
      }
    }
    return path.toString();
  }

  /** One object or array on the way down, and how far through its children the walk is. */
  private static final class Level {
    private final JsonNode node;
    private final String name; // its name in the object above, or null
    private final int at; // its index in the array above
    private final Iterator<Map.Entry<String, JsonNode>> fields;
    private int index;

    Level(JsonNode node, String name, int at) {
      this.node = node;
      this.name = name;
      this.at = at;
      this.fields = node.isObject() ? node.properties().iterator() : null;
    }

    /** The next child that is an object or array, or null when there is none. */
    Level nextContainer() {
      if (fields != null) {
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          if (field.getValue().isContainerNode()) {
            return new Level(field.getValue(), field.getKey(), -1);
          }
        }
        return null;
      }
      while (index < node.size()) {
        JsonNode element = node.get(index++);
        if (element.isContainerNode()) {
          return new Level(element, null, index - 1);
        }
      }
      return null;
    }
  }

  private static <T> T rethrow(StateException problem) {
    throw problem;
  }

  /** Fails with {@code field} missing when {@code value} is null; for records' compact checks. */
  public static <T> T require(T value, String field) {
    if (value == null) {
      throw new StateException(field, "missing");
    }
    return value;
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String article(String word) {
    return !word.isEmpty() && "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0
        ? "an"
        : "a";
  }
}
