package dev.cadre.cli;

import static dev.cadre.cli.Options.addDurableOptions;
import static dev.cadre.cli.Options.command;
import static dev.cadre.cli.Options.modelOption;
import static dev.cadre.cli.Options.option;
import static dev.cadre.cli.Options.positional;
import static dev.cadre.cli.Options.storeOption;
import static dev.cadre.cli.Options.teamParameter;
import static dev.cadre.cli.Options.traceOption;

import dev.cadre.samples.Sample;
import dev.cadre.samples.Samples;
import dev.cadre.studio.Studio;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code cadre} command: {@code list}, {@code run <sample|spec>}, {@code graph}, {@code
 * validate}, the durable runs' {@code runs}, {@code resume} and {@code answer}, and {@code studio}
 * (the local web UI). Exit codes: 0 when the command did its work, 1 when a run failed (or its
 * report could not be written, or a spec has problems), 2 for a usage error, which is one line
 * naming the option or argument.
 *
 * <p>The commands are declared with picocli's programmatic API rather than its annotations: no
 * annotation processor to configure, and no reflection over this class. Nothing is built before a
 * command needs it: {@code list} and {@code --help} build no team and no model.
 */
public final class CadreCli {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  /** Where durable runs go when {@code --store} is not given, in the working directory. */
  static final String DEFAULT_STORE = "cadre-runs.db";

  /** The name an offline run keeps its replay script's position under, in each snapshot. */
  static final String REPLAY = "replay";

  /** The option that turns on debug logging; read before anything logs. */
  static final String VERBOSE = "--verbose";

  /** slf4j-simple's level property; a system property wins over simplelogger.properties. */
  static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  private final Invocation invocation;
  private boolean bundledSamples; // the samples are Samples.all(): the studio makes its own

  /** Until when {@code cadre studio} serves: the process's end, unless a test says otherwise. */
  private Function<Studio, Integer> studioServes = StudioCommand::serveUntilKilled;

  /**
   * A command line over {@code samples} and spec files from {@code specs}, reading the model
   * settings and {@code NO_COLOR} from {@code environment}; colour and animation only when {@code
   * terminal}.
   */
  CadreCli(
      Supplier<List<Sample>> samples,
      SpecSource specs,
      Map<String, String> environment,
      PrintStream out,
      PrintStream err,
      boolean terminal) {
    this.invocation = new Invocation(samples, specs, environment, out, err, terminal);
  }

