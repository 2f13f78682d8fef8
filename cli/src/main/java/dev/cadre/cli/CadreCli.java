package dev.cadre.cli;

import static dev.cadre.cli.Options.addDurableOptions;
import static dev.cadre.cli.Options.command;
import static dev.cadre.cli.Options.modelOption;
import static dev.cadre.cli.Options.option;
import static dev.cadre.cli.Options.positional;
import static dev.cadre.cli.Options.storeOption;
import static dev.cadre.cli.Options.teamParameter;
import static dev.cadre.cli.Options.traceOption;

import dev.cadre.agent.Question;
import dev.cadre.event.TerminalText;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ModelConfig;
import dev.cadre.present.Console;
import dev.cadre.present.RunReport;
import dev.cadre.samples.Sample;
import dev.cadre.samples.Samples;
import dev.cadre.state.Stateful;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.studio.RunIndex;
import dev.cadre.studio.Studio;
import dev.cadre.team.RunStatus;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.TeamRunException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

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

  private final Supplier<List<Sample>> sampleSupplier;
  private final SpecSource specs;
  private final Map<String, String> environment;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;
  private List<Sample> samples; // made on first use
  private boolean bundledSamples; // the samples are Samples.all(): the studio makes its own
  private CommandLine current; // the command line of the command being run, for usage errors
  private CommandSpec spec; // the spec of the command being run, to read its values

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
    this.sampleSupplier = Objects.requireNonNull(samples, "samples");
    this.specs = Objects.requireNonNull(specs, "specs");
    this.environment = Map.copyOf(environment);
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.terminal = terminal;
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

  private CommandLine commandLine() {
    CommandSpec root =
        command(
            "Runs Cadre teams (the bundled samples, or teams written as YAML or JSON spec files),"
                + " offline or on a live model, and looks after their durable runs.",
            () -> {
              throw usage(
                  "say which command to run: list, run, graph, validate, runs, resume, answer or"
                      + " studio");
            });
    root.name("cadre").version("cadre 0.1.0");

    CommandSpec list = command("Lists the samples.", this::list);

    CommandSpec run =
        command(
            "Runs a sample or a spec file's team, offline on its replay script unless a live"
                + " provider is configured (CADRE_PROVIDER, CADRE_API_KEY, OPENAI_API_KEY,"
                + " ANTHROPIC_API_KEY, ...).",
            this::runTeam);
    run.addPositional(teamParameter("The sample (see list) or spec file (.yaml, .yml, .json)."));
    run.addOption(option("--task", "<task>", "The task to give it; the sample's own by default."));
    run.addOption(modelOption());
    run.addOption(traceOption());
    run.addOption(
        option(
            "--store",
            "<file>",
            "Run durably on this SQLite file, printing the run id that resume and answer take."));

    CommandSpec graph = command("Prints a team's graph as a Mermaid flowchart.", this::graph);
    graph.addPositional(teamParameter("The sample (see list) or spec file."));

    CommandSpec validate =
        command(
            "Checks a spec file with the graph rules of the DSL and the processor: prints each"
                + " finding and exits with 1, or prints ok.",
            this::validate);
    validate.addPositional(positional("<spec>", "The spec file (.yaml, .yml, .json)."));

    CommandSpec runs =
        command(
            "Lists the durable runs of a store: running, paused, finished or failed.", this::runs);
    runs.addOption(storeOption());

    CommandSpec resume =
        command(
            "Carries a durable run on from its last committed step; a finished run is shown,"
                + " not run again.",
            () -> resumeRun(false));
    resume.addPositional(positional("<runId>", "The run, as run printed it."));
    addDurableOptions(resume);

    CommandSpec answer =
        command(
            "Answers the question a durable run paused on, and carries it on.",
            () -> resumeRun(true));
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
    line.addSubcommand("studio", new CommandLine(studioCommand()));
    current = line;

    boolean colour = terminal && isBlank(environment.get("NO_COLOR"));
    line.setColorScheme(Help.defaultColorScheme(colour ? Help.Ansi.ON : Help.Ansi.OFF));
    line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    line.setExecutionStrategy(
        parsed -> {
          // The innermost command is the one that runs: its values and its usage.
          CommandLine chosen =
              parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
          current = chosen;
          spec = chosen.getCommandSpec();
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
            misused.getErr().println("error: " + describe(ex));
            return USAGE;
          }
          misused.getErr().println("error: " + describe(ex));
          return FAILED;
        });
    return line;
  }

  private CommandSpec studioCommand() {
    CommandSpec studio =
        command(
            "Starts Cadre Studio, a local web page to run and watch teams (offline unless"
                + " you choose a live provider), answer their questions and approvals, and edit"
                + " specs; prints its address with the access token.",
            this::studio);
    studio.addOption(option("--port", "<port>", "The port on 127.0.0.1 (default: any free one)."));
    studio.addOption(
        option("--dir", "<folder>", "A folder of spec files to list, where new specs are saved."));
    studio.addOption(storeOption());
    studio.addPositional(
        picocli.CommandLine.Model.PositionalParamSpec.builder()
            .paramLabel("<spec>")
            .arity("0..*")
            .type(List.class)
            .auxiliaryTypes(String.class)
            .description("Spec files to list besides the folder's.")
            .build());
    return studio;
  }

  /** Until when {@code cadre studio} serves: the process's end, unless a test says otherwise. */
  private Function<Studio, Integer> studioServes = CadreCli::serveUntilKilled;

  /** Serves with {@code serves} instead of until the process ends: for tests. */
  CadreCli studioServes(Function<Studio, Integer> serves) {
    this.studioServes = Objects.requireNonNull(serves, "serves");
    return this;
  }

  private int studio() throws IOException {
    String port = value("--port");
    String dir = value("--dir");
    String storeFile = value("--store");
    requireNotBlank("--store", storeFile, "the SQLite file of the durable runs");
    failOn(
        FileOptions.problem(
            "--store", storeFile == null ? DEFAULT_STORE : storeFile, DEFAULT_STORE, true));
    Studio.Builder builder =
        Studio.builder()
            .store(Path.of(storeFile == null ? DEFAULT_STORE : storeFile))
            .environment(environment)
            .samples(person -> samplesWith(person))
            .specLoader(
                file -> {
                  try {
                    return specs.load(file);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
    if (port != null) {
      try {
        builder.port(Integer.parseInt(port.strip()));
      } catch (NumberFormatException e) {
        throw usage("--port " + port + " is not a number");
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
    }
    if (dir != null) {
      Path folder = Path.of(dir);
      if (!Files.isDirectory(folder)) {
        throw usage("--dir " + dir + ": no such folder");
      }
      builder.specDir(folder);
    }
    List<String> files = spec.positionalParameters().get(0).getValue();
    if (files != null) {
      for (String file : files) {
        if (!SpecSource.isSpecFile(file)) {
          throw usage("<spec> " + file + ": give spec files (.yaml, .yml, .json)");
        }
        builder.specFiles(List.of(existingSpec(file)));
      }
    }
    Studio studio;
    try {
      studio = builder.start();
    } catch (java.net.BindException e) {
      throw usage("--port " + port + ": " + e.getMessage());
    }
    try (studio) {
      out.println(
          "Cadre Studio is running (offline unless you choose a live provider in the page).");
      out.println("Open it at: " + studio.url());
      out.println("The address holds the access token: do not share it. Stop with Ctrl+C.");
      out.flush();
      return studioServes.apply(studio);
    }
  }

  /**
   * The samples the command lists, with the studio's person where a sample asks one; the samples
   * as given when the command was made with its own list (tests).
   */
  private List<Sample> samplesWith(dev.cadre.agent.HumanInput person) {
    return bundledSamples ? Studio.samples(person) : samples();
  }

  private static int serveUntilKilled(Studio studio) {
    try {
      new java.util.concurrent.CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return OK;
  }

  private String value(String option) {
    return spec.findOption(option).getValue();
  }

  private String positionalValue(int index) {
    return spec.positionalParameters().get(index).getValue();
  }

  private ParameterException usage(String message) {
    return new ParameterException(current, message);
  }

  private List<Sample> samples() {
    if (samples == null) {
      samples = List.copyOf(sampleSupplier.get());
    }
    return samples;
  }

  private int list() {
    List<Sample> all = samples();
    int width = all.stream().mapToInt(s -> s.name().length()).max().orElse(0);
    for (Sample sample : all) {
      out.printf("%-" + width + "s  %s%n", sample.name(), sample.description());
    }
    out.flush();
    return OK;
  }

  /**
   * The team {@code argument} names: a sample, or a spec file read by {@link SpecSource}; a usage
   * error naming the argument when it is neither.
   */
  private Sample team(String argument) throws IOException {
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

  private Path existingSpec(String argument) {
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

  private int graph() throws IOException {
    Sample sample = team(positionalValue(0));
    String diagram = sample.diagram();
    if (diagram == null) {
      err.println("error: '" + sample.name() + "' has no graph to draw");
      return FAILED;
    }
    out.print(diagram.endsWith("\n") ? diagram : diagram + "\n");
    out.flush();
    return OK;
  }

  private int validate() throws IOException {
    String argument = positionalValue(0);
    if (!SpecSource.isSpecFile(argument)) {
      throw usage(
          "<spec> "
              + argument
              + ": validate checks spec files (.yaml, .yml, .json); a sample is checked when it is"
              + " built");
    }
    List<String> findings = specs.validate(existingSpec(argument));
    if (findings.isEmpty()) {
      out.println("ok");
      return OK;
    }
    findings.forEach(finding -> out.println(TerminalText.clean(finding)));
    return FAILED;
  }

  private int runs() {
    Path file = existingStore();
    try (RunIndex index = RunIndex.open(file);
        CheckpointStore store = SqliteCheckpointStore.open(file)) {
      Map<String, String> teams = index.all();
      List<String> ids = store.runs();
      if (ids.isEmpty()) {
        out.println("no runs in " + file);
        return OK;
      }
      int width = ids.stream().mapToInt(String::length).max().orElse(0);
      for (String id : ids) {
        String status =
            RunStatus.of(store, id)
                .map(s -> s.name().toLowerCase(java.util.Locale.ROOT))
                .orElse("unknown");
        out.printf(
            "%-" + width + "s  %-8s  %s%n",
            TerminalText.clean(id),
            status,
            TerminalText.clean(teams.getOrDefault(id, "-")));
      }
      return OK;
    } catch (SQLException e) {
      throw usage("--store " + file + ": cannot read its runs: " + e.getMessage());
    }
  }

  /** The {@code --store} file (or the default), which must exist: a usage error otherwise. */
  private Path existingStore() {
    String value = value("--store");
    requireNotBlank("--store", value, "the SQLite file of the durable runs");
    String name = value == null ? DEFAULT_STORE : value;
    failOn(FileOptions.problem("--store", name, DEFAULT_STORE, true));
    Path file = Path.of(name);
    if (!Files.exists(file)) {
      throw usage(
          "--store "
              + name
              + ": no run store there; give the file the runs were started on with --store <file>");
    }
    return file;
  }

  private int runTeam() throws IOException {
    String name = positionalValue(0);
    String task = value("--task");
    String trace = value("--trace");
    String storeFile = value("--store");
    requireNotBlank("--store", storeFile, "the SQLite file of the durable runs");
    requireNotBlank("--trace", trace, "the HTML file to write the report to");
    Sample sample = team(name);
    // Before the run, so that a bad path costs nothing and makes no directory.
    if (storeFile != null) {
      failOn(FileOptions.problem("--store", storeFile, DEFAULT_STORE, true));
    }
    if (trace != null) {
      failOn(FileOptions.problem("--trace", trace, "report.html", false));
    }
    ModelConfig config = modelConfig();
    if (task != null && config.offline() && config.replayFile() == null) {
      err.println(
          "note: no live provider is configured, so --task is shown but not answered: '"
              + sample.name()
              + "' replies from its replay script, written for its own task (set CADRE_PROVIDER"
              + " and its API key to run live)");
    }
    ChatModel model = model(config, sample);
    String given = task == null ? sample.defaultTask() : task;
    return reported(
        sample,
        trace,
        (console, events) -> {
          if (storeFile == null) {
            sample.run(model, given, events);
            return;
          }
          Path file = Path.of(storeFile);
          String runId = UUID.randomUUID().toString();
          // A spec file by its absolute path, so that resume finds it from any directory.
          record(
              file,
              runId,
              SpecSource.isSpecFile(name)
                  ? Path.of(name).toAbsolutePath().normalize().toString()
                  : name);
          durably(
              sample,
              model,
              file,
              runId,
              team -> {
                out.println("durable run " + runId + again(runId, file));
                return team.runDurable(runId, given, events);
              });
        });
  }

  /** {@code resume <runId>}, or {@code answer <runId> <text>} when {@code answering}. */
  private int resumeRun(boolean answering) throws IOException {
    String runId = positionalValue(0);
    String answer = answering ? positionalValue(1) : null;
    String trace = value("--trace");
    requireNotBlank("<runId>", runId, "the id of the run, which run printed");
    requireNotBlank("--team", value("--team"), "the run's sample or spec file");
    requireNotBlank("--trace", trace, "the HTML file to write the report to");
    Path file = existingStore();
    String teamName = value("--team");
    try (CheckpointStore store = SqliteCheckpointStore.open(file)) {
      if (store.load(runId).isEmpty()) {
        throw usage("no run '" + runId + "' in " + file + "; its runs: " + store.runs());
      }
    }
    if (teamName == null) {
      teamName =
          recorded(file, runId)
              .orElseThrow(
                  () ->
                      usage(
                          "run '"
                              + runId
                              + "' in "
                              + file
                              + " was not started by cadre run; name its team with --team"
                              + " <sample|spec>"));
    }
    Sample sample = team(teamName);
    if (trace != null) {
      failOn(FileOptions.problem("--trace", trace, "report.html", false));
    }
    ChatModel model = model(modelConfig(), sample);
    return reported(
        sample,
        trace,
        (console, events) ->
            durably(
                sample,
                model,
                file,
                runId,
                team -> {
                  Optional<TaskResult> finished = team.finished(runId);
                  if (finished.isPresent()) {
                    if (answering) {
                      throw usage("run '" + runId + "' has finished; it waits for no answer");
                    }
                    showFinished(runId, file, finished.get(), console, events);
                    if (finished.get().stop().kind() == StopReason.Kind.FAILED) {
                      throw new TeamRunException(team.name(), finished.get(), null);
                    }
                    return finished.get();
                  }
                  Optional<Question> waiting = team.waiting(runId);
                  if (answering) {
                    if (waiting.isEmpty()) {
                      throw usage(
                          "run '"
                              + runId
                              + "' is not waiting for an answer; carry it on with: cadre resume "
                              + runId);
                    }
                    out.println("answering run " + runId + again(runId, file));
                    return team.resume(runId, answer, events);
                  }
                  if (waiting.isPresent()) {
                    console.close();
                    ask(runId, file, waiting.get());
                    return null;
                  }
                  out.println("resuming run " + runId + again(runId, file));
                  return team.resume(runId, events);
                }));
  }

  /** What the console and the report get, and how a run is started. */
  private interface Body {
    void run(Console console, Consumer<TeamEvent> events);
  }

  /**
   * Runs {@code body} with a console, and a report when {@code trace} names one; returns the exit
   * code: 1 (with one line on stderr) when the run failed or the report could not be written.
   */
  private int reported(Sample sample, String trace, Body body) {
    RunReport report =
        trace == null
            ? null
            : RunReport.builder().title("Cadre: " + sample.name()).diagram(diagram(sample)).build();
    try (Console console =
        Console.builder(out).terminal(terminal).environment(environment).build()) {
      body.run(console, report == null ? console : console.andThen(report));
    } catch (TeamRunException e) {
      // The console has printed the failure as the run ended; this is the summary line.
      err.println(
          "error: '"
              + sample.name()
              + "' failed: "
              + TerminalText.clean(e.participant())
              + ": "
              + TerminalText.clean(e.partialResult().stopReason()));
      writeReport(report, trace);
      return FAILED;
    } catch (ParameterException | UnsupportedOperationException e) {
      throw e; // a usage error: one line, like any bad argument
    } catch (RuntimeException e) {
      err.println("error: '" + sample.name() + "' failed: " + describe(e));
      writeReport(report, trace);
      return FAILED;
    } finally {
      out.flush();
    }
    return writeReport(report, trace) ? OK : FAILED;
  }

  /**
   * Builds {@code sample}'s team on the store {@code file} and hands it to {@code body}; prints the
   * question when the run paused for a person.
   */
  private void durably(
      Sample sample, ChatModel model, Path file, String runId, Function<Team, TaskResult> body) {
    try (CheckpointStore store = SqliteCheckpointStore.open(file)) {
      sample.durably(
          model,
          store,
          team -> {
            if (model instanceof Stateful script) {
              // A resumed run asks again only for what its snapshot does not cover: the script
              // must go on from where it stood then, not from its first line.
              team.keepWithRuns(REPLAY, script);
            }
            TaskResult result = body.apply(team);
            if (result != null && result.waiting() != null) {
              ask(runId, file, result.waiting());
            }
            return result;
          });
    }
  }

  /** Says what run {@code runId} waits for, and how to answer. */
  private void ask(String runId, Path file, Question question) {
    out.println();
    out.println(
        "run "
            + runId
            + " is waiting for "
            + TerminalText.clean(question.agent())
            + ": "
            + TerminalText.clean(question.prompt()));
    out.println("answer it with: cadre answer " + runId + " <text> --store " + file);
  }

  private static String again(String runId, Path file) {
    return " on " + file + "; resume it with: cadre resume " + runId + " --store " + file;
  }

  private void record(Path file, String runId, String team) {
    try (RunIndex index = RunIndex.open(file)) {
      index.put(runId, team);
    } catch (SQLException e) {
      throw usage("--store " + file + ": cannot record the run: " + e.getMessage());
    }
  }

  private Optional<String> recorded(Path file, String runId) {
    try (RunIndex index = RunIndex.open(file)) {
      return index.team(runId);
    } catch (SQLException e) {
      throw usage("--store " + file + ": cannot read its runs: " + e.getMessage());
    }
  }

  /** The model settings of the environment, with {@code --model} over {@code CADRE_MODEL}. */
  private ModelConfig modelConfig() {
    ModelConfig config = ModelConfig.fromEnvironment(environment);
    String modelId = value("--model");
    requireNotBlank("--model", modelId, "the model id of the live provider");
    if (modelId != null && !config.offline()) {
      return new ModelConfig(
          config.provider(),
          modelId,
          config.apiKey(),
          config.baseUrl(),
          config.azureApiVersion(),
          config.replayFile(),
          config.headers());
    }
    if (modelId != null) {
      err.println(
          "note: no live provider is configured, so --model is unused; running offline"
              + " (set CADRE_PROVIDER and its API key to run live)");
    }
    return config;
  }

  private ChatModel model(ModelConfig config, Sample sample) {
    try {
      return config.create(sample::offlineModel);
    } catch (IllegalArgumentException e) {
      // A provider without its key or endpoint: the message names the variable to set.
      throw new ParameterException(current, e.getMessage(), e);
    }
  }

  /** Writes the report, if one was asked for; false (with the reason on stderr) if it failed. */
  private boolean writeReport(RunReport report, String trace) {
    if (report == null) {
      return true;
    }
    try {
      report.write(Path.of(trace));
      err.println("report written to " + trace);
      return true;
    } catch (IOException | InvalidPathException e) {
      err.println("error: could not write the report to " + trace + ": " + describe(e));
      return false;
    }
  }

  /** The team's Mermaid diagram for the report, or null (with a note) when there is none. */
  private String diagram(Sample sample) {
    try {
      String diagram = sample.diagram();
      if (diagram == null && sample.diagramResource() != null) {
        err.println(
            "note: the diagram "
                + sample.diagramResource()
                + " of '"
                + sample.name()
                + "' is not on the class path (was the Cadre processor run?); the report has no"
                + " graph");
      }
      return diagram;
    } catch (UncheckedIOException e) {
      err.println("note: " + describe(e) + "; the report has no graph");
      return null;
    }
  }

  /** Prints the transcript of a run that had finished, and why it stopped. */
  private void showFinished(
      String runId, Path file, TaskResult result, Console console, Consumer<TeamEvent> events) {
    out.println(
        "run "
            + runId
            + " in "
            + file
            + " has already finished; there is nothing to resume. Its transcript:");
    result.messages().forEach(message -> events.accept(new TeamEvent.Message(message)));
    // No model is at work: stop the indicator that each message starts on a terminal.
    console.close();
    out.println();
    StopReason stop = result.stop();
    String failed = stop.kind() == StopReason.Kind.FAILED ? "'" + stop.source() + "' failed: " : "";
    out.println(
        "stop reason: "
            + TerminalText.clean(failed + dev.cadre.present.StopText.shown(stop.text())));
  }

  /** A usage error when {@code value} is given but blank; {@code what} says what to give. */
  private void requireNotBlank(String option, String value, String what) {
    if (value != null && value.isBlank()) {
      throw usage(option + " is blank: give " + what);
    }
  }

  /** A usage error saying {@code problem}, if there is one. */
  private void failOn(String problem) {
    if (problem != null) {
      throw usage(problem);
    }
  }

  private String names() {
    return samples().stream().map(Sample::name).collect(Collectors.joining(", "));
  }

  /** An exception's message for the terminal: it can quote a model's reply, so it is cleaned. */
  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getName()
        : TerminalText.clean(message);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isEmpty();
  }
}
