package dev.cadre.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A value of a spec file with its key path and where it starts: Jackson's own trees forget
 * locations, and every finding must name both.
 */
final class Node {

  enum Kind {
    MAP,
    LIST,
    TEXT,
    NUMBER,
    BOOLEAN,
    NULL
  }

  private static final JsonFactory JSON = new JsonFactory();
  private static final YAMLFactory YAML = new YAMLFactory();

  final Kind kind;
  final String path;
  final SpecLocation where;
  final String text;
  final Map<String, Node> fields;
  final Map<String, SpecLocation> keys;
  final List<Node> items;

  private Node(
      Kind kind,
      String path,
      SpecLocation where,
      String text,
      Map<String, Node> fields,
      Map<String, SpecLocation> keys,
      List<Node> items) {
    this.kind = kind;
    this.path = path;
    this.where = where;
    this.text = text;
    this.fields = fields;
    this.keys = keys;
    this.items = items;
  }

  /** What this kind is called in messages. */
  String kindName() {
    return switch (kind) {
      case MAP -> "a map";
      case LIST -> "a list";
      case TEXT -> "text";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
      case NULL -> "nothing";
    };
  }

  /**
   * Reads a whole document, JSON when {@code json}, YAML otherwise; syntax errors and duplicate
   * keys become findings, and the result is null when the text could not be read through.
   */
  static Node parse(String text, String file, boolean json, List<SpecFinding> findings) {
    try (JsonParser parser = (json ? JSON : YAML).createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        findings.add(
            new SpecFinding(
                "Cadre/SpecSyntax",
                "the spec is empty; write a team: name, pattern and participants",
                new SpecLocation(file, 1, 1),
                true));
        return null;
      }
      return read(parser, file, "", findings);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      findings.add(
          new SpecFinding(
              "Cadre/SpecSyntax",
              e.getOriginalMessage().lines().findFirst().orElse("unreadable"),
              at == null ? new SpecLocation(file, 1, 1) : location(file, at),
              true));
      return null;
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
  }

  private static Node read(JsonParser parser, String file, String path, List<SpecFinding> findings)
      throws IOException {
    SpecLocation where = location(file, parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, Node> fields = new LinkedHashMap<>();
        Map<String, SpecLocation> keys = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          SpecLocation keyAt = location(file, parser.currentTokenLocation());
          parser.nextToken();
          Node value = read(parser, file, join(path, key), findings);
          keys.putIfAbsent(key, keyAt);
          if (fields.putIfAbsent(key, value) != null) {
            findings.add(
                new SpecFinding(
                    "Cadre/SpecDuplicateKey",
                    join(path, key) + " is given twice; keep one",
                    keyAt,
                    true));
          }
        }
        return new Node(
            Kind.MAP,
            path,
            where,
            null,
            Collections.unmodifiableMap(fields),
            Collections.unmodifiableMap(keys),
            null);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(parser, file, path + "[" + items.size() + "]", findings));
        }
        return new Node(Kind.LIST, path, where, null, null, null, List.copyOf(items));
      }
      case VALUE_STRING -> {
        return new Node(Kind.TEXT, path, where, parser.getText(), null, null, null);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new Node(Kind.NUMBER, path, where, parser.getText(), null, null, null);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new Node(Kind.BOOLEAN, path, where, parser.getText(), null, null, null);
      }
      default -> {
        return new Node(Kind.NULL, path, where, null, null, null, null);
      }
    }
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static SpecLocation location(String file, JsonLocation at) {
    return new SpecLocation(file, Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
  }
}
