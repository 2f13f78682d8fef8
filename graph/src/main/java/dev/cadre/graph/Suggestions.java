package dev.cadre.graph;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean ...?": the known name a misspelt one most likely meant. The graph rules suggest
 * participant names with it, and the annotation processor suggests parameter names for unknown
 * prompt placeholders, so that both say the same thing about the same kind of slip.
 */
public final class Suggestions {

  private Suggestions() {}

  /**
   * The name in {@code candidates} closest to {@code name} by edit distance (ignoring case), if it
   * is close enough to be a likely misspelling; else {@code null}. Ties go to the earlier
   * candidate.
   *
   * @param name the name that matched nothing
   * @param candidates the names there are, in the order ties should be broken
   * @return one of {@code candidates}, or {@code null} when none is a likely misspelling
   */
  public static String closest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best == null) {
      return null;
    }
    // Short names have few letters to spare: allow two edits, a third of the length for long
    // ones, but never as many edits as the longer name has letters (x is no misspelling of y).
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
}
