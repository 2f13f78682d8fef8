package dev.cadre.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Compares a request with the recorded one, leaving out what a test declared free to vary: fields
 * by name, wherever they are, and pieces of text matching a pattern (a date, a generated id).
 */
final class RequestDiff {

  /** Differences shown before the list is cut short; the first few say what went wrong. */
  private static final int SHOWN = 12;

  /** How much of a long text is shown either side of where it first differs. */
  private static final int CONTEXT = 60;

  static final String VARIES = "<varies>";

  private final Set<String> freeFields;
  private final List<Pattern> varyingText;

  RequestDiff(Set<String> freeFields, List<Pattern> varyingText) {
    this.freeFields = Set.copyOf(freeFields);
    this.varyingText = List.copyOf(varyingText);
  }

  /** {@code node} without its free fields, its varying text replaced by {@value #VARIES}. */
  JsonNode normalise(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!freeFields.contains(field.getKey())) {
          out.set(field.getKey(), normalise(field.getValue()));
        }
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> out.add(normalise(element)));
      return out;
    }
    if (node.isTextual() && !varyingText.isEmpty()) {
      String text = node.asText();
      for (Pattern pattern : varyingText) {
        text = pattern.matcher(text).replaceAll(VARIES);
      }
      return TextNode.valueOf(text);
    }
    return node;
  }

  /** Whether the two requests are the same once normalised. */
  boolean same(JsonNode recorded, JsonNode now) {
    return normalise(recorded).equals(normalise(now));
  }

  /**
   * Where the two requests differ, one entry per place: its path ({@code messages[1].content}),
   * then the recorded and the current value. Empty when they are the same.
   */
  List<String> differences(JsonNode recorded, JsonNode now) {
    List<String> out = new ArrayList<>();
    walk("", normalise(recorded), normalise(now), out);
    if (out.size() > SHOWN) {
      int more = out.size() - SHOWN;
      out = new ArrayList<>(out.subList(0, SHOWN));
      out.add("... and " + more + " more difference" + (more == 1 ? "" : "s"));
    }
    return out;
  }

  private static void walk(String path, JsonNode recorded, JsonNode now, List<String> out) {
    if (recorded.equals(now)) {
      return;
    }
    if (recorded.isObject() && now.isObject()) {
      Set<String> names = new TreeSet<>();
      recorded.fieldNames().forEachRemaining(names::add);
      now.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        walk(path.isEmpty() ? name : path + "." + name, recorded.path(name), now.path(name), out);
      }
      return;
    }
    if (recorded.isArray() && now.isArray()) {
      int common = Math.min(recorded.size(), now.size());
      for (int i = 0; i < common; i++) {
        walk(path + "[" + i + "]", recorded.get(i), now.get(i), out);
      }
      if (recorded.size() != now.size()) {
        out.add(
            path
                + ": recorded "
                + recorded.size()
                + " element"
                + (recorded.size() == 1 ? "" : "s")
                + ", now "
                + now.size());
      }
      return;
    }
    out.add(
        place(path)
            + "\n    recorded: "
            + shown(recorded, now)
            + "\n    now:      "
            + shown(now, recorded));
  }

  private static String place(String path) {
    return path.isEmpty() ? "(the whole request)" : path;
  }

  /** A value as the diff prints it: missing, or JSON, a long text cut around where it differs. */
  private static String shown(JsonNode value, JsonNode other) {
    if (value.isMissingNode()) {
      return "(absent)";
    }
    if (!value.isTextual()) {
      String json = value.toString();
      return json.length() > 2 * CONTEXT + 20 ? json.substring(0, 2 * CONTEXT) + "..." : json;
    }
    String text = value.asText();
    String otherText = other.isTextual() ? other.asText() : "";
    int at = 0;
    while (at < text.length()
        && at < otherText.length()
        && text.charAt(at) == otherText.charAt(at)) {
      at++;
    }
    int from = Math.max(0, at - CONTEXT);
    int to = Math.min(text.length(), at + CONTEXT);
    return (from > 0 ? "..." : "")
        + TextNode.valueOf(text.substring(from, to)).toString()
        + (to < text.length() ? "..." : "");
  }
}
