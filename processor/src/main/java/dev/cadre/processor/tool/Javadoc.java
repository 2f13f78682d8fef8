package dev.cadre.processor.tool;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a method's Javadoc a tool description uses: the first paragraph, and the text of
 * each {@code @param} tag, as plain text (inline tags and HTML stripped, whitespace collapsed).
 *
 * @param summary the first paragraph, or empty
 * @param parameters the {@code @param} texts by parameter name
 */
record Javadoc(String summary, Map<String, String> parameters) {

  private static final Pattern INLINE_TAG = Pattern.compile("\\{@(\\w+)\\s*([^}]*)}");
  private static final Pattern HTML_TAG = Pattern.compile("</?[a-zA-Z][^>]*>");
  private static final Pattern PARAM = Pattern.compile("@param\\s+(\\S+)\\s*(.*)", Pattern.DOTALL);

  Javadoc {
    parameters = Map.copyOf(parameters);
  }

  static final Javadoc NONE = new Javadoc("", Map.of());

  /** Reads a doc comment as {@code Elements.getDocComment} returns it; null gives {@link #NONE}. */
  static Javadoc parse(String comment) {
    if (comment == null || comment.isBlank()) {
      return NONE;
    }
    StringBuilder summary = new StringBuilder();
    boolean summaryDone = false;
    boolean inTags = false;
    Map<String, String> parameters = new LinkedHashMap<>();
    StringBuilder tag = null;
    for (String raw : comment.split("\r?\n")) {
      String line = strip(raw);
      if (line.startsWith("@")) {
        inTags = true;
        addParam(tag, parameters);
        tag = new StringBuilder(line);
        continue;
      }
      if (inTags) {
        if (tag != null) {
          tag.append(' ').append(line);
        }
        continue;
      }
      if (line.isEmpty()) {
        summaryDone |= summary.length() > 0;
      } else if (!summaryDone) {
        summary.append(' ').append(line);
      }
    }
    addParam(tag, parameters);
    return new Javadoc(plain(summary.toString()), parameters);
  }

  private static void addParam(StringBuilder tag, Map<String, String> parameters) {
    if (tag == null) {
      return;
    }
    Matcher param = PARAM.matcher(tag);
    if (param.matches() && !param.group(1).startsWith("<")) {
      String text = plain(param.group(2));
      if (!text.isEmpty()) {
        parameters.put(param.group(1), text);
      }
    }
  }

  // Comments from some compilers keep each line's leading " * ".
  private static String strip(String line) {
    String trimmed = line.strip();
    if (trimmed.startsWith("*")) {
      trimmed = trimmed.substring(1).strip();
    }
    return trimmed;
  }

  /** {@code {@code x}} becomes x, {@code {@link A#b label}} becomes label; HTML tags go. */
  static String plain(String text) {
    Matcher inline = INLINE_TAG.matcher(text);
    StringBuilder out = new StringBuilder();
    while (inline.find()) {
      String kind = inline.group(1);
      String body = inline.group(2).strip();
      String replacement = body;
      if (kind.equals("link") || kind.equals("linkplain")) {
        int space = body.indexOf(' ');
        replacement = space > 0 ? body.substring(space + 1).strip() : body.replace('#', '.');
        if (replacement.startsWith(".")) {
          replacement = replacement.substring(1);
        }
      }
      inline.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    inline.appendTail(out);
    return HTML_TAG.matcher(out).replaceAll("").replaceAll("\\s+", " ").strip();
  }
}
