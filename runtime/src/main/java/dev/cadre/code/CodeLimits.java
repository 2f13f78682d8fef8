package dev.cadre.code;

import java.time.Duration;
import java.util.Objects;

/**
 * What one block may use. An executor enforces what its isolation allows: the sandboxes enforce
 * all of them, the unsandboxed executor only the time and output limits (and the rest where
 * {@code prlimit} exists).
 *
 * @param timeout wall-clock time before every process of the block is killed
 * @param maxOutputBytes bytes kept of stdout and of stderr, each; the rest is dropped and the
 *     result says it was cut
 * @param memoryBytes the data size of each process (RLIMIT_DATA; the container's memory in Docker)
 * @param maxProcesses processes and threads the block may have at once
 * @param maxFileBytes the largest file the block may write, its stdout and stderr included: a block
 *     that prints more is stopped there, its output cut
 */
public record CodeLimits(
    Duration timeout, int maxOutputBytes, long memoryBytes, int maxProcesses, long maxFileBytes) {

  /** 30 seconds, 64 KiB of output per stream, 1 GiB of memory, 128 processes, 64 MiB files. */
  public static final CodeLimits DEFAULT =
      new CodeLimits(Duration.ofSeconds(30), 64 * 1024, 1L << 30, 128, 64L << 20);

  /** Checks that every limit is positive. */
  public CodeLimits {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("code limits: timeout must be positive, was " + timeout);
    }
    positive("maxOutputBytes", maxOutputBytes);
    positive("memoryBytes", memoryBytes);
    positive("maxProcesses", maxProcesses);
    positive("maxFileBytes", maxFileBytes);
  }

  /** These limits with another timeout. */
  public CodeLimits withTimeout(Duration timeout) {
    return new CodeLimits(timeout, maxOutputBytes, memoryBytes, maxProcesses, maxFileBytes);
  }

  /** These limits with another output limit. */
  public CodeLimits withMaxOutputBytes(int maxOutputBytes) {
    return new CodeLimits(timeout, maxOutputBytes, memoryBytes, maxProcesses, maxFileBytes);
  }

  /** These limits with another memory limit. */
  public CodeLimits withMemoryBytes(long memoryBytes) {
    return new CodeLimits(timeout, maxOutputBytes, memoryBytes, maxProcesses, maxFileBytes);
  }

  /** These limits with another process limit. */
  public CodeLimits withMaxProcesses(int maxProcesses) {
    return new CodeLimits(timeout, maxOutputBytes, memoryBytes, maxProcesses, maxFileBytes);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          "code limits: " + name + " must be positive, was " + value);
    }
  }
}
