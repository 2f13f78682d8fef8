package dev.cadre.spec;

import dev.cadre.team.TerminationCondition;
import dev.cadre.team.Terminations;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a termination condition written as the runtime's conditions describe themselves ({@code
 * textMention("APPROVE") or maxMessages(10)}), so that a spec, an exported team, an error message
 * and a state document all spell a condition one way. {@code and} and {@code or} may not be mixed
 * without brackets, as the runtime brackets them when it writes one.
 */
final class TerminationParser {

  /** A problem at a character of the expression. */
  static final class Problem extends Exception {
    private static final long serialVersionUID = 1L;
    final int at;

    Problem(int at, String message) {
      super(message);
      this.at = at;
    }
  }

  private final String text;
  private int pos;

  private TerminationParser(String text) {
    this.text = text;
  }

  /** The condition {@code text} describes. */
  static TerminationCondition parse(String text) throws Problem {
    TerminationParser parser = new TerminationParser(text);
    TerminationCondition condition = parser.expression();
    parser.skipSpaces();
    if (parser.pos < text.length()) {
      throw new Problem(
          parser.pos, "unexpected '" + text.substring(parser.pos) + "' after a whole condition");
    }
    return condition;
  }

  private TerminationCondition expression() throws Problem {
    List<TerminationCondition> parts = new ArrayList<>();
    parts.add(primary());
    String operator = null;
    while (true) {
      skipSpaces();
      int start = pos;
      String word = peekWord();
      if (!word.equals("and") && !word.equals("or")) {
        break;
      }
      if (operator != null && !operator.equals(word)) {
        throw new Problem(start, "'and' and 'or' mixed without brackets; bracket one side");
      }
      operator = word;
      pos += word.length();
      parts.add(primary());
    }
    if (operator == null) {
      return parts.get(0);
    }
    TerminationCondition[] more =
        parts.subList(2, parts.size()).toArray(TerminationCondition[]::new);
    return operator.equals("and")
        ? Terminations.and(parts.get(0), parts.get(1), more)
        : Terminations.or(parts.get(0), parts.get(1), more);
  }

  private TerminationCondition primary() throws Problem {
    skipSpaces();
    if (peek() == '(') {
      pos++;
      TerminationCondition inner = expression();
      expect(')');
      return inner;
    }
    int start = pos;
    String name = peekWord();
    if (name.isEmpty()) {
      throw new Problem(pos, "expected a condition such as maxMessages(10)");
    }
    pos += name.length();
    expect('(');
    List<Arg> args = new ArrayList<>();
    skipSpaces();
    if (peek() != ')') {
      do {
        args.add(argument());
        skipSpaces();
      } while (consume(','));
    }
    expect(')');
    try {
      return condition(start, name, args);
    } catch (IllegalArgumentException e) {
      throw new Problem(start, e.getMessage());
    }
  }

  private TerminationCondition condition(int at, String name, List<Arg> args) throws Problem {
    switch (name) {
      case "maxMessages":
        if (args.size() == 2 && "includeAgentEvents".equals(args.get(1).word)) {
          return Terminations.maxMessages(number(at, args.get(0)), true);
        }
        requireCount(at, name, args, 1);
        return Terminations.maxMessages(number(at, args.get(0)));
      case "textMention":
        if (args.isEmpty()) {
          throw new Problem(at, "textMention needs the text to look for");
        }
        return Terminations.textMention(
            string(at, args.get(0)), strings(at, args.subList(1, args.size())));
      case "stopMessage":
        return args.isEmpty()
            ? Terminations.stopMessage()
            : Terminations.stopMessage(single(at, name, args));
      case "textMessage":
        return Terminations.textMessage(strings(at, args));
      case "sourceMatch":
        return Terminations.sourceMatch(strings(at, args));
      case "handoff":
        return Terminations.handoff(single(at, name, args));
      case "functionCall":
        return Terminations.functionCall(single(at, name, args));
      case "timeout":
        requireCount(at, name, args, 1);
        return Terminations.timeout(duration(at, args.get(0)));
      case "tokenUsage":
        return tokenUsage(at, args);
      case "external":
        throw new Problem(
            at,
            "external() is set from code, which a spec cannot reach; stop on a message instead");
      case "when":
        throw new Problem(
            at, "when(...) tests a Java predicate, which a spec cannot hold; build it in code");
      default:
        throw new Problem(
            at,
            "unknown condition '"
                + name
                + "'; use maxMessages, textMention, stopMessage, textMessage, sourceMatch,"
                + " handoff, functionCall, timeout or tokenUsage");
    }
  }

