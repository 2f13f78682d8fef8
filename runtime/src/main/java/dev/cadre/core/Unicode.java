package dev.cadre.core;

/**
 * Makes text well-formed before it leaves the process. A model can send half of a UTF-16
 * surrogate pair (a reply cut off inside an emoji, say); such text has no UTF-8 form, so a strict
 * encoder refuses it and a lenient one writes {@code '?'}, differently in each place.
 */
public final class Unicode {

  /** U+FFFD, what every lone surrogate becomes. */
  public static final char REPLACEMENT = '\ufffd';

  private Unicode() {}

  /**
   * {@code text} with each surrogate that is not half of a pair replaced by U+FFFD; the same
   * instance when there is none (the usual case costs one pass and no copy). Null gives null.
   */
  public static String wellFormed(String text) {
    if (text == null) {
      return null;
    }
    int first = firstLoneSurrogate(text, 0);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
    for (int from = first; from >= 0; ) {
      out.append(REPLACEMENT);
      int next = firstLoneSurrogate(text, from + 1);
      out.append(text, from + 1, next < 0 ? text.length() : next);
      from = next;
    }
    return out.toString();
  }

  /** The index of the first lone surrogate at or after {@code from}, or -1. */
  private static int firstLoneSurrogate(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++; // a pair: keep both halves
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
