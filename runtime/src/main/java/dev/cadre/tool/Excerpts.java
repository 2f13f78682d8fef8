package dev.cadre.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Json;
import java.io.IOException;
import java.io.Writer;

/**
 * Bounded excerpts of what a model wrote, for the messages it is sent back: a value, a name, a
 * parser's complaint. A model can write megabytes where one word was wanted, and echoing that back
 * whole would flood its context; it needs only enough to recognise what it wrote.
 */
public final class Excerpts {

  /** The longest a value is shown. */
  static final int VALUE = 60;

  /** The longest a name is shown: the longest tool or parameter name the model APIs accept. */
  static final int NAME = 64;

  private Excerpts() {}

  /** {@code text}, or its start and {@code ...} when it is longer than {@code max} characters. */
  public static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - 3;
    // Never split a surrogate pair: half of one is not text.
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "...";
  }

  /**
   * {@code node} as compact JSON cut to {@link #VALUE} characters, written only as far as needed. A
   * number too large for a double (Jackson holds {@code 1e400} as infinity) is described rather
   * than shown as the string {@code "Infinity"}, which the model never wrote.
   */
  static String json(JsonNode node) {
    if (node.isNumber() && !JsonValues.isFinite(node)) {
      double value = node.doubleValue();
      return Double.isNaN(value)
          ? "a value that is not a number"
          : "a number too large to hold ("
              + (value > 0 ? "above " : "below -")
              + Double.MAX_VALUE
              + ")";
    }
    if (!node.isContainerNode() && !node.isTextual()) {
      return cut(node.toString(), VALUE);
    }
    Capped out = new Capped(VALUE + 1);
    try {
      Json.mapper().writeValue(out, node);
    } catch (IOException full) {
      // Capped stops the writer once it has enough.
    }
    return cut(out.text.toString(), VALUE);
  }

  /** A writer that keeps the first characters it is given and then refuses the rest. */
  private static final class Capped extends Writer {
    private final StringBuilder text = new StringBuilder();
    private final int max;

    Capped(int max) {
      this.max = max;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
      int room = max - text.length();
      text.append(chars, offset, Math.min(room, length));
      if (length > room) {
        throw new IOException("enough");
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
