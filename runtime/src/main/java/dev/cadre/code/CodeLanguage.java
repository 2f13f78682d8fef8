package dev.cadre.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A language a {@link CodeExecutor} runs: what a fenced block's tag means, the file its code is
 * written to, and the interpreter that runs the file.
 */
public enum CodeLanguage {
  /** Python 3, run by {@code python3}. */
  PYTHON("py", "python3"),
  /** A POSIX shell script, run by {@code sh}. */
  SH("sh", "sh"),
  /** A bash script, run by {@code bash}. */
  BASH("sh", "bash"),
  /** A single-file Java program, run by the {@code java} source launcher (JEP 330). */
  JAVA("java", "java");

  private final String extension;
  private final String interpreter;

  CodeLanguage(String extension, String interpreter) {
    this.extension = extension;
    this.interpreter = interpreter;
  }

  /** The file name extension of a block's file, without the dot. */
  public String extension() {
    return extension;
  }

  /** The program that runs a block's file, looked up on the executor's {@code PATH}. */
  public String interpreter() {
    return interpreter;
  }

  /**
   * The arguments that run {@code file}: the interpreter, its options, the file.
   *
   * @param javaLauncher the {@code java} program to use for Java blocks
   */
  List<String> command(String file, CodeLimits limits, String javaLauncher) {
    List<String> command = new ArrayList<>();
    if (this == JAVA) {
      // Half the data limit for the heap leaves room for the JVM's own memory, so a program that
      // wants too much gets an OutOfMemoryError it can read rather than a crashed JVM.
      long heapMiB = Math.max(32, limits.memoryBytes() / 2 / (1 << 20));
      command.addAll(
          List.of(
              javaLauncher,
              "-Xmx" + heapMiB + "m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-XX:-UsePerfData",
              "-Xshare:auto"));
    } else {
      command.add(interpreter);
    }
    command.add(file);
    return command;
  }

  /**
   * The language a fenced block's tag names ({@code python}, {@code py}, {@code sh}, {@code
   * shell}, {@code bash}, {@code java}; case ignored), or empty for any other tag.
   */
  public static Optional<CodeLanguage> fromTag(String tag) {
    if (tag == null) {
      return Optional.empty();
    }
    switch (tag.strip().toLowerCase(Locale.ROOT)) {
      case "python":
      case "python3":
      case "py":
        return Optional.of(PYTHON);
      case "sh":
      case "shell":
        return Optional.of(SH);
      case "bash":
        return Optional.of(BASH);
      case "java":
        return Optional.of(JAVA);
      default:
        return Optional.empty();
    }
  }
}
