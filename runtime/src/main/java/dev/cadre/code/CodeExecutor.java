package dev.cadre.code;

import dev.cadre.core.CancellationToken;

/**
 * Runs code blocks in a working directory, within {@link CodeLimits}. Blocks run one after another
 * in the same directory, so a file one writes is there for the next. Get one from {@link
 * CodeExecutors}: the bubblewrap sandbox on Linux, Docker, or, by explicit choice, no sandbox.
 *
 * <p>An executor that made its working directory deletes it on {@link #close()}.
 */
public interface CodeExecutor extends AutoCloseable {

  /** A short name for messages and logs: {@code bubblewrap}, {@code docker}, {@code local}. */
  String name();

  /** The directory blocks run in, as the host sees it. */
  java.nio.file.Path workingDirectory();

  /** The limits each block runs under. */
  CodeLimits limits();

  /**
   * Runs {@code block} and waits for it; every process it started has ended when this returns.
   * Cancelling {@code cancellation} kills the block as the time limit does.
   *
   * @throws CodeExecutionException when the block could not be started (the interpreter or the
   *     sandbox is missing, the working directory is unwritable); what the code itself does, its
   *     failures included, is in the result
   */
  CodeResult execute(CodeBlock block, CancellationToken cancellation);

  /** Runs {@code block} with no way to cancel it but the time limit. */
  default CodeResult execute(CodeBlock block) {
    return execute(block, CancellationToken.none());
  }

  /** Deletes the working directory if this executor made it. */
  @Override
  void close();
}
