package dev.cadre.code;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Code to run: its language and its text, as a model wrote it in a fenced block. The text is never
 * spliced into a command line: an executor writes it to a file and runs the interpreter on that
 * file.
 *
 * @param language what runs it
 * @param code the program's text, at most {@link #MAX_BYTES} bytes in UTF-8
 */
public record CodeBlock(CodeLanguage language, String code) {

  /** The largest program accepted: a model that writes more is told so instead. */
  public static final int MAX_BYTES = 256 * 1024;

  /** Checks the components. */
  public CodeBlock {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(code, "code");
    int bytes = code.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "the "
              + language.name().toLowerCase(java.util.Locale.ROOT)
              + " block is "
              + bytes
              + " bytes; at most "
              + MAX_BYTES
              + " are run");
    }
  }

  /** A Python block. */
  public static CodeBlock python(String code) {
    return new CodeBlock(CodeLanguage.PYTHON, code);
  }

  /** A POSIX shell block. */
  public static CodeBlock sh(String code) {
    return new CodeBlock(CodeLanguage.SH, code);
  }

  /** A single-file Java program. */
  public static CodeBlock java(String code) {
    return new CodeBlock(CodeLanguage.JAVA, code);
  }
}
