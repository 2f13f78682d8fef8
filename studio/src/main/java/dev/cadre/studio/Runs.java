package dev.cadre.studio;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.Question;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ModelConfig;
import dev.cadre.model.Prices;
import dev.cadre.present.RunReport;
import dev.cadre.samples.Sample;
import dev.cadre.state.Stateful;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.team.RunStatus;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of the studio: it starts them (durably on the run store when the team can be built on
 * one, so that they survive a restart of the studio), answers their people's questions, resumes and
 * cancels them, and lists the store's runs with their status.
 */
final class Runs implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Runs.class);

  /**
   * The name a run keeps its replay script's position under, in each snapshot: the same as the
   * cadre command's, so that a run started there resumes here and back.
   */
  static final String REPLAY = "replay";

  private final Catalog catalog;
  private final Path store;
  private final Map<String, String> environment;
  private final EventJson json;
  private final Map<String, LiveRun> live = new ConcurrentHashMap<>();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "cadre-studio-run");
            t.setDaemon(true);
            return t;
          });

  Runs(Catalog catalog, Path store, Map<String, String> environment, Prices prices) {
    this.catalog = catalog;
    this.store = store;
    this.environment = Map.copyOf(environment);
    this.json = new EventJson(prices);
  }

  Path store() {
    return store;
  }

  /**
   * Starts a run of {@code entry} on {@code task} (its own task when blank), on the live provider
   * the environment configures when {@code liveModel}, else offline.
   *
   * @throws IllegalArgumentException naming what is wrong (no live provider, a spec that fails)
   */
  LiveRun start(Catalog.Entry entry, String task, boolean liveModel) {
    String runId = UUID.randomUUID().toString();
    Holder holder = new Holder();
    Sample probe = catalog.sample(entry, (q, c) -> holder.run.inbox().ask(q, c));
    ModelConfig config = ModelConfig.fromEnvironment(environment);
    if (liveModel && config.offline()) {
      throw new IllegalArgumentException(
          "no live provider is configured: set CADRE_PROVIDER and its API key (as for cadre run),"
              + " or run offline");
    }
    ChatModel model = liveModel ? config.create(probe::offlineModel) : probe.offlineModel();
    String given = task == null || task.isBlank() ? probe.defaultTask() : task;
    boolean durable = canRunDurably(probe);
    LiveRun run = newRun(runId, entry, probe, durable);
    holder.run = run;
    live.put(runId, run);
    if (durable) {
      record(runId, entry);
    }
    run.add(EventJson.message(AgentMessage.user(given)));
    run.report().accept(new TeamEvent.Message(AgentMessage.user(given)));
    threads.execute(
        () -> {
          if (durable) {
            durably(run, probe, model, team -> team.runDurable(runId, given, skipTask(run)));
          } else {
            carryOut(run, () -> probe.run(model, given, skipTask(run)));
          }
        });
    return run;
  }

  /** The run {@code runId}: the one in memory, or one of the store's, opened from it. */
  Optional<LiveRun> open(String runId) {
    LiveRun known = live.get(runId);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Catalog.Entry> entry = recordedEntry(runId);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    Holder holder = new Holder();
    Sample sample = catalog.sample(entry.get(), (q, c) -> holder.run.inbox().ask(q, c));
    LiveRun run = newRun(runId, entry.get(), sample, true);
    holder.run = run;
    LiveRun raced = live.putIfAbsent(runId, run);
    if (raced != null) {
      return Optional.of(raced);
    }
    // What the store says of it: the finished transcript, or the question it waits for.
    durably(
        run,
        sample,
        sample.offlineModel(),
        team -> {
          Optional<TaskResult> finished = team.finished(runId);
          if (finished.isPresent()) {
            finished.get().messages().forEach(m -> run.accept(new TeamEvent.Message(m)));
            run.accept(new TeamEvent.Finished(finished.get()));
            return finished.get();
          }
          Optional<Question> waiting = team.waiting(runId);
          if (waiting.isPresent()) {
            // What the person should see before answering: the run so far, as far as it says.
            waiting.get().context().forEach(m -> run.accept(new TeamEvent.Message(m)));
            run.add(EventJson.question(waiting.get(), false));
            run.status("paused", "waiting for " + waiting.get().agent(), false);
            return null;
          }
          run.status(
              "stopped",
              "the run stopped before its end (the studio or process ended):"
                  + " resume it to carry it on",
              false);
          return null;
        });
    return Optional.of(run);
  }

  /**
   * Answers question {@code questionId} of run {@code runId}: a tool approval waiting in the run's
   * inbox, or the question a durable run paused on, which resumes it.
   *
   * @throws IllegalArgumentException when the run waits for no such answer
   */
  void answer(LiveRun run, String questionId, String text) {
    boolean inInbox = run.inbox().pending().stream().anyMatch(q -> q.id().equals(questionId));
    if (inInbox) {
      run.inbox().answer(questionId, text);
      run.add(EventJson.map("t", "answered", "id", questionId));
      return;
    }
    if (!run.durable() || !"paused".equals(run.status())) {
      throw new IllegalArgumentException(
          "run '" + run.id() + "' is not waiting for an answer to '" + questionId + "'");
    }
    run.add(EventJson.map("t", "answered", "id", questionId));
    run.add(EventJson.message(new AgentMessage.Text("you", text)));
    continueDurably(run, team -> team.resume(run.id(), text, run));
  }

  /** Carries a durable run on from its last committed step (one the studio did not finish). */
  void resume(LiveRun run) {
    if (!run.durable() || !"stopped".equals(run.status())) {
      throw new IllegalArgumentException(
          "run '" + run.id() + "' is " + run.status() + "; only a stopped run resumes");
    }
    continueDurably(run, team -> team.resume(run.id(), run));
  }

  private void continueDurably(LiveRun run, Function<Team, TaskResult> body) {
    Catalog.Entry entry =
        recordedEntry(run.id())
            .orElseThrow(() -> new IllegalArgumentException("run '" + run.id() + "' has no team"));
    Sample sample = catalog.sample(entry, (q, c) -> run.inbox().ask(q, c));
    run.status("running", "carrying on", false);
    threads.execute(() -> durably(run, sample, sample.offlineModel(), body));
  }

  /** Every run: the store's (with their status and team), and the ones in memory only. */
  List<Map<String, Object>> list() {
    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
    if (Files.exists(store)) {
      Map<String, String> teams = teams();
      try (CheckpointStore checkpoints = SqliteCheckpointStore.open(store)) {
        for (String id : checkpoints.runs()) {
          String status = RunStatus.of(checkpoints, id).map(EventJson::lower).orElse("unknown");
          LiveRun known = live.get(id);
          if (known != null && known.cancelled()) {
            status = "cancelled";
          }
          all.put(
              id, EventJson.map("id", id, "team", teams.getOrDefault(id, "-"), "status", status));
        }
      }
    }
    for (LiveRun run : live.values()) {
      all.putIfAbsent(
          run.id(), EventJson.map("id", run.id(), "team", run.team(), "status", run.status()));
    }
    return new ArrayList<>(all.values());
  }

  private LiveRun newRun(String runId, Catalog.Entry entry, Sample sample, boolean durable) {
    String diagram = diagram(sample);
    RunReport report = RunReport.builder().title("Cadre: " + entry.name()).diagram(diagram).build();
    return new LiveRun(runId, entry.name(), durable, json, report, diagram);
  }

  private static String diagram(Sample sample) {
    try {
      return sample.diagram();
    } catch (RuntimeException e) {
      log.debug("no diagram for {}: {}", sample.name(), e.toString());
      return null;
    }
  }

  /** The task was added when the run started; the run's own first message would repeat it. */
  private static Consumer<TeamEvent> skipTask(LiveRun run) {
    boolean[] first = {true};
    return event -> {
      if (first[0] && event instanceof TeamEvent.Message m && m.message().source().equals("user")) {
        first[0] = false;
        return;
      }
      run.accept(event);
    };
  }

  private void durably(
      LiveRun run, Sample sample, ChatModel model, Function<Team, TaskResult> body) {
    carryOut(
        run,
        () -> {
          try (CheckpointStore checkpoints = SqliteCheckpointStore.open(store)) {
            return sample.durably(
                model,
                checkpoints,
                team -> {
                  if (model instanceof Stateful script) {
                    team.keepWithRuns(REPLAY, script);
                  }
                  run.running(team, null);
                  try {
                    return body.apply(team);
                  } finally {
                    run.running(null, null);
                  }
                });
          }
        });
  }

  /** Runs {@code work} on this thread and sets the run's status from how it ended. */
  private void carryOut(LiveRun run, Supplier<TaskResult> work) {
    if (!run.durable()) {
      run.running(null, Thread.currentThread());
    }
    try {
      TaskResult result = work.get();
      if (result == null) {
        return;
      }
      if (result.waiting() != null) {
        run.add(EventJson.question(result.waiting(), false));
        run.status("paused", "waiting for " + result.waiting().agent(), false);
      } else if (result.stop().kind() == StopReason.Kind.FAILED) {
        run.status(run.cancelled() ? "cancelled" : "failed", result.stopReason(), true);
      } else {
        run.status("finished", result.stopReason(), true);
      }
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (run.cancelled()) {
        run.status("cancelled", "cancelled by you", true);
      } else {
        log.debug("run {} failed", run.id(), e);
        run.status("failed", reason, true);
      }
    } finally {
      if (!run.durable()) {
        run.running(null, null);
        Thread.interrupted();
      }
    }
  }

  /**
   * Whether {@code sample} runs on a store. Its {@code durably} says so only by trying: the default
   * refuses at once; one that can goes on to build its team (once more, without running it).
   */
  private static boolean canRunDurably(Sample sample) {
    try {
      sample.durably(sample.offlineModel(), null, team -> null);
      return true;
    } catch (UnsupportedOperationException e) {
      return false;
    } catch (RuntimeException e) {
      return true; // it went on to use the store: it can run on one
    }
  }

  private void record(String runId, Catalog.Entry entry) {
    try (RunIndex index = RunIndex.open(store)) {
      index.put(runId, entry.file() == null ? entry.name() : entry.file().toString());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record the run in " + store + ": " + e.getMessage());
    }
  }

  private Map<String, String> teams() {
    try (RunIndex index = RunIndex.open(store)) {
      return index.all();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the runs of " + store + ": " + e.getMessage());
    }
  }

  private Optional<Catalog.Entry> recordedEntry(String runId) {
    if (!Files.exists(store)) {
      return Optional.empty();
    }
    String team = teams().get(runId);
    if (team == null) {
      return Optional.empty();
    }
    return catalog.entries().stream()
        .filter(
            e ->
                e.file() == null
                    ? e.name().equals(team)
                    : e.file()
                        .toString()
                        .equals(Path.of(team).toAbsolutePath().normalize().toString()))
        .findFirst()
        .or(
            () ->
                Catalog.isSpecFile(team) && Files.isRegularFile(Path.of(team))
                    ? Optional.of(
                        new Catalog.Entry(
                            Catalog.SPEC + team,
                            Path.of(team).getFileName().toString(),
                            team,
                            Path.of(team)))
                    : Optional.empty());
  }

  @Override
  public void close() {
    live.values().forEach(LiveRun::cancel);
    threads.shutdownNow();
  }

  private static final class Holder {
    volatile LiveRun run;
  }
}
