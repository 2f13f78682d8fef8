package dev.cadre.cli;

import static dev.cadre.cli.CadreCli.DEFAULT_STORE;
import static dev.cadre.cli.CadreCli.OK;
import static dev.cadre.cli.Options.command;
import static dev.cadre.cli.Options.option;
import static dev.cadre.cli.Options.storeOption;

import dev.cadre.agent.HumanInput;
import dev.cadre.samples.Sample;
import dev.cadre.studio.Studio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code cadre studio}: its options, and starting Cadre Studio on them. */
final class StudioCommand {

  private final Invocation invocation;
  private final boolean bundledSamples; // the samples are Samples.all(): the studio makes its own
  private final Function<Studio, Integer> serves;

  /**
   * The studio of {@code invocation}, serving until {@code serves} returns; with its own samples
   * when {@code bundledSamples}.
   */
  StudioCommand(Invocation invocation, boolean bundledSamples, Function<Studio, Integer> serves) {
    this.invocation = invocation;
    this.bundledSamples = bundledSamples;
    this.serves = serves;
  }

  /** The command's declaration: its options, its spec files, and this to run it. */
  CommandSpec spec() {
    CommandSpec studio =
        command(
            "Starts Cadre Studio, a local web page to run and watch teams (offline unless"
                + " you choose a live provider), answer their questions and approvals, and edit"
                + " specs; prints its address with the access token.",
            this::run);
    studio.addOption(option("--port", "<port>", "The port on 127.0.0.1 (default: any free one)."));
    studio.addOption(
        option("--dir", "<folder>", "A folder of spec files to list, where new specs are saved."));
    studio.addOption(storeOption());
    studio.addPositional(
        PositionalParamSpec.builder()
            .paramLabel("<spec>")
            .arity("0..*")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .description("Spec files to list besides the folder's.")
            .build());
    return studio;
  }

  private int run() throws IOException {
    String port = invocation.value("--port");
    String dir = invocation.value("--dir");
    String storeFile = invocation.value("--store");
    invocation.requireNotBlank("--store", storeFile, "the SQLite file of the durable runs");
    invocation.failOn(
        FileOptions.problem(
            "--store", storeFile == null ? DEFAULT_STORE : storeFile, DEFAULT_STORE, true));
    Studio.Builder builder =
        Studio.builder()
            .store(Path.of(storeFile == null ? DEFAULT_STORE : storeFile))
            .environment(invocation.environment)
            .samples(person -> samplesWith(person))
            .specLoader(
                file -> {
                  try {
                    return invocation.specs.load(file);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
    if (port != null) {
      try {
        builder.port(Integer.parseInt(port.strip()));
      } catch (NumberFormatException e) {
        throw invocation.usage("--port " + port + " is not a number");
      } catch (IllegalArgumentException e) {
        throw invocation.usage(e.getMessage());
      }
    }
    if (dir != null) {
      Path folder = Path.of(dir);
      if (!Files.isDirectory(folder)) {
        throw invocation.usage("--dir " + dir + ": no such folder");
      }
      builder.specDir(folder);
    }
    List<String> files = invocation.positionalValue(0);
    if (files != null) {
      for (String file : files) {
        if (!SpecSource.isSpecFile(file)) {
          throw invocation.usage("<spec> " + file + ": give spec files (.yaml, .yml, .json)");
        }
        builder.specFiles(List.of(invocation.existingSpec(file)));
      }
    }
    Studio studio;
    try {
      studio = builder.start();
    } catch (BindException e) {
      throw invocation.usage("--port " + port + ": " + e.getMessage());
    }
    try (studio) {
      invocation.out.println(
          "Cadre Studio is running (offline unless you choose a live provider in the page).");
      invocation.out.println("Open it at: " + studio.url());
      invocation.out.println(
          "The address holds the access token: do not share it. Stop with Ctrl+C.");
      invocation.out.flush();
      return serves.apply(studio);
    }
  }

  /**
   * The samples the command lists, with the studio's person where a sample asks one; the samples as
   * given when the command was made with its own list (tests).
   */
  private List<Sample> samplesWith(HumanInput person) {
    return bundledSamples ? Studio.samples(person) : invocation.samples();
  }

  /** Serves until the process ends. */
  static int serveUntilKilled(Studio studio) {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return OK;
  }
}
