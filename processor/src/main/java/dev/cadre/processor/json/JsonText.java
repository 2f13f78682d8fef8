package dev.cadre.processor.json;

import java.util.List;
import java.util.Map;

/**
 * Compact JSON text, escaped as Jackson escapes it, so equal schemas are equal strings: the tool
 * schemas the processor writes, and the scalars of a team's spec file (a JSON string is a YAML
 * string too).
 */
public final class JsonText {

  private JsonText() {}

  /** {@code value} (maps of strings, lists, strings, integers, booleans) as compact JSON. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static void append(StringBuilder out, Object value) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> entry : ((Map<String, Object>) map).entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, entry.getKey());
        out.append(':');
        append(out, entry.getValue());
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        append(out, list.get(i));
      }
      out.append(']');
    } else if (value instanceof String text) {
      string(out, text);
    } else {
      out.append(value); // Integer or Boolean
    }
  }

  /** Appends {@code text} as a JSON string, quoted and escaped. */
  public static void string(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
