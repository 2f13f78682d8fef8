package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.Question;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.core.AgentException;
import dev.cadre.core.AgentId;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.IdGenerator;
import dev.cadre.core.InProcessRuntime;
import dev.cadre.core.TopicId;
import dev.cadre.core.TypeSubscription;
import dev.cadre.state.StateException;
import dev.cadre.state.Stateful;
import dev.cadre.state.TeamState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Agents working one task together: round robin, a model choosing the speaker, handoffs or a graph,
 * as its {@link SpeakerSelector} says.
 *
 * <p>A team runs on an {@link AgentRuntime} as agents that exchange {@link TeamProtocol} messages:
 * a manager that keeps the conversation, chooses speakers and checks termination, one container
 * per participant that hands it the messages it has not seen and returns its answer, and a
 * collector of the run's events on the team's output topic. Nothing else passes between them, so
 * the same team can run on one JVM or across a cluster.
 *
 * <p>Every participant sees every chat message since its own last turn: the task and the others'
 * answers, not their tool calls or the speaker choices. The termination condition sees the task
 * too, so a run can end before anyone speaks. {@code maxTurns} is always a hard bound. When a run
 * stops on its condition, on {@code maxTurns} or at the end of a graph, the condition and the
 * count of turns are reset, as AutoGen resets them; a run that fails or is cancelled leaves them
 * as they were.
 *
 * <p>One run at a time. Each run continues the conversation of the runs before it until {@link
 * #reset()}: {@link #run()} with no task continues where the last run stopped, with the speaker
 * whose turn is next, every message and every participant's memory; a run with a task appends it
 * and continues the same way. (Continuing the conversation is not {@link #resume(String)}, which
 * continues a durable run after a crash.)
 *
 * <p>A participant that throws makes the run throw a {@link TeamRunException} that names it and
 * carries every message so far. A team that takes part in another team runs its own conversation
 * on each turn and adds every chat message of it to the outer conversation, in order, as AutoGen's
 * nested teams do; {@link SocietyOfMindAgent} answers with one message instead. A team is itself a
 * {@link ChatAgent}.
 */
public final class Team implements ChatAgent, AutoCloseable {

  private final TeamSpec spec;
  private final AgentRuntime runtime;
  private final boolean ownsRuntime;
  private final AgentId manager;
  private final Map<String, AgentId> containers = new LinkedHashMap<>();
  private final TopicId output;
  private final Map<String, RunHandle> runs = new ConcurrentHashMap<>();
  private final AtomicReference<RunHandle> current = new AtomicReference<>();
  private final CheckpointStore checkpoints;
  private final String instanceId;
  private final Map<String, Stateful> kept = new ConcurrentHashMap<>();
  // Where the manager and containers of this process leave what a run's participant threw, for
  // the TeamRunException of a run this process started.
  private final BiConsumer<String, Throwable> failures =
      (runId, error) -> {
        RunHandle run = runs.get(runId);
        if (run != null) {
          run.cause.compareAndSet(null, error);
        }
      };
  // What close() releases on a runtime passed in: the types registered there, and the collector's
  // subscription when no other process can share it (see close()).
  private final List<String> registered = new ArrayList<>();
  private final String subscription;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** A team of {@code spec} whose runs are not durable. */
  public Team(TeamSpec spec) {
    this(spec, null);
  }

  /**
   * A team whose runs are durable: each step of a run is committed to {@code checkpoints} before
   * the next step acts on it, so that {@link #resume} can continue the run after a crash, in this
   * process or another, with a team built the same way on the same store.
   *
   * <p>What a run commits, in order: a snapshot once the task is in (the team's {@link
   * #saveState} document and the run's progress), then for each turn the speaker choice (with the
   * selector's state after it), each tool call before it runs and its result once known, each
   * participant's answer with its events, and a snapshot after the turn; a last snapshot holds the
   * result. On resume the run starts from the latest snapshot: a turn it does not cover is run
   * again from its start, by the speakers chosen for it if that choice was committed. Its models
   * are asked again (a scripted model answers as it did when the team keeps its position with the
   * run, see {@link #keepWithRuns}), but a tool call whose result was committed is not executed
   * again, its recorded result is used (calls are matched by the call id the model gives, which a
   * deterministic model repeats). A tool call that was in flight at the crash has no recorded
   * result and runs again: tools run exactly once per completed call and at least once per call in
   * flight.
   *
   * <p>Two processes resuming one run race on their first commit: exactly one wins; the other
   * fails with a {@link dev.cadre.state.store.ConcurrentRunException} before it calls a model or a
   * tool, and writes nothing. Resume only runs whose process is gone: a process that is still
   * running a run it lost fails at its next commit, but a tool call it has in flight then still
   * finishes.
   *
   * @param checkpoints where runs are committed; null for runs that are not durable
   */
  public Team(TeamSpec spec, CheckpointStore checkpoints) {
    this(sameObjects(spec), checkpoints, null, true);
  }

  /**
   * A team that is one of several parts of a team spread over the processes of a distributed
   * runtime. Its agents' types are named after the team and {@code instanceId} alone (such as
   * {@code writers.t1.manager}), so teams built the same way with the same {@code instanceId} on
   * the workers of one distributed runtime ({@code spec.runtime()}) are one team: each process
   * registers every agent type, the runtime decides which of them each process hosts, and moves
   * their state ({@link dev.cadre.core.Agent#saveState}) when it moves them. Any of the processes
   * can {@link #run} the team: the collector of a run's events is a {@link
   * AgentRuntime#registerLocal local} type, so the events reach the process that started it. The
   * manager takes one run at a time, so runs started in several processes wait for one another.
   *
   * <p>A team spread this way needs a speaker selector and termination condition that save their
   * state (the built-in ones do); participants that cannot save theirs start afresh wherever they
   * move. Within one process, two teams of one name need different instance ids: the other
   * constructors make one up from the runtime's {@link AgentRuntime#ids() ids} (random ones by
   * default).
   *
   * <p>The agents of a team built this way all share the spec's objects (participants, selector,
   * termination): fine in one process, where each agent is made once, but a distributed runtime
   * makes an agent again when it moves back to a process that lost it, and that agent would go on
   * from what the shared objects held then. On a distributed runtime, give the team a factory of
   * its spec instead: {@link #Team(Supplier, CheckpointStore, String)}. (This constructor is kept
   * for objects a test must reach, and for teams whose agents never move.)
   *
   * @param checkpoints where runs are committed; null for runs that are not durable
   * @param instanceId names this team among the teams of its name: one or more letters, digits,
   *     '_', '-' or '.'
   * @throws IllegalArgumentException naming the team if {@code instanceId} is invalid
   */
  public Team(TeamSpec spec, CheckpointStore checkpoints, String instanceId) {
    this(sameObjects(spec), checkpoints, instanceId, false);
  }

  /**
   * A team spread over the processes of a distributed runtime, as {@link #Team(TeamSpec,
   * CheckpointStore, String)}, whose agents are made anew each time the runtime makes one: {@code
   * specs} is called for each (the manager and each participant's container) and must build a new
   * spec of new objects (participants, selector, termination) each time, the same in shape. A
   * distributed runtime makes an agent again when the agent moves, even back to the same process
   * after it lost it (a worker paused past its session, a broker restart); an agent made from
   * objects it shares with its earlier self would carry on from what that self held when it lost
   * the agent, not from the state stored for it. Give a team on a distributed runtime its spec this
   * way; the in-process runtime makes each agent once, so there a spec of objects does as well.
   *
   * @param specs builds the team's spec, every time anew; called once here for the team itself
   * @param checkpoints where runs are committed; null for runs that are not durable
   * @param instanceId names this team among the teams of its name, as for {@link #Team(TeamSpec,
   *     CheckpointStore, String)}; null for one made up from the runtime's ids, of this team alone
   * @throws IllegalArgumentException naming the team if {@code instanceId} is invalid
   * @throws IllegalStateException when a later spec differs from the first in name or participants
   */
  public Team(Supplier<TeamSpec> specs, CheckpointStore checkpoints, String instanceId) {
    this(Objects.requireNonNull(specs, "specs"), checkpoints, instanceId, instanceId == null);
  }

  private static Supplier<TeamSpec> sameObjects(TeamSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return () -> spec;
  }

  /** A spec from {@code specs} for one agent, checked against the team's first. */
  private TeamSpec fresh(Supplier<TeamSpec> specs) {
    TeamSpec made = specs.get();
    if (made == spec) {
      return made;
    }
    if (made == null
        || !made.name().equals(spec.name())
        || !made.participants().stream()
            .map(ChatAgent::name)
            .toList()
            .equals(spec.participants().stream().map(ChatAgent::name).toList())) {
      throw new IllegalStateException(
          "team '" + spec.name() + "': its spec factory built "
              + (made == null ? "null" : "team '" + made.name() + "' of " + names(made))
              + " where the team is '" + spec.name() + "' of " + names(spec)
              + "; build the same team every time");
    }
    return made;
  }

  private static List<String> names(TeamSpec spec) {
    return spec.participants().stream().map(ChatAgent::name).toList();
  }

  private static ChatAgent participant(TeamSpec spec, String name) {
    for (ChatAgent participant : spec.participants()) {
      if (participant.name().equals(name)) {
        return participant;
      }
    }
    throw new IllegalStateException("team '" + spec.name() + "' has no participant '" + name + "'");
  }

  /**
   * @param madeUp whether the instance id is to be made up (from the runtime's ids) for this team
   *     alone, so that no other process can build the same team and share its collector's
   *     subscription
   */
  private Team(
      Supplier<TeamSpec> specs, CheckpointStore checkpoints, String instanceId, boolean madeUp) {
    TeamSpec spec = specs.get();
    this.spec = Objects.requireNonNull(spec, "spec");
    this.checkpoints = checkpoints;
    // Checked before a runtime is made, so a bad id leaves nothing open.
    String given = madeUp ? null : checkInstanceId(spec.name(), instanceId);
    this.ownsRuntime = spec.runtime() == null;
    this.runtime = ownsRuntime ? new InProcessRuntime() : spec.runtime();
    if (madeUp) {
      IdGenerator ids = runtime.ids();
      // A random id's first 8 hex digits keep agent types short and are unique enough among the
      // teams of one name in one process; a given generator's ids are taken whole.
      given = checkInstanceId(
          spec.name(), ids == IdGenerator.RANDOM ? ids.next().substring(0, 8) : ids.next());
    }
    this.instanceId = given;
    Map<String, DurableRun> durableRuns = new ConcurrentHashMap<>();
    String prefix = spec.name() + "." + this.instanceId;
    String key = "default";
    this.manager = new AgentId(prefix + ".manager", key);
    this.output = new TopicId(prefix + ".output", key);
    for (ChatAgent participant : spec.participants()) {
      String name = participant.name();
      AgentId id = new AgentId(prefix + ".participant." + name, key);
      containers.put(name, id);
      runtime.register(
          id.type(),
          (agentId, rt) ->
              new ParticipantContainer(
                  participant(fresh(specs), name), rt, output, durableRuns, failures));
      registered.add(id.type());
    }
    runtime.register(
        manager.type(),
        (agentId, rt) ->
            new TeamManager(
                fresh(specs),
                rt,
                manager,
                containers,
                output,
                checkpoints,
                durableRuns,
                kept,
                failures));
    registered.add(manager.type());
    // Local: a run's events must reach the process whose caller waits for them.
    String collector = prefix + ".collector";
    runtime.registerLocal(collector, (agentId, rt) -> this::collect);
    registered.add(collector);
    TypeSubscription events = new TypeSubscription(output.type(), collector);
    runtime.addSubscription(events);
    this.subscription = madeUp ? events.id() : null;
  }

  private static String checkInstanceId(String team, String instanceId) {
    if (instanceId == null || !instanceId.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "team '"
              + team
              + "': instance id "
              + (instanceId == null ? "null" : "\"" + instanceId + "\"")
              + " is invalid: use one or more letters, digits, '_', '-' or '.'");
    }
    return instanceId;
  }

  /**
   * What names this team among the teams of its name, in its agents' types: the one it was built
   * with, or one made up from its runtime's {@link AgentRuntime#ids() ids} (random by default).
   */
  public String instanceId() {
    return instanceId;
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public String description() {
    return spec.description();
  }

  /** What the team is made of. */
  public TeamSpec spec() {
    return spec;
  }

  /**
   * Continues the conversation where the last run stopped and waits for the result: the speaker
   * whose turn is next speaks, with every message thread and every participant's memory kept. On
   * a team that has not run yet, the first speaker starts with no messages. (To continue a durable
   * run after a crash, see {@link #resume(String)}.)
   *
   * @throws TeamRunException when a participant fails
   */
  public TaskResult run() {
    return run(RunRequest.continuing());
  }

  /**
   * Runs the team on a task from the user and waits for the result. The task is appended to the
   * conversation, which continues.
   *
   * @throws TeamRunException when a participant fails
   */
  public TaskResult run(String task) {
    return run(RunRequest.of(task));
  }

  /**
   * Runs the team on a task of one or more messages (text, images, a handoff...) and waits for
   * the result.
   *
   * @throws TeamRunException when a participant fails
   */
  public TaskResult run(AgentMessage... task) {
    return run(RunRequest.of(task));
  }

  /**
   * Runs the team on {@code task}, reporting every event to {@code listener} (on the collector's
   * thread, in order) before returning.
   *
   * @throws TeamRunException when a participant fails, after the listener heard the run's end
   * @throws CancelledException when the run is cancelled; the conversation so far is kept
   */
  public TaskResult run(List<? extends AgentMessage> task, Consumer<TeamEvent> listener) {
    return run(RunRequest.of(task).listener(listener));
  }

  /**
   * Runs the team as {@code request} says and waits for the result.
   *
   * @throws TeamRunException when a participant, the speaker selector or the termination
   *     condition fails; it carries the partial result, and the listener heard the run's end
   * @throws CancelledException when the run is cancelled; the conversation so far is kept
   */
  public TaskResult run(RunRequest request) {
    Objects.requireNonNull(request, "request");
    try {
      // On this thread: the manager, and the speakers it calls, run here when they are idle and
      // in this process.
      return start(request, true).get();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (CancellationException e) {
      throw cancelled(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw new CancelledException("interrupted while team '" + name() + "' was running");
    }
  }

  /**
   * Runs the team on {@code task} as durable run {@code runId}, committing every step to the
   * team's checkpoint store (see {@link #Team(TeamSpec, CheckpointStore)}).
   *
   * @throws TeamRunException when a participant fails; the failure is committed with the run
   * @throws IllegalStateException if the team has no checkpoint store
   * @throws IllegalArgumentException if the store already holds a run {@code runId}
   * @throws dev.cadre.state.store.CheckpointStoreException if a step cannot be committed; a {@link
   *     dev.cadre.state.store.ConcurrentRunException} when another process took the run over
   */
  public TaskResult runDurable(String runId, String task, Consumer<TeamEvent> listener) {
    requireStore();
    Objects.requireNonNull(runId, "runId");
    return await(
        start(
            runId,
            new TeamProtocol.Start(runId, List.of(AgentMessage.user(task))),
            Objects.requireNonNull(listener, "listener"),
            CancellationToken.none(),
            true));
  }

  /**
   * Continues durable run {@code runId} from its last committed step and waits for its result,
   * reporting the events of the rest of the run to {@code listener}. The result holds the whole
   * run's messages. A run that had finished gives its result again and runs nothing (a run that
   * had failed throws its {@link TeamRunException} again).
   *
   * @throws TeamRunException when the run fails, or had failed
   * @throws IllegalStateException if the team has no checkpoint store
   * @throws IllegalArgumentException if the store holds no run {@code runId}
   * @throws dev.cadre.state.StateException if a checkpoint is corrupted or of an unknown format;
   *     nothing was changed in the store
   * @throws dev.cadre.state.store.ConcurrentRunException if another process resumed the run first
   * @throws IllegalStateException if the run is paused for a person's answer, naming the question:
   *     continue it with {@link #resume(String, String)}
   */
  public TaskResult resume(String runId, Consumer<TeamEvent> listener) {
    requireStore();
    Objects.requireNonNull(runId, "runId");
    return await(
        start(
            runId,
            new TeamProtocol.Resume(runId, null),
            Objects.requireNonNull(listener, "listener"),
            CancellationToken.none(),
            true));
  }

  /** {@link #resume(String, Consumer)} without a listener. */
  public TaskResult resume(String runId) {
    return resume(runId, event -> {});
  }

  /**
   * Continues durable run {@code runId}, which paused for a person's answer, with {@code answer}
   * as the answer, and waits for its result (which may be another pause).
   *
   * <p>How a run pauses: when a {@link dev.cadre.agent.UserProxyAgent} whose input is {@link
   * dev.cadre.agent.HumanInput#pause()} has its turn in {@link #runDurable} or a resume, the run
   * commits a {@link dev.cadre.state.store.CheckpointKind#PAUSED} step holding the {@link
   * Question} (after the {@link dev.cadre.agent.AgentEvent.InputRequested} event), and the call
   * returns a {@link TaskResult} whose {@link TaskResult#waiting()} is the question; no thread
   * waits. Any team built the same way on the same store, in any process, continues it here: the
   * paused turn runs again from its start, the proxy answering with {@code answer} as its message.
   * The answer is committed with the resume, before anything acts on it. Of two processes that
   * answer at once, exactly one goes on; the other gets a {@link
   * dev.cadre.state.store.ConcurrentRunException}.
   *
   * @throws IllegalStateException if the run is not waiting for an answer (it finished, never
   *     paused, or its question was answered already); and from {@link #resume(String)} when it is
   *     waiting, naming the question
   * @throws IllegalArgumentException if the store holds no run {@code runId}
   */
  public TaskResult resume(String runId, String answer, Consumer<TeamEvent> listener) {
    requireStore();
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(answer, "answer");
    return await(
        start(
            runId,
            new TeamProtocol.Resume(runId, answer),
            Objects.requireNonNull(listener, "listener"),
            CancellationToken.none(),
            true));
  }

  /** {@link #resume(String, String, Consumer)} without a listener. */
  public TaskResult resume(String runId, String answer) {
    return resume(runId, answer, event -> {});
  }

  /**
   * Keeps {@code part}'s state with this team's durable runs: each snapshot of a run saves it
   * under {@code name}, and {@link #resume} puts it back before the run goes on, so the resumed run
   * finds it as it was at the snapshot. For what a run depends on that no agent holds; chiefly a
   * {@link dev.cadre.model.replay.ReplayChatModel}'s position, so that a run resumed on the same
   * script goes on after the replies its snapshot covers instead of at the script's first line.
   *
   * <p>Keep it before the team runs, on the team of the process that runs the team's manager (any
   * process, unless the team is spread over a distributed runtime). Resuming a run whose snapshot
   * holds nothing under {@code name} fails before the run acts; what a snapshot holds under a name
   * the team does not keep is left alone.
   *
   * @return this team
   * @throws IllegalArgumentException if {@code name} is blank or already kept
   */
  public Team keepWithRuns(String name, Stateful part) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(part, "part");
    if (name.isBlank()) {
      throw new IllegalArgumentException(
          "team '" + name() + "': what it keeps with its runs needs a name");
    }
    if (kept.putIfAbsent(name, part) != null) {
      throw new IllegalArgumentException(
          "team '" + name() + "' already keeps '" + name + "' with its runs");
    }
    return this;
  }

  /**
   * The result of durable run {@code runId}, read from the store, if the run has finished: its
   * whole transcript and why it stopped, as {@link #resume} would give it. A run that failed gives
   * the partial result that {@link #resume} would throw in a {@link TeamRunException}: its stop is
   * of kind {@link StopReason.Kind#FAILED}. Empty while the run can go on (or waits for a person),
   * and when the store holds no such run. Runs nothing.
   *
   * @throws dev.cadre.state.StateException if the run's latest snapshot cannot be read
   */
  public Optional<TaskResult> finished(String runId) {
    requireStore();
    Objects.requireNonNull(runId, "runId");
    return DurableRun.finished(checkpoints, runId);
  }

  /**
   * The question durable run {@code runId} is paused on, read from the store; empty when the run
   * is not waiting for a person (or does not exist). For a process that did not start the run,
   * such as a web handler showing a person what to answer.
   *
   * @throws dev.cadre.state.StateException if the pause step cannot be read
   */
  public Optional<Question> waiting(String runId) {
    requireStore();
    Objects.requireNonNull(runId, "runId");
    return DurableRun.waiting(checkpoints, runId);
  }

  private void requireStore() {
    if (checkpoints == null) {
      throw new IllegalStateException(
          "team '"
              + name()
              + "' has no checkpoint store; build it with new Team(spec, store), or with"
              + " .checkpoints(store) in the DSL, for durable runs");
    }
  }

  private TaskResult await(CompletableFuture<TaskResult> run) {
    try {
      return run.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      // The manager's own exception (a lost race, an unreadable checkpoint) says what is wrong.
      while (cause instanceof AgentException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw rethrow(cause);
    } catch (CancellationException e) {
      throw cancelled(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw new CancelledException("interrupted while team '" + name() + "' was running");
    }
  }

  /** {@link #runAsync(RunRequest)} that continues the conversation. */
  public CompletableFuture<TaskResult> runAsync() {
    return runAsync(RunRequest.continuing());
  }

  /** {@link #runAsync(RunRequest)} on a task from the user. */
  public CompletableFuture<TaskResult> runAsync(String task) {
    return runAsync(RunRequest.of(task));
  }

  /**
   * Starts a run and returns at once; the future completes after the last event, exceptionally
   * with a {@link TeamRunException} when a participant fails.
   */
  public CompletableFuture<TaskResult> runAsync(RunRequest request) {
    return start(Objects.requireNonNull(request, "request"), false);
  }

  /** {@link #stream(RunRequest)} that continues the conversation. */
  public Stream<TeamEvent> stream() {
    return stream(RunRequest.continuing());
  }

  /** {@link #stream(RunRequest)} on a task from the user. */
  public Stream<TeamEvent> stream(String task) {
    return stream(RunRequest.of(task));
  }

  /**
   * Starts a run and returns its events as they happen, ending with {@link TeamEvent.Finished}
   * (the request's listener hears them too). The stream blocks while it waits for the next event.
   * If a participant fails, reading past the last event throws the {@link TeamRunException}; if
   * the run is cancelled, {@link CancelledException}.
   */
  public Stream<TeamEvent> stream(RunRequest request) {
    Objects.requireNonNull(request, "request");
    EventStream events = new EventStream(name(), this::cancel, this::rethrow);
    return events.of(start(request.listener(events.listener(request.listener())), false));
  }

  /** Cancels the run in progress, if any: model calls and tools stop, and the run fails. */
  public void cancel() {
    RunHandle run = current.get();
    if (run != null) {
      run.cancellation.cancel();
    }
  }

  /** Forgets the conversation and resets every participant and the pattern's state. */
  @Override
  public void reset() {
    if (current.get() != null) {
      throw new IllegalStateException(
          "team '" + name() + "' is running; cancel the run before resetting");
    }
    try {
      runtime.call(new TeamProtocol.Reset(), manager, null, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("interrupted while resetting team '" + name() + "'");
    }
  }

  /**
   * Saves what the team remembers between runs, as a state document of kind {@code team} ({@link
   * TeamState}): the conversation (transcript, who said each message, what each participant has
   * seen, the last turn, the turns since the last stop), the speaker selector's and termination
   * condition's state, and each participant's own state. Load it with {@link #loadState} into this
   * team or into a team of the same participants, in this process or another, and the next run
   * continues as this team's would have.
   *
   * @throws IllegalStateException while a run is in progress
   * @throws UnsupportedOperationException naming a selector or condition that cannot save its
   *     state
   */
  @Override
  public JsonNode saveState() {
    requireIdle("save its state");
    return (JsonNode) call(new TeamProtocol.SaveState(), "saving the state of");
  }

  /**
   * Replaces what the team remembers with a document {@link #saveState} wrote. The whole document is
   * checked, and should any part be rejected the team is left as it was. The team may stop
   * differently from the one that saved it, as AutoGen's team state holds no termination state: the
   * condition's part loads into an equal condition (one that describes itself the same way), and
   * any other condition starts afresh, as it does after a run that stopped.
   *
   * @throws StateException naming what is wrong: the format version, the kind, the path of the field
   * @throws IllegalStateException while a run is in progress
   */
  @Override
  public void loadState(JsonNode state) {
    Objects.requireNonNull(state, "state");
    requireIdle("load state");
    call(new TeamProtocol.LoadState(state), "loading state into");
  }

  private void requireIdle(String action) {
    if (current.get() != null) {
      throw new IllegalStateException(
          "team '" + name() + "' is running; " + action + " between runs");
    }
  }

  private Object call(Object message, String doing) {
    try {
      return runtime.call(message, manager, null, null);
    } catch (AgentException e) {
      Throwable cause = e;
      // The manager's own exception says what is wrong; the runtime's wrapper adds nothing.
      while (cause instanceof AgentException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw rethrow(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("interrupted while " + doing + " team '" + name() + "'");
    }
  }

  /**
   * This team as one agent, outside another team (as a tool, say): runs the team on the messages,
   * or continues its conversation when there are none, and answers with the text of the run's
   * last message. The inner participants' work is reported to {@code listener}. (Inside another
   * team, a team adds every message of its run to the outer conversation instead.)
   *
   * @throws TeamRunException when the run fails
   */
  @Override
  public AgentResponse onMessages(
      List<? extends AgentMessage> messages,
      CancellationToken cancellation,
      Consumer<AgentEvent> listener) {
    List<AgentEvent> events = new ArrayList<>();
    Consumer<TeamEvent> forward =
        event -> {
          if (event instanceof TeamEvent.Activity activity) {
            events.add(activity.event());
            listener.accept(activity.event());
          }
        };
    RunRequest request = messages.isEmpty() ? RunRequest.continuing() : RunRequest.of(messages);
    TaskResult result = run(request.cancellation(cancellation).listener(forward));
    AgentMessage answer = new AgentMessage.Text(name(), result.lastMessage().content());
    AgentEvent.Answered answered = new AgentEvent.Answered(name(), answer, result.usage());
    events.add(answered);
    listener.accept(answered);
    return new AgentResponse(answer, events, result.usage(), null);
  }

  /**
   * Pauses the team's participants, as AutoGen's {@code pause()} does: calls each participant's
   * {@link ChatAgent#onPause} hook, in the team's order, and returns once they have all returned.
   * It reaches a participant in the middle of its turn (the hook runs beside the turn), and works
   * between runs too; a participant that is itself a team pauses its own participants. The run
   * goes on: pausing ends no turn and no run, and honouring it is each participant's affair. Not to
   * be confused with a durable run that pauses for a person's answer, continued by {@link
   * #resume}.
   *
   * @throws IllegalStateException naming the participant whose hook threw, which is its cause;
   *     the participants after it are not paused
   */
  public void pauseParticipants() {
    control(new TeamProtocol.PauseParticipant(), "pause");
  }

  /**
   * Resumes the team's participants after {@link #pauseParticipants}: calls each participant's
   * {@link ChatAgent#onResume} hook, as that method calls the pause hooks.
   *
   * @throws IllegalStateException naming the participant whose hook threw, which is its cause
   */
  public void resumeParticipants() {
    control(new TeamProtocol.ResumeParticipant(), "resume");
  }

  /** As a participant of another team that is paused: pauses this team's participants. */
  @Override
  public void onPause(CancellationToken cancellation) {
    pauseParticipants();
  }

  /** As a participant of another team that is resumed: resumes this team's participants. */
  @Override
  public void onResume(CancellationToken cancellation) {
    resumeParticipants();
  }

  /** Sends {@code message} to each container as a control message, one after another. */
  private void control(Object message, String verb) {
    for (Map.Entry<String, AgentId> container : containers.entrySet()) {
      CompletableFuture<Object> done =
          runtime.sendControl(message, container.getValue(), null, null);
      try {
        done.get();
      } catch (ExecutionException e) {
        Throwable cause = unwrap(e.getCause());
        while (cause instanceof AgentException && cause.getCause() != null) {
          cause = cause.getCause();
        }
        throw new IllegalStateException(
            "team '"
                + name()
                + "': participant '"
                + container.getKey()
                + "' failed to "
                + verb
                + ": "
                + cause,
            cause);
      } catch (InterruptedException e) {
        done.cancel(true);
        Thread.currentThread().interrupt();
        throw new CancelledException(
            "interrupted while team '" + name() + "' was told to " + verb + " its participants");
      }
    }
  }

  /**
   * Releases the team. Cancels the run in progress; then, on the team's own runtime, closes it. On
   * a runtime passed in, which stays open, it unregisters the agent types the team registered there
   * (its manager, its participants' containers and its collector), so their agents go, and removes
   * its collector's subscription when its instance id was made up for it. A team built with an
   * instance id of its own ({@link #Team(TeamSpec, CheckpointStore, String)}) leaves that
   * subscription: on a runtime spread over processes, every process that builds the team shares it.
   * Closing again does nothing.
   *
   * @throws RuntimeException the first failure to release something; the rest is still released
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    cancel();
    if (ownsRuntime) {
      runtime.close();
      return;
    }
    RuntimeException first = null;
    List<Runnable> releases = new ArrayList<>();
    if (subscription != null) {
      releases.add(() -> runtime.removeSubscription(subscription));
    }
    for (String type : registered) {
      releases.add(() -> runtime.unregister(type));
    }
    for (Runnable release : releases) {
      try {
        release.run();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private CompletableFuture<TaskResult> start(RunRequest request, boolean here) {
    String runId = runtime.ids().next();
    boolean listens = request.listens();
    return start(
        runId,
        new TeamProtocol.Start(runId, request.task(), !request.outputTaskMessages(), !listens),
        listens ? request.listener() : null,
        request.cancellation(),
        here);
  }

  /**
   * Starts a run: on this thread when {@code here} (its manager, and the speakers it calls, run on
   * it when they are idle and in this process), else on the runtime's threads. With a listener the
   * future completes on the run's Finished event, after every other event; with none (null) the run
   * publishes no events and the future completes with the manager's reply.
   */
  private CompletableFuture<TaskResult> start(
      String runId,
      Object begin,
      Consumer<TeamEvent> listener,
      CancellationToken caller,
      boolean here) {
    RunHandle run = new RunHandle(name(), runId, listener);
    if (!current.compareAndSet(null, run)) {
      throw new IllegalStateException(
          "team '" + name() + "' is already running; one run at a time");
    }
    // Registered even without a listener: a participant that fails leaves its exception here.
    runs.put(runId, run);
    CancellationToken.Registration link = caller.onCancel(run.cancellation::cancel);
    // The team is free again before the caller learns the run ended, so it may start the next
    // run at once.
    run.onEnd =
        () -> {
          link.close();
          runs.remove(runId);
          current.compareAndSet(run, null);
        };
    if (here) {
      try {
        TaskResult result = runtime.call(begin, manager, null, run.cancellation);
        if (listener == null) {
          run.succeed(result);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        run.fail(new CancelledException("interrupted while team '" + name() + "' was running"));
      } catch (RuntimeException e) {
        run.fail(e);
      }
      return run.future;
    }
    runtime
        .<TaskResult>send(begin, manager, null, run.cancellation)
        .whenComplete(
            (result, error) -> {
              // With a listener, success completes the run when its Finished event arrives.
              if (error != null) {
                run.fail(unwrap(error));
              } else if (listener == null) {
                run.succeed(result);
              }
            });
    return run.future;
  }

  /** The collector agent: hands each published event to the run it belongs to. */
  private Object collect(Object message, dev.cadre.core.MessageContext context) {
    if (message instanceof TeamProtocol.Progress progress) {
      RunHandle run = runs.get(progress.runId());
      if (run != null) {
        for (TeamEvent event : progress.events()) {
          run.deliver(event);
        }
      }
    }
    return null;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private RuntimeException rethrow(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof CancellationException cancellation) {
      return cancelled(cancellation);
    }
    if (cause instanceof RuntimeException runtimeException) {
      return runtimeException;
    }
    return new IllegalStateException("team '" + name() + "' failed: " + cause, cause);
  }

  private CancelledException cancelled(CancellationException cause) {
    if (cause instanceof CancelledException cancelled) {
      return cancelled;
    }
    CancelledException cancelled = new CancelledException("team '" + name() + "' was cancelled");
    cancelled.initCause(cause);
    return cancelled;
  }

  @Override
  public String toString() {
    return "Team[" + spec.name() + ", " + spec.selector() + ", " + spec.participants().size() + " participants]";
  }
}