  /** A command line over {@code samples}, without spec files. */
  CadreCli(
      List<Sample> samples,
      Map<String, String> environment,
      PrintStream out,
      PrintStream err,
      boolean terminal) {
    this(() -> samples, SpecFiles.INSTANCE, environment, out, err, terminal);
  }

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    configureLogging(args);
    System.exit(execute(args));
  }

  /** Runs the command line on this process's environment and streams; returns the exit code. */
  public static int execute(String... args) {
    CadreCli cli =
        new CadreCli(
            Samples::all,
            SpecFiles.INSTANCE,
            System.getenv(),
            System.out,
            System.err,
            System.console() != null);
    cli.bundledSamples = true;
    return cli.run(args);
  }

  /**
   * Sets the log level before the first logger is made: warnings and errors only, everything with
   * {@code --verbose}, unless the level was set on the JVM's command line.
   */
  static void configureLogging(String... args) {
    for (String arg : args) {
      if (arg.equals("--")) {
        break;
      }
      if (arg.equals(VERBOSE) && System.getProperty(LOG_LEVEL) == null) {
        System.setProperty(LOG_LEVEL, "debug");
      }
    }
  }

  /** Parses {@code args} and runs the command; returns the exit code. */
  int run(String... args) {
    CommandLine line = commandLine();
    try {
      return line.execute(args);
    } finally {
      line.getOut().flush();
      line.getErr().flush();
    }
  }

  /** Serves with {@code serves} instead of until the process ends: for tests. */
  CadreCli studioServes(Function<Studio, Integer> serves) {
    this.studioServes = Objects.requireNonNull(serves, "serves");
    return this;
  }

  /** The commands, their options and usage, and how errors become exit codes. */
  private CommandLine commandLine() {
    TeamCommands teams = new TeamCommands(invocation);
    RunCommands runCommands = new RunCommands(invocation);
    StudioCommand studio = new StudioCommand(invocation, bundledSamples, studioServes);
    CommandSpec root =
        command(
            "Runs Cadre teams (the bundled samples, or teams written as YAML or JSON spec files),"
                + " offline or on a live model, and looks after their durable runs.",
            () -> {
              throw invocation.usage(
                  "say which command to run: list, run, graph, validate, runs, resume, answer or"
                      + " studio");
            });
    root.name("cadre").version("cadre 0.1.0");

    CommandSpec list = command("Lists the samples.", teams::list);

    CommandSpec run =
        command(
            "Runs a sample or a spec file's team, offline on its replay script unless a live"
                + " provider is configured (CADRE_PROVIDER, CADRE_API_KEY, OPENAI_API_KEY,"
                + " ANTHROPIC_API_KEY, ...).",
            runCommands::run);
    run.addPositional(teamParameter("The sample (see list) or spec file (.yaml, .yml, .json)."));
    run.addOption(option("--task", "<task>", "The task to give it; the sample's own by default."));
    run.addOption(modelOption());
    run.addOption(traceOption());
    run.addOption(
        option(
            "--store",
            "<file>",
            "Run durably on this SQLite file, printing the run id that resume and answer take."));

    CommandSpec graph = command("Prints a team's graph as a Mermaid flowchart.", teams::graph);
    graph.addPositional(teamParameter("The sample (see list) or spec file."));

    CommandSpec validate =
        command(
            "Checks a spec file with the graph rules of the DSL and the processor: prints each"
                + " finding and exits with 1, or prints ok.",
            teams::validate);
    validate.addPositional(positional("<spec>", "The spec file (.yaml, .yml, .json)."));

    CommandSpec runs =
        command(
            "Lists the durable runs of a store: running, paused, finished or failed.",
            runCommands::runs);
    runs.addOption(storeOption());

    CommandSpec resume =
        command(
            "Carries a durable run on from its last committed step; a finished run is shown,"
                + " not run again.",
            () -> runCommands.resume(false));
    resume.addPositional(positional("<runId>", "The run, as run printed it."));
    addDurableOptions(resume);

    CommandSpec answer =
        command(
            "Answers the question a durable run paused on, and carries it on.",
            () -> runCommands.resume(true));
    answer.addPositional(positional("<runId>", "The run waiting for an answer."));
    answer.addPositional(positional("<text>", "The answer."));
    addDurableOptions(answer);

    CommandLine line = new CommandLine(root);
    line.addSubcommand("list", new CommandLine(list));
    line.addSubcommand("run", new CommandLine(run));
    line.addSubcommand("graph", new CommandLine(graph));
    line.addSubcommand("validate", new CommandLine(validate));
    line.addSubcommand("runs", new CommandLine(runs));
    line.addSubcommand("resume", new CommandLine(resume));
    line.addSubcommand("answer", new CommandLine(answer));
    line.addSubcommand("studio", new CommandLine(studio.spec()));
    invocation.running(line);

    boolean colour = invocation.terminal && isBlank(invocation.environment.get("NO_COLOR"));
    line.setColorScheme(Help.defaultColorScheme(colour ? Help.Ansi.ON : Help.Ansi.OFF));
    line.setOut(new PrintWriter(invocation.out, true, StandardCharsets.UTF_8));
    line.setErr(new PrintWriter(invocation.err, true, StandardCharsets.UTF_8));
    line.setExecutionStrategy(
        parsed -> {
          // The innermost command is the one that runs: its values and its usage.
          CommandLine chosen =
              parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
          invocation.running(chosen);
          return new CommandLine.RunLast().execute(parsed);
        });
    line.setParameterExceptionHandler(
        (ex, args) -> {
          // One line naming what is wrong, then the usage of the command that was misused.
          CommandLine misused = ex.getCommandLine();
          misused.getErr().println("error: " + ex.getMessage());
          misused.usage(misused.getErr(), misused.getColorScheme());
          return USAGE;
        });
    line.setExecutionExceptionHandler(
        (ex, misused, parseResult) -> {
          if (ex instanceof UnsupportedOperationException) {
            misused.getErr().println("error: " + Invocation.describe(ex));
            return USAGE;
          }
          misused.getErr().println("error: " + Invocation.describe(ex));
          return FAILED;
        });
    return line;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isEmpty();
  }
}
