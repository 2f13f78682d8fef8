package dev.cadre.samples.cli;

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
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.TeamRunException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * The samples' command line: {@code cadre list} and {@code cadre run <sample> [--task ...]
 * [--model ...] [--trace report.html] [--store <file>] [--resume <runId>]}. Exit codes: 0 when the
 * run ends normally, 1 when it fails (or its report cannot be written), 2 for a usage error (a bad
 * flag, an unknown sample, a live provider without its key, an unknown run, a sample that cannot
 * resume).
 *
 * <p>The commands are declared with picocli's programmatic API rather than its annotations: no
 * annotation processor to configure, and no reflection over this class.
 */
public final class CadreCli {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  /** Where durable runs go when {@code --store} is not given, in the working directory. */
  static final String DEFAULT_STORE = "cadre-runs.db";
  /** The name an offline run keeps its replay script's position under, in each snapshot. */
  static final String REPLAY = "replay";

  private final List<Sample> samples;
  private final Map<String, String> environment;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;
  // Set by commandLine() before parsing: the commands read their values from these specs.
  private CommandLine current;
  private CommandLine runLine;
  private CommandSpec runSpec;

  /**
   * A command line over {@code samples}, reading the model settings and {@code NO_COLOR} from
   * {@code environment}; colour and animation only when {@code terminal}.
   */
  CadreCli(
      List<Sample> samples,
      Map<String, String> environment,
      PrintStream out,
      PrintStream err,
      boolean terminal) {
    this.samples = List.copyOf(samples);
    this.environment = Map.copyOf(environment);
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.terminal = terminal;
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line on this process's environment and streams; returns the exit code. */
  public static int execute(String... args) {
    return new CadreCli(
            Samples.all(), System.getenv(), System.out, System.err, System.console() != null)
        .run(args);
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
        CommandSpec.wrapWithoutInspection(
                (Callable<Integer>)
                    () -> {
                      throw new ParameterException(
                          current, "say which command to run: list, or run <sample>");
                    })
            .name("cadre")
            .mixinStandardHelpOptions(true)
            .version("Cadre samples 0.1.0");
    root.usageMessage()
        .description("Runs Cadre's sample multi-agent systems, offline or on a live model.");

    CommandSpec list = CommandSpec.wrapWithoutInspection((Callable<Integer>) this::list);
    list.mixinStandardHelpOptions(true);
    list.usageMessage().description("Lists the samples.");

    CommandSpec run = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> runSample());
    run.mixinStandardHelpOptions(true);
    run.usageMessage()
        .description(
            "Runs a sample, offline on its bundled replay script unless a live provider is"
                + " configured (CADRE_PROVIDER, CADRE_API_KEY, OPENAI_API_KEY, ANTHROPIC_API_KEY,"
                + " ...).");
    run.addPositional(
        PositionalParamSpec.builder()
            .paramLabel("<sample>")
            .arity("1")
            .required(true)
            .type(String.class)
            .description("The sample to run: " + names() + ".")
            .build());
    run.addOption(
        OptionSpec.builder("--task")
            .paramLabel("<task>")
            .type(String.class)
            .description("The task to give it; the sample's own by default.")
            .build());
    run.addOption(
        OptionSpec.builder("--model")
            .paramLabel("<model>")
            .type(String.class)
            .description(
                "The model id for the live provider (overrides CADRE_MODEL); unused offline.")
            .build());
    run.addOption(
        OptionSpec.builder("--trace")
            .paramLabel("<report.html>")
            .type(String.class)
            .description(
                "Write a self-contained HTML report of the run (timeline, transcript, tokens,"
                    + " the team's graph) to this file; it is written even when the run fails.")
            .build());
    run.addOption(
        OptionSpec.builder("--resume")
            .paramLabel("<runId>")
            .type(String.class)
            .description(
                "Resume the durable run <runId> from its last committed step (see --store); a"
                    + " run that had finished is shown, not run again.")
            .build());
    run.addOption(
        OptionSpec.builder("--store")
            .paramLabel("<file>")
            .type(String.class)
            .description(
                "Run durably on this SQLite file, printing the run id; --resume reads it"
                    + " (default: "
                    + DEFAULT_STORE
                    + ").")
            .build());

    CommandLine line = new CommandLine(root);
    line.addSubcommand("list", new CommandLine(list));
    line.addSubcommand("run", new CommandLine(run));
    current = line;
    runLine = line.getSubcommands().get("run");
    runSpec = run;

    boolean colour = terminal && isBlank(environment.get("NO_COLOR"));
    line.setColorScheme(Help.defaultColorScheme(colour ? Help.Ansi.ON : Help.Ansi.OFF));
    line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    line.setParameterExceptionHandler(
        (ex, args) -> {
          // One clear line, then the usage of the command that was misused.
          CommandLine misused = ex.getCommandLine();
          misused.getErr().println("error: " + ex.getMessage());
          misused.usage(misused.getErr(), misused.getColorScheme());
          return USAGE;
        });
    line.setExecutionExceptionHandler(
        (ex, misused, parseResult) -> {
          misused.getErr().println("error: " + describe(ex));
          return FAILED;
        });
    return line;
  }

