package dev.cadre.core;

import java.util.Objects;
import java.util.regex.Pattern;

/** The validation rules shared by agent ids, topic ids and subscriptions. */
final class Names {

  /** What an agent type may contain; also the rule for the agent type of a subscription. */
  static final Pattern AGENT_TYPE = Pattern.compile("^[A-Za-z0-9_.-]+$");

  /** What a topic type may contain; also the rule for a subscription's topic type or prefix. */
  static final Pattern TOPIC_TYPE = Pattern.compile("^[A-Za-z0-9_.:=-]+$");

  static final String AGENT_TYPE_RULE =
      "use one or more letters, digits, '_', '-' or '.' (" + AGENT_TYPE.pattern() + ")";
  static final String TOPIC_TYPE_RULE =
      "use one or more letters, digits, '_', '-', '.', ':' or '=' (" + TOPIC_TYPE.pattern() + ")";

  private Names() {}

  static String checkAgentType(String what, String value) {
    return check(what, value, AGENT_TYPE, AGENT_TYPE_RULE);
  }

  static String checkTopicType(String what, String value) {
    return check(what, value, TOPIC_TYPE, TOPIC_TYPE_RULE);
  }

  private static String check(String what, String value, Pattern pattern, String rule) {
    Objects.requireNonNull(value, what);
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " " + quote(value) + " is invalid: " + rule);
    }
    return value;
  }

  /** Checks free text such as an agent key or a topic source: non-empty, no control characters. */
  static String checkText(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(
            what
                + " "
                + quote(value)
                + " contains a control character at index "
                + i
                + ": use printable text without control characters (tabs and newlines included)");
      }
    }
    return value;
  }

  /**
   * Quotes a value for an error message, escaping control characters so the message stays on one
   * line.
   */
  static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }
}
