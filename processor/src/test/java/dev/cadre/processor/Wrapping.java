package dev.cadre.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Test support: the processor breaks long messages over lines (see {@link Diagnostics}), so a test
 * that expects a piece of a message matches it wherever the lines were broken.
 */
public final class Wrapping {

  private Wrapping() {}

  /**
   * A pattern that finds {@code text} in a message, each space in it any run of white space (javac
   * indents the lines after the first).
   */
  public static Pattern wrapped(String text) {
    List<String> words = new ArrayList<>();
    for (String word : text.split(" ", -1)) {
      words.add(Pattern.quote(word));
    }
    return Pattern.compile(String.join("\\s+", words));
  }
}
