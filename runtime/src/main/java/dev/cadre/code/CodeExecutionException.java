package dev.cadre.code;

/**
 * A block could not be run at all: the sandbox or the interpreter is missing, or the working
 * directory cannot be used. The message says what is missing and how to mend it.
 */
public class CodeExecutionException extends RuntimeException {

  /** With the message that says what went wrong and how to mend it. */
  public CodeExecutionException(String message) {
    super(message);
  }

  /** With the message and the cause. */
  public CodeExecutionException(String message, Throwable cause) {
    super(message, cause);
  }
}
