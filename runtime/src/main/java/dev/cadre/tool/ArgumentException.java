package dev.cadre.tool;

/**
 * A tool's arguments could not be read into the types its code wants: a value missing, of the wrong
 * shape, or out of the range of its Java type. {@link ToolExecutor} tells the model so as bad
 * arguments, not as a failure of the tool. Its message is the sentence the model reads.
 */
final class ArgumentException extends IllegalArgumentException {

  private final String problem; // null for a missing value

  private ArgumentException(String message, String problem) {
    super(message);
    this.problem = problem;
  }

  /**
   * The value at {@code path} (as {@link JsonValues#field} writes it; empty for the root) is wrong:
   * {@code problem} says how, e.g. {@code must be an integer, got "x"}.
   */
  static ArgumentException wrong(String path, String problem) {
    return new ArgumentException(
        (path.isEmpty() ? "the value " : "argument '" + path + "' ") + problem, problem);
  }

  /** The value at {@code path} is missing. */
  static ArgumentException missing(String path) {
    return new ArgumentException(
        path.isEmpty() ? "a value is missing" : "missing required argument '" + path + "'", null);
  }

  /** Arguments that do not fit a tool's Java types, as {@code message} says. */
  static ArgumentException unreadable(String message) {
    return new ArgumentException(message, message);
  }

  /** The same problem, for the value at {@code path}; for {@link #wrong} and {@link #missing}. */
  ArgumentException at(String path) {
    return problem == null ? missing(path) : wrong(path, problem);
  }
}
