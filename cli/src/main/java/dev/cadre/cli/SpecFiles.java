package dev.cadre.cli;

import dev.cadre.samples.Sample;
import java.nio.file.Path;
import java.util.List;

/**
 * The command's spec files: the one place that calls the spec module (YAML/JSON team specs, its
 * loader and its graph rules). Until that module is part of the build, a spec file is refused with
 * one line naming it.
 */
final class SpecFiles implements SpecSource {

  static final SpecFiles INSTANCE = new SpecFiles();

  private SpecFiles() {}

  @Override
  public List<String> validate(Path file) {
    throw unavailable(file);
  }

  @Override
  public Sample load(Path file) {
    throw unavailable(file);
  }

  private static UnsupportedOperationException unavailable(Path file) {
    return new UnsupportedOperationException(
        "cannot read the spec file "
            + file
            + ": this build of cadre has no spec loader (module cadre-spec)");
  }
}