  private TerminationCondition tokenUsage(int at, List<Arg> args) throws Problem {
    if (args.size() == 1 && args.get(0).key == null) {
      return Terminations.tokenUsage(number(at, args.get(0)));
    }
    Long total = null;
    Long input = null;
    Long output = null;
    for (Arg arg : args) {
      Long limit = "none".equals(arg.word) ? null : (long) number(at, arg);
      if ("total".equals(arg.key)) {
        total = limit;
      } else if ("input".equals(arg.key)) {
        input = limit;
      } else if ("output".equals(arg.key)) {
        output = limit;
      } else {
        throw new Problem(at, "tokenUsage takes total=, input= and output= (or one number)");
      }
    }
    return Terminations.tokenUsage(total, input, output);
  }

  /** One argument: a string, a word (a number, a duration, a flag) or {@code key=value}. */
  private record Arg(String key, String string, String word) {}

  private Arg argument() throws Problem {
    skipSpaces();
    String key = null;
    int mark = pos;
    String word = peekWord();
    if (!word.isEmpty()) {
      pos += word.length();
      skipSpaces();
      if (consume('=')) {
        key = word;
        skipSpaces();
      } else {
        pos = mark;
      }
    }
    if (peek() == '"') {
      int start = pos++;
      StringBuilder value = new StringBuilder();
      // A backslash escapes the next character, as the runtime's conditions quote a text.
      while (pos < text.length() && text.charAt(pos) != '"') {
        if (text.charAt(pos) == '\\' && pos + 1 < text.length()) {
          pos++;
        }
        value.append(text.charAt(pos++));
      }
      if (pos >= text.length()) {
        throw new Problem(start, "a text is not closed with '\"'");
      }
      pos++;
      return new Arg(key, value.toString(), null);
    }
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
      pos++;
    }
    if (start == pos) {
      throw new Problem(pos, "expected a value: a number, a duration or a \"text\"");
    }
    return new Arg(key, null, text.substring(start, pos));
  }

  private static int number(int at, Arg arg) throws Problem {
    try {
      return Integer.parseInt(arg.word == null ? "" : arg.word);
    } catch (NumberFormatException e) {
      throw new Problem(at, "expected a whole number, not " + describe(arg));
    }
  }

  private static String string(int at, Arg arg) throws Problem {
    if (arg.string == null) {
      throw new Problem(at, "expected a \"text\" in double quotes, not " + describe(arg));
    }
    return arg.string;
  }

  private static String[] strings(int at, List<Arg> args) throws Problem {
    String[] values = new String[args.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = string(at, args.get(i));
    }
    return values;
  }

  private static String single(int at, String name, List<Arg> args) throws Problem {
    requireCount(at, name, args, 1);
    return string(at, args.get(0));
  }

  private static void requireCount(int at, String name, List<Arg> args, int count) throws Problem {
    if (args.size() != count) {
      throw new Problem(at, name + " takes " + count + " argument, not " + args.size());
    }
  }

  /** {@code 30s}, {@code 5m}, {@code 2h}, {@code 1500ms}, or ISO-8601 ({@code PT1M30S}). */
  private static Duration duration(int at, Arg arg) throws Problem {
    String word = arg.word == null ? "" : arg.word;
    try {
      if (word.startsWith("PT") || word.startsWith("P")) {
        return Duration.parse(word);
      }
      if (word.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(word.substring(0, word.length() - 2)));
      }
      long amount = Long.parseLong(word.substring(0, Math.max(0, word.length() - 1)));
      switch (word.charAt(word.length() - 1)) {
        case 's':
          return Duration.ofSeconds(amount);
        case 'm':
          return Duration.ofMinutes(amount);
        case 'h':
          return Duration.ofHours(amount);
        default:
          break;
      }
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      // reported below
    }
    throw new Problem(
        at, "expected a duration such as 30s, 5m, 2h or 1500ms, not " + describe(arg));
  }

  private static String describe(Arg arg) {
    return arg.string != null ? "\"" + arg.string + "\"" : "'" + arg.word + "'";
  }

  private String peekWord() {
    int end = pos;
    while (end < text.length() && Character.isLetter(text.charAt(end))) {
      end++;
    }
    return text.substring(pos, end);
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private boolean consume(char c) {
    skipSpaces();
    if (peek() == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) throws Problem {
    if (!consume(c)) {
      throw new Problem(pos, "expected '" + c + "'");
    }
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }
}
