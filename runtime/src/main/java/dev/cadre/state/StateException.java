package dev.cadre.state;

/**
 * A saved state document cannot be loaded: it is not JSON, has a format version this Cadre does
 * not read, is of the wrong kind, or a field is missing or wrong. Names the field's path in the
 * document ({@code participants.writer.history[2]}) and what is wrong with it. Nothing was loaded
 * when this is thrown.
 */
public final class StateException extends IllegalArgumentException {

  /** Where in the document the problem is. */
  private final String path;
  /** What is wrong. */
  private final String problem;

  /**
   * @param path where in the document the problem is, dot-separated; empty for the whole document
   * @param problem what is wrong and, where it helps, how to mend it
   */
  public StateException(String path, String problem) {
    this(path, problem, null);
  }

  /** A problem at {@code path}, caused by {@code cause} (a parse error, say). */
  public StateException(String path, String problem, Throwable cause) {
    super(
        (path == null || path.isEmpty() ? "invalid state: " : "invalid state at '" + path + "': ")
            + problem,
        cause);
    this.path = path == null ? "" : path;
    this.problem = problem;
  }

  /** Where in the document the problem is; empty for the whole document. */
  public String path() {
    return path;
  }

  /** What is wrong, without the path. */
  public String problem() {
    return problem;
  }

  /** The same problem, seen from a document that holds this one under {@code prefix}. */
  public StateException within(String prefix) {
    String joined = path.isEmpty() ? prefix : path.startsWith("[") ? prefix + path : prefix + "." + path;
    return new StateException(joined, problem, getCause());
  }
}
