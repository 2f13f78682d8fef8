package dev.cadre.present;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's stop reason as the console and the report show it. A termination's text quotes what it
 * matched ({@code Text '%s' mentioned}); when that is itself in quotes (a {@code textMention} of
 * {@code "recommendation"}, with its quotes, as the finance sample's spec has it) the text reads
 * {@code '"recommendation"'}, quoted twice. Shown, it keeps the inner quotes only. The console, the
 * report and the {@code cadre} command's reprint of a finished run all show it this way.
 */
public final class StopText {

  // A quote in single quotes, or the other way round: '"x"' or "'x'".
  private static final Pattern QUOTED_TWICE =
      Pattern.compile("'(\"[^\"'\\n]*\")'|\"('[^\"'\\n]*')\"");

  private StopText() {}

  /** {@code text} with each quote inside another quote unwrapped once; null gives "". */
  public static String shown(String text) {
    if (text == null) {
      return "";
    }
    return QUOTED_TWICE
        .matcher(text)
        .replaceAll(m -> Matcher.quoteReplacement(m.group(m.group(1) != null ? 1 : 2)));
  }
}
