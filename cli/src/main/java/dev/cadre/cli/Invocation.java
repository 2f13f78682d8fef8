package dev.cadre.cli;

import dev.cadre.event.TerminalText;
import dev.cadre.samples.Sample;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * What every command works with: the samples, the spec files, the environment and the streams, and
 * the command being run, whose values it reads and whose usage a usage error shows.
 */
final class Invocation {

  final SpecSource specs;
  final Map<String, String> environment;
  final PrintStream out;
  final PrintStream err;
  final boolean terminal;
  private final Supplier<List<Sample>> sampleSupplier;
  private List<Sample> samples; // made on first use
  private CommandLine current; // the command line of the command being run, for usage errors
  private CommandSpec spec; // the spec of the command being run, to read its values

  Invocation(
      Supplier<List<Sample>> samples,
      SpecSource specs,
      Map<String, String> environment,
      PrintStream out,
      PrintStream err,
      boolean terminal) {
    this.sampleSupplier = Objects.requireNonNull(samples, "samples");
    this.specs = Objects.requireNonNull(specs, "specs");
    this.environment = Map.copyOf(environment);
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.terminal = terminal;
  }

  /** Makes {@code line} the command being run: its values are read, its usage is shown. */
  void running(CommandLine line) {
    current = line;
    spec = line.getCommandSpec();
  }

  /** The command line of the command being run. */
  CommandLine current() {
    return current;
  }

  /** The value of the command's {@code option}, or null when it was not given. */
  String value(String option) {
    return spec.findOption(option).getValue();
  }

  /** The value of the command's positional parameter at {@code index}. */
  <T> T positionalValue(int index) {
    return spec.positionalParameters().get(index).getValue();
  }

  /** A usage error of the command being run: one line saying {@code message}, then its usage. */
  ParameterException usage(String message) {
    return new ParameterException(current, message);
  }

  /** A usage error when {@code value} is given but blank; {@code what} says what to give. */
  void requireNotBlank(String option, String value, String what) {
    if (value != null && value.isBlank()) {
      throw usage(option + " is blank: give " + what);
    }
  }

  /** A usage error saying {@code problem}, if there is one. */
  void failOn(String problem) {
    if (problem != null) {
      throw usage(problem);
    }
  }

  /** The samples, made on first use. */
  List<Sample> samples() {
    if (samples == null) {
      samples = List.copyOf(sampleSupplier.get());
    }
    return samples;
  }

  /**
   * The team {@code argument} names: a sample, or a spec file read by {@link SpecSource}; a usage
   * error naming the argument when it is neither.
   */
  Sample team(String argument) throws IOException {
    if (SpecSource.isSpecFile(argument)) {
      return specs.load(existingSpec(argument));
    }
    return samples().stream()
        .filter(s -> s.name().equals(argument))
        .findFirst()
        .orElseThrow(
            () ->
                usage(
                    "unknown sample '"
                        + argument
                        + "'; choose one of "
                        + names()
                        + ", or give a spec file (.yaml, .yml, .json)"));
  }

  /** The spec file {@code argument} names, which must exist: a usage error otherwise. */
  Path existingSpec(String argument) {
    Path file;
    try {
      file = Path.of(argument);
    } catch (InvalidPathException e) {
      throw usage("spec file " + argument + " is not a valid path: " + e.getReason());
    }
    if (!Files.isRegularFile(file)) {
      throw usage("no spec file at " + argument);
    }
    return file;
  }

  /** The {@code --store} file (or the default), which must exist: a usage error otherwise. */
  Path existingStore() {
    String value = value("--store");
    requireNotBlank("--store", value, "the SQLite file of the durable runs");
    String name = value == null ? CadreCli.DEFAULT_STORE : value;
    failOn(FileOptions.problem("--store", name, CadreCli.DEFAULT_STORE, true));
    Path file = Path.of(name);
    if (!Files.exists(file)) {
      throw usage(
          "--store "
              + name
              + ": no run store there; give the file the runs were started on with --store <file>");
    }
    return file;
  }

  private String names() {
    return samples().stream().map(Sample::name).collect(Collectors.joining(", "));
  }

  /** An exception's message for the terminal: it can quote a model's reply, so it is cleaned. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getName()
        : TerminalText.clean(message);
  }
}
