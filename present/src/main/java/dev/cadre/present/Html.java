package dev.cadre.present;

/**
 * HTML escaping for text and attribute values, so model output can never become markup: the one
 * escaper of every page Cadre writes (the run report, the test kit's evaluation page).
 */
public final class Html {

  private Html() {}

  /** {@code text} with {@code & < > " '} escaped; null gives the empty string. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
