package dev.cadre.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Name checks shared by the rules; "did you mean" suggestions are {@link Suggestions}. */
final class Names {

  /** What the model APIs accept as a tool name; agent names become parts of tool names. */
  static final Pattern VALID = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

  static final int MAX_LENGTH = 64;

  /** Prefix of the tool through which an agent hands off, e.g. {@code transfer_to_writer}. */
  static final String HANDOFF_TOOL_PREFIX = "transfer_to_";

  private Names() {}

  /** {@code name} with every character a tool name rejects replaced by '_', cut to 64. */
  static String sanitized(String name) {
    String replaced = name.replaceAll("[^a-zA-Z0-9_-]", "_");
    return replaced.length() > MAX_LENGTH ? replaced.substring(0, MAX_LENGTH) : replaced;
  }

  /** 'a', 'a' and 'b', 'a', 'b' and 'c' (with "or" as {@code conjunction}: 'a' or 'b'). */
  static String quotedList(Collection<String> names, String conjunction) {
    List<String> quoted = new ArrayList<>();
    for (String name : names) {
      quoted.add("'" + name + "'");
    }
    return Rules.joined(quoted, conjunction);
  }
}