  private int list() {
    int width = samples.stream().mapToInt(s -> s.name().length()).max().orElse(0);
    for (Sample sample : samples) {
      out.printf("%-" + width + "s  %s%n", sample.name(), sample.description());
    }
    out.flush();
    return OK;
  }

  private int runSample() {
    String name = runSpec.positionalParameters().get(0).getValue();
    String task = runSpec.findOption("--task").getValue();
    String modelId = runSpec.findOption("--model").getValue();
    String trace = runSpec.findOption("--trace").getValue();
    String resume = runSpec.findOption("--resume").getValue();
    String storeFile = runSpec.findOption("--store").getValue();
    requireNotBlank("--resume", resume, "the id of the run to resume, which its first run printed");
    requireNotBlank("--store", storeFile, "the SQLite file of the durable runs");
    requireNotBlank("--trace", trace, "the HTML file to write the report to");
    if (resume != null && task != null) {
      throw new ParameterException(
          runLine, "--task cannot be given with --resume: the run has its task");
    }
    Sample sample =
        samples.stream()
            .filter(s -> s.name().equals(name))
            .findFirst()
            .orElseThrow(
                () ->
                    new ParameterException(
                        runLine, "unknown sample '" + name + "'; choose one of " + names()));
    // Before the run, so that a bad path costs nothing and makes no directory.
    Path store = null;
    if (resume != null || storeFile != null) {
      String file = storeFile == null ? DEFAULT_STORE : storeFile;
      failOn(FileOptions.problem("--store", file, DEFAULT_STORE, true));
      store = Path.of(file);
      if (resume != null && !Files.exists(store)) {
        throw new ParameterException(
            runLine,
            "no run store at " + store + "; give the file of the run with --store <file>");
      }
    }
    if (trace != null) {
      failOn(FileOptions.problem("--trace", trace, "report.html", false));
    }

    ModelConfig config = ModelConfig.fromEnvironment(environment);
    if (modelId != null && !config.offline()) {
      config =
          new ModelConfig(
              config.provider(),
              modelId,
              config.apiKey(),
              config.baseUrl(),
              config.azureApiVersion(),
              config.replayFile(),
              config.headers());
    } else if (modelId != null) {
      err.println(
          "note: no live provider is configured, so --model is unused; running offline"
              + " (set CADRE_PROVIDER and its API key to run live)");
    }
    if (task != null && config.offline() && config.replayFile() == null) {
      err.println(
          "note: no live provider is configured, so --task is shown but not answered: sample '"
              + sample.name()
              + "' replies from its replay script, written for its own task (set CADRE_PROVIDER"
              + " and its API key to run live)");
    }
    ChatModel model;
    try {
      model = config.create(sample::offlineModel);
    } catch (IllegalArgumentException e) {
      // A provider without its key or endpoint: the message names the variable to set.
      throw new ParameterException(runLine, e.getMessage(), e);
    }

    RunReport report =
        trace == null
            ? null
            : RunReport.builder()
                .title("Cadre: " + sample.name())
                .diagram(diagram(sample))
                .build();
    try (Console console =
        Console.builder(out).terminal(terminal).environment(environment).build()) {
      Consumer<TeamEvent> events = report == null ? console : console.andThen(report);
      String given = task == null ? sample.defaultTask() : task;
      if (store == null) {
        sample.run(model, given, events);
      } else {
        durably(sample, model, given, resume, store, console, events);
      }
    } catch (TeamRunException e) {
      // The console has printed the failure as the run ended; this is the summary line.
      err.println(
          "error: sample '"
              + sample.name()
              + "' failed: "
              + TerminalText.clean(e.participant())
              + ": "
              + TerminalText.clean(e.partialResult().stopReason()));
      writeReport(report, trace);
      return FAILED;
    } catch (ParameterException e) {
      throw e; // a bad --store or --resume: one line and the usage, like any bad argument
    } catch (UnsupportedOperationException e) {
      err.println("error: " + describe(e));
      return USAGE;
    } catch (RuntimeException e) {
      err.println("error: sample '" + sample.name() + "' failed: " + describe(e));
      writeReport(report, trace);
      return FAILED;
    } finally {
      out.flush();
    }
    if (!writeReport(report, trace)) {
      return FAILED;
    }
    return OK;
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

  /** The sample team's Mermaid diagram, or null (with a note) when there is none to draw. */
  private String diagram(Sample sample) {
    String resource = sample.diagramResource();
    if (resource == null) {
      return null;
    }
    try (InputStream in = sample.getClass().getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        err.println(
            "note: the diagram "
                + resource
                + " of sample '"
                + sample.name()
                + "' is not on the class path (was the Cadre processor run?); the report has no"
                + " graph");
        return null;
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("note: could not read the diagram " + resource + ": " + describe(e));
      return null;
    }
  }

  /**
   * Runs {@code sample} durably on the store, or resumes run {@code resume} from it; a run that had
   * finished is shown, not run.
   */
  private TaskResult durably(
      Sample sample,
      ChatModel model,
      String task,
      String resume,
      Path file,
      Console console,
      Consumer<TeamEvent> events) {
    try (CheckpointStore store = SqliteCheckpointStore.open(file)) {
      if (resume != null && store.load(resume).isEmpty()) {
        throw new ParameterException(
            runLine, "no run '" + resume + "' in " + file + "; its runs: " + store.runs());
      }
      String runId = resume == null ? UUID.randomUUID().toString() : resume;
      String again =
          " on "
              + file
              + "; resume it with: run "
              + sample.name()
              + " --store "
              + file
              + " --resume "
              + runId;
      return sample.durably(
          model,
          store,
          team -> {
            if (model instanceof Stateful script) {
              // A resumed run asks again only for what its snapshot does not cover: the script
              // must go on from where it stood then, not from its first line.
              team.keepWithRuns(REPLAY, script);
            }
            if (resume == null) {
              out.println("durable run " + runId + again);
              return team.runDurable(runId, task, events);
            }
            Optional<TaskResult> finished = team.finished(runId);
            if (finished.isPresent()) {
              showFinished(runId, file, finished.get(), console, events);
              if (finished.get().stop().kind() == StopReason.Kind.FAILED) {
                throw new TeamRunException(team.name(), finished.get(), null);
              }
              return finished.get();
            }
            out.println("resuming run " + runId + again);
            return team.resume(runId, events);
          });
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
    out.println("stop reason: " + TerminalText.clean(failed + stop.text()));
  }

  /** A usage error when {@code value} is given but blank; {@code what} says what to give. */
  private void requireNotBlank(String option, String value, String what) {
    if (value != null && value.isBlank()) {
      throw new ParameterException(runLine, option + " is blank: give " + what);
    }
  }

  /** A usage error saying {@code problem}, if there is one. */
  private void failOn(String problem) {
    if (problem != null) {
      throw new ParameterException(runLine, problem);
    }
  }

  private String names() {
    return samples.stream().map(Sample::name).collect(Collectors.joining(", "));
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
