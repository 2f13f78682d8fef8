package dev.cadre.core;

import java.util.Objects;

/**
 * The validation rules shared by agent ids, topic ids and subscriptions.
 *
 * <p>Ids are made on the message path (a publish makes one per recipient), so the type rules are a
 * loop over the characters rather than a regular expression.
 */
final class Names {

  static final String AGENT_TYPE_RULE =
      "use one or more letters, digits, '_', '-' or '.' (^[A-Za-z0-9_.-]+$)";
  static final String TOPIC_TYPE_RULE =
      "use one or more letters, digits, '_', '-', '.', ':' or '=' (^[A-Za-z0-9_.:=-]+$)";

  private Names() {}

  /** Checks an agent type; also the rule for the agent type of a subscription. */
  static String checkAgentType(String what, String value) {
    return checkType(what, value, false, AGENT_TYPE_RULE);
  }

  /** Checks a topic type; also the rule for a subscription's topic type or prefix. */
  static String checkTopicType(String what, String value) {
    return checkType(what, value, true, TOPIC_TYPE_RULE);
  }

  private static String checkType(String what, String value, boolean topic, String rule) {
    Objects.requireNonNull(value, what);
    boolean valid = !value.isEmpty();
    for (int i = 0; valid && i < value.length(); i++) {
      char c = value.charAt(i);
      valid =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || c == '.'
              || (topic && (c == ':' || c == '='));
    }
    if (!valid) {
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
