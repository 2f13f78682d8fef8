package dev.cadre.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** How the command's commands, options and parameters are declared, with their help texts. */
final class Options {

  private Options() {}

  static CommandSpec command(String description, Callable<Integer> body) {
    CommandSpec command = CommandSpec.wrapWithoutInspection(body);
    command.mixinStandardHelpOptions(true);
    command.usageMessage().description(description);
    command.addOption(
        OptionSpec.builder(CadreCli.VERBOSE)
            .arity("0")
            .type(boolean.class)
            .description("Log everything (debug); warnings and errors only by default.")
            .build());
    return command;
  }

  static OptionSpec option(String name, String label, String description) {
    return OptionSpec.builder(name)
        .paramLabel(label)
        .type(String.class)
        .description(description)
        .build();
  }

  static PositionalParamSpec positional(String label, String description) {
    return PositionalParamSpec.builder()
        .paramLabel(label)
        .arity("1")
        .required(true)
        .type(String.class)
        .description(description)
        .build();
  }

  static PositionalParamSpec teamParameter(String description) {
    return positional("<sample|spec>", description);
  }

  static OptionSpec modelOption() {
    return option(
        "--model",
        "<model>",
        "The model id for the live provider (overrides CADRE_MODEL); unused offline.");
  }

  static OptionSpec traceOption() {
    return option(
        "--trace",
        "<report.html>",
        "Write a self-contained HTML report of the run (timeline, transcript, tokens, the team's"
            + " graph) to this file; it is written even when the run fails.");
  }

  static OptionSpec storeOption() {
    return option(
        "--store",
        "<file>",
        "The SQLite file of the durable runs (default: " + CadreCli.DEFAULT_STORE + ").");
  }

  static void addDurableOptions(CommandSpec command) {
    command.addOption(storeOption());
    command.addOption(
        option(
            "--team",
            "<sample|spec>",
            "The run's team, for a run this command did not start; known otherwise."));
    command.addOption(modelOption());
    command.addOption(traceOption());
  }
}
