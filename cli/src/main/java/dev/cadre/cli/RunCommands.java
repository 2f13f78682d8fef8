package dev.cadre.cli;

import static dev.cadre.cli.CadreCli.DEFAULT_STORE;
import static dev.cadre.cli.CadreCli.OK;
import static dev.cadre.cli.CadreCli.REPLAY;

import dev.cadre.agent.Question;
import dev.cadre.event.TerminalText;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ModelConfig;
import dev.cadre.samples.Sample;
import dev.cadre.state.Stateful;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.studio.RunIndex;
import dev.cadre.team.RunStatus;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamRunException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import picocli.CommandLine.ParameterException;

/**
 * The commands that run teams and look after their durable runs: {@code run}, {@code resume},
 * {@code answer} and {@code runs}.
 */
final class RunCommands {

  private final Invocation invocation;
  private final PrintStream out;
  private final ReportedRun reported;

  RunCommands(Invocation invocation) {
    this.invocation = invocation;
    this.out = invocation.out;
    this.reported = new ReportedRun(invocation);
  }

  /** {@code run <sample|spec>}: once, or durably on {@code --store}. */
  int run() throws IOException {
    String name = invocation.positionalValue(0);
    String task = invocation.value("--task");
    String trace = invocation.value("--trace");
    String storeFile = invocation.value("--store");
    invocation.requireNotBlank("--store", storeFile, "the SQLite file of the durable runs");
    invocation.requireNotBlank("--trace", trace, "the HTML file to write the report to");
    Sample sample = invocation.team(name);
    // Before the run, so that a bad path costs nothing and makes no directory.
    if (storeFile != null) {
      invocation.failOn(FileOptions.problem("--store", storeFile, DEFAULT_STORE, true));
    }
    if (trace != null) {
      invocation.failOn(FileOptions.problem("--trace", trace, "report.html", false));
    }
    ModelConfig config = modelConfig();
    if (task != null && config.offline() && config.replayFile() == null) {
      invocation.err.println(
          "note: no live provider is configured, so --task is shown but not answered: '"
              + sample.name()
              + "' replies from its replay script, written for its own task (set CADRE_PROVIDER"
              + " and its API key to run live)");
    }
    ChatModel model = model(config, sample);
    String given = task == null ? sample.defaultTask() : task;
    return reported.run(
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
  int resume(boolean answering) throws IOException {
    String runId = invocation.positionalValue(0);
    String answer = answering ? invocation.positionalValue(1) : null;
    String trace = invocation.value("--trace");
    invocation.requireNotBlank("<runId>", runId, "the id of the run, which run printed");
    invocation.requireNotBlank(
        "--team", invocation.value("--team"), "the run's sample or spec file");
    invocation.requireNotBlank("--trace", trace, "the HTML file to write the report to");
    Path file = invocation.existingStore();
    String teamName = invocation.value("--team");
    try (CheckpointStore store = SqliteCheckpointStore.open(file)) {
      if (store.load(runId).isEmpty()) {
        throw invocation.usage("no run '" + runId + "' in " + file + "; its runs: " + store.runs());
      }
    }
    if (teamName == null) {
      teamName =
          recorded(file, runId)
              .orElseThrow(
                  () ->
                      invocation.usage(
                          "run '"
                              + runId
                              + "' in "
                              + file
                              + " was not started by cadre run; name its team with --team"
                              + " <sample|spec>"));
    }
    Sample sample = invocation.team(teamName);
    if (trace != null) {
      invocation.failOn(FileOptions.problem("--trace", trace, "report.html", false));
    }
    ChatModel model = model(modelConfig(), sample);
    return reported.run(
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
                      throw invocation.usage(
                          "run '" + runId + "' has finished; it waits for no answer");
                    }
                    FinishedRun.show(out, runId, file, finished.get(), console, events);
                    if (finished.get().stop().kind() == StopReason.Kind.FAILED) {
                      throw new TeamRunException(team.name(), finished.get(), null);
                    }
                    return finished.get();
                  }
                  Optional<Question> waiting = team.waiting(runId);
                  if (answering) {
                    if (waiting.isEmpty()) {
                      throw invocation.usage(
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

  /** {@code runs}: each durable run of the store, with its status and team. */
  int runs() {
    Path file = invocation.existingStore();
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
            RunStatus.of(store, id).map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("unknown");
        out.printf(
            "%-" + width + "s  %-8s  %s%n",
            TerminalText.clean(id),
            status,
            TerminalText.clean(teams.getOrDefault(id, "-")));
      }
      return OK;
    } catch (SQLException e) {
      throw invocation.usage("--store " + file + ": cannot read its runs: " + e.getMessage());
    }
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
      throw invocation.usage("--store " + file + ": cannot record the run: " + e.getMessage());
    }
  }

  private Optional<String> recorded(Path file, String runId) {
    try (RunIndex index = RunIndex.open(file)) {
      return index.team(runId);
    } catch (SQLException e) {
      throw invocation.usage("--store " + file + ": cannot read its runs: " + e.getMessage());
    }
  }

  /** The model settings of the environment, with {@code --model} over {@code CADRE_MODEL}. */
  private ModelConfig modelConfig() {
    ModelConfig config = ModelConfig.fromEnvironment(invocation.environment);
    String modelId = invocation.value("--model");
    invocation.requireNotBlank("--model", modelId, "the model id of the live provider");
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
      invocation.err.println(
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
      throw new ParameterException(invocation.current(), e.getMessage(), e);
    }
  }
}
