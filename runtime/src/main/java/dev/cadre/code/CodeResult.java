package dev.cadre.code;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What running one block gave.
 *
 * @param exitCode the interpreter's exit status; 128 + the signal when a signal ended it, and
 *     {@link #TIMEOUT_EXIT_CODE} when the time limit did
 * @param stdout what it printed, at most the limit's bytes
 * @param stderr what it printed as errors, at most the limit's bytes
 * @param filesCreated files in the working directory that are new or changed, relative to it, in
 *     name order (the block's own source file left out)
 * @param timedOut whether the time limit killed it
 * @param outputCut whether stdout or stderr went over the limit and was cut
 * @param elapsed wall-clock time from start to the last process's end
 */
public record CodeResult(
    int exitCode,
    String stdout,
    String stderr,
    List<String> filesCreated,
    boolean timedOut,
    boolean outputCut,
    Duration elapsed) {

  /** The exit code of a block the time limit killed, as {@code timeout(1)} reports it. */
  public static final int TIMEOUT_EXIT_CODE = 124;

  /** Checks and copies the components. */
  public CodeResult {
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    filesCreated = List.copyOf(filesCreated);
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** Whether it ran to the end and exited with 0. */
  public boolean succeeded() {
    return exitCode == 0 && !timedOut;
  }

  /**
   * Stdout then stderr, as a model reads them, with a line saying so when the time limit killed
   * the block or its output was cut.
   */
  public String output() {
    StringBuilder text = new StringBuilder(stdout);
    if (!stderr.isEmpty()) {
      if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
        text.append('\n');
      }
      text.append(stderr);
    }
    if (outputCut) {
      appendLine(text, "[output cut: it went over the output limit]");
    }
    if (timedOut) {
      appendLine(text, "[timed out after " + elapsed.toMillis() + " ms: the time limit killed it]");
    }
    return text.toString();
  }

  private static void appendLine(StringBuilder text, String line) {
    if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
      text.append('\n');
    }
    text.append(line);
  }
}
