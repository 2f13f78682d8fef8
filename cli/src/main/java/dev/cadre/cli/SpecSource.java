package dev.cadre.cli;

import dev.cadre.samples.Sample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the command gets teams written down as YAML or JSON spec files: {@link SpecFiles} in the
 * command, another source in tests. A spec's team is run, drawn and resumed like a sample.
 */
interface SpecSource {

  /**
   * The problems of the spec in {@code file}, one line each (with its {@code [Cadre/...]} tag and
   * its file, line and column); empty when the spec is valid.
   *
   * @throws IOException if the file cannot be read
   */
  List<String> validate(Path file) throws IOException;

  /**
   * The team of the spec in {@code file}, as the command runs it.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming the problems, if the spec is not valid
   */
  Sample load(Path file) throws IOException;

  /** Whether {@code argument} names a spec file rather than a sample: by its extension. */
  static boolean isSpecFile(String argument) {
    String name = argument.toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }
}
