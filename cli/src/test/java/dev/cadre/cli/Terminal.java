package dev.cadre.cli;

import dev.cadre.samples.Sample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The streams a test runs the command on (not a terminal: no colour), and what it printed. */
final class Terminal {

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Runs the command over {@code samples} and {@code specs}; returns its exit code. */
  int run(
      Supplier<List<Sample>> samples,
      SpecSource specs,
      Map<String, String> environment,
      String... args) {
    return new CadreCli(
            samples,
            specs,
            environment,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false)
        .run(args);
  }

  /** Runs the command over {@code samples}, without spec files. */
  int run(List<Sample> samples, Map<String, String> environment, String... args) {
    return run(() -> samples, SpecFiles.INSTANCE, environment, args);
  }

  /** Forgets what was printed. */
  void reset() {
    out.reset();
    err.reset();
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  String firstErrorLine() {
    return err().lines().findFirst().orElse("");
  }
}
