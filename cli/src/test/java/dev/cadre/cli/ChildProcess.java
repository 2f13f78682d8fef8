package dev.cadre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command run as a process of its own, offline whatever this machine's environment says. */
final class ChildProcess {

  /** How it ended: exit code, what it printed, and how long it took. */
  record Ran(int code, String out, String err, long millis) {}

  private ChildProcess() {}

  /**
   * Runs {@code command} in {@code dir} with the model settings of the environment removed and
   * {@code environment} added; waits up to {@code seconds}.
   */
  static Ran run(List<String> command, Map<String, String> environment, Path dir, long seconds)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(name -> name.startsWith("CADRE_") || name.endsWith("_API_KEY"));
    builder.environment().putAll(environment);
    long start = System.nanoTime();
    Process process = builder.start();
    assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("the command ended").isTrue();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    return new Ran(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        millis);
  }
}
