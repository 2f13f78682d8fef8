package dev.cadre.spec;

import dev.cadre.graph.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to a spec's tree for its readers: each reports a wrong type, a missing key or an
 * unknown one as a finding at the value, and returns null (or empty), so that one mistake does not
 * hide the others.
 */
final class TreeReader {

  private final List<SpecFinding> findings;

  TreeReader(List<SpecFinding> findings) {
    this.findings = findings;
  }

  /**
   * The fields of a map, each key not in {@code allowed} (when given) reported; null for no map.
   */
  Map<String, Node> map(Node node, Set<String> allowed) {
    if (node == null) {
      return null;
    }
    if (node.kind != Node.Kind.MAP) {
      wrongType(node, "a map");
      return null;
    }
    if (allowed != null) {
      for (Map.Entry<String, Node> field : node.fields.entrySet()) {
        if (!allowed.contains(field.getKey())) {
          findings.add(
              new SpecFinding(
                  "Cadre/SpecUnknownKey",
                  "unknown key "
                      + field.getValue().path
                      + hint(field.getKey(), allowed)
                      + "; the keys here are "
                      + String.join(", ", allowed.stream().sorted().toList()),
                  node.keys.get(field.getKey()),
                  true));
        }
      }
    }
    return node.fields;
  }

  /** The items of a list; empty when it is absent, null or not a list. */
  List<Node> list(Node node) {
    if (node == null || node.kind == Node.Kind.NULL) {
      return List.of();
    }
    if (node.kind != Node.Kind.LIST) {
      wrongType(node, "a list");
      return List.of();
    }
    return node.items;
  }

  /** The text of {@code node}; null when it is not text. */
  String text(Node node) {
    if (node.kind != Node.Kind.TEXT) {
      wrongType(node, "text");
      return null;
    }
    return node.text;
  }

  /** The texts of a list, leaving out the items that are not text. */
  List<String> textList(Node node) {
    List<String> texts = new ArrayList<>();
    for (Node item : list(node)) {
      String text = text(item);
      if (text != null) {
        texts.add(text);
      }
    }
    return texts;
  }

  /** The text at {@code key}; null when it is absent, null or not text. */
  String optionalText(Map<String, Node> fields, String key) {
    Node node = fields == null ? null : fields.get(key);
    return node == null || node.kind == Node.Kind.NULL ? null : text(node);
  }

  /** The value at {@code key}, reported as missing at {@code parent} when absent or null. */
  Node required(Node parent, Map<String, Node> fields, String key) {
    if (fields == null) {
      return null;
    }
    Node node = fields.get(key);
    if (node == null || node.kind == Node.Kind.NULL) {
      error(
          "Cadre/SpecMissing",
          parent,
          Node.join(parent.path, key) + " is missing" + (parent.path.isEmpty() ? "" : " here"));
      return null;
    }
    return node;
  }

  /** The text at {@code key}, which must be there. */
  String requiredText(Node parent, Map<String, Node> fields, String key) {
    Node node = required(parent, fields, key);
    return node == null ? null : text(node);
  }

  /** A whole number of at least 1; null when absent, null or anything else. */
  Integer positive(Node node) {
    if (node == null || node.kind == Node.Kind.NULL) {
      return null;
    }
    if (node.kind == Node.Kind.NUMBER) {
      try {
        int value = Integer.parseInt(node.text);
        if (value >= 1) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    wrongType(node, "a whole number of at least 1");
    return null;
  }

  /** Reports that {@code node} is not the {@code expected} type. */
  void wrongType(Node node, String expected) {
    error(
        "Cadre/SpecType",
        node,
        (node.path.isEmpty() ? "the spec" : node.path)
            + " must be "
            + expected
            + ", not "
            + (node.kind == Node.Kind.NUMBER || node.kind == Node.Kind.BOOLEAN
                ? node.kindName() + " (" + node.text + ")"
                : node.kindName()));
  }

  /** Reports {@code message} under {@code tag} at {@code node}. */
  void error(String tag, Node node, String message) {
    findings.add(new SpecFinding(tag, message, node.where, true));
  }

  /** A "did you mean" for {@code given} among {@code known}, or empty. */
  static String hint(String given, Set<String> known) {
    String closest = Suggestions.closest(given, known.stream().sorted().toList());
    return closest == null ? "" : " (did you mean '" + closest + "'?)";
  }

  /** A required text that must be one of {@code known}; null (reported) otherwise. */
  String oneOf(Node parent, Map<String, Node> fields, String key, Set<String> known, String note) {
    Node node = required(parent, fields, key);
    String text = node == null ? null : text(node);
    if (text == null) {
      return null;
    }
    if (!known.contains(text)) {
      error(
          "Cadre/SpecValue",
          node,
          node.path
              + " is '"
              + text
              + "'; use "
              + String.join(", ", known.stream().sorted().toList())
              + " ("
              + note
              + ")"
              + hint(text, known));
      return null;
    }
    return text;
  }

  /** A key written in the file is an error that never repeats it: it may be a real key. */
  void noKeyWritten(Node node, Map<String, Node> fields, String variables) {
    if (fields.containsKey("apiKey")) {
      error(
          "Cadre/SecretInSpec",
          fields.get("apiKey"),
          Node.join(node.path, "apiKey")
              + " writes a key into the spec; keys are read only from the environment: remove it,"
              + " set "
              + variables
              + " or name your own with apiKeyEnv");
    }
  }
}
