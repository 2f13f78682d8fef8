package dev.cadre.graph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/** Name checks and "did you mean" suggestions shared by the rules. */
final class Names {

  /** What the model APIs accept as a tool name; agent names become parts of tool names. */
  static final Pattern VALID = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

  static final int MAX_LENGTH = 64;

  /** Prefix of the tool through which an agent hands off, e.g. {@code transfer_to_writer}. */
  static final String HANDOFF_TOOL_PREFIX = "transfer_to_";

  private Names() {}

  /**
   * The name in {@code candidates} closest to {@code name} by edit distance (ignoring case), if it
   * is close enough to be a likely misspelling; else {@code null}. Ties go to the earlier
   * candidate.
   */
  static String closest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(name.toLowerCase(), candidate.toLowerCase());
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best == null) {
      return null;
    }
    int allowed = Math.max(2, Math.min(name.length(), best.length()) / 3);
    return bestDistance <= allowed && bestDistance < Math.max(name.length(), best.length())
        ? best
        : null;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

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
