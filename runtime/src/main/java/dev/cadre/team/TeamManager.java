package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.event.TerminalText;
import dev.cadre.event.Telemetry;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.HumanInputPending;
import dev.cadre.agent.Question;
import dev.cadre.core.Agent;
import dev.cadre.core.AgentException;
import dev.cadre.core.AgentId;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.DeliveryFailures;
import dev.cadre.core.Json;
import dev.cadre.core.MessageContext;
import dev.cadre.core.TopicId;
import dev.cadre.model.Usage;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.state.Stateful;
import dev.cadre.state.TeamState;
import dev.cadre.state.store.CheckpointKind;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.CheckpointStoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a team's conversation: chooses speakers, hands each the messages it has not seen, adds the
 * answers, checks termination, and publishes every step on the team's output topic. A run is one
 * {@link TeamProtocol.Start} handled start to end, so the runtime's one-message-at-a-time rule
 * keeps runs and resets from overlapping.
 *
 * <p>What it remembers between runs is a {@link Transcript}; {@link TeamStateLoader} saves and
 * loads it with the rest of the team's state, and {@link DurableResume} reads where a durable run
 * goes on from.
 */
final class TeamManager implements Agent {

  private static final Logger LOG = LoggerFactory.getLogger(TeamManager.class);

  private final TeamSpec spec;
  private final AgentRuntime runtime;
  private final AgentId self;
  private final Map<String, AgentId> containers;
  private final TopicId output;
  private final CheckpointStore store;
  private final Map<String, DurableRun> durableRuns;
  private final Map<String, Stateful> kept;
  private final BiConsumer<String, Throwable> failures;

  // The conversation across runs, until reset.
  private final Transcript transcript;
  private final TeamStateLoader state;

  TeamManager(
      TeamSpec spec,
      AgentRuntime runtime,
      AgentId self,
      Map<String, AgentId> containers,
      TopicId output,
      CheckpointStore store,
      Map<String, DurableRun> durableRuns,
      Map<String, Stateful> kept,
      BiConsumer<String, Throwable> failures) {
    this.spec = spec;
    this.failures = failures;
    this.store = store;
    this.durableRuns = durableRuns;
    this.kept = kept;
    this.runtime = runtime;
    this.self = self;
    this.containers = containers;
    this.output = output;
    List<Conversation.Participant> participants = new ArrayList<>();
    spec.participants()
        .forEach(p -> participants.add(new Conversation.Participant(p.name(), p.description())));
    this.transcript = new Transcript(participants);
    this.state = new TeamStateLoader(spec, runtime, self, containers, transcript);
  }

  @Override
  public Object onMessage(Object message, MessageContext context) throws Exception {
    if (message instanceof TeamProtocol.Start start) {
      return observed(start.runId(), () -> start(start, context.cancellation()));
    }
    if (message instanceof TeamProtocol.Resume resume) {
      return observed(
          resume.runId(), () -> resume(resume.runId(), resume.answer(), context.cancellation()));
    }
    if (message instanceof TeamProtocol.Reset) {
      reset(context.cancellation());
      return null;
    }
    if (message instanceof TeamProtocol.SaveState) {
      return state.save(context.cancellation());
    }
    if (message instanceof TeamProtocol.LoadState load) {
      state.load(load.state(), false, context.cancellation());
      return null;
    }
    throw new IllegalArgumentException(
        "team '" + spec.name() + "' got an unexpected " + message.getClass().getName());
  }

  private void reset(CancellationToken cancellation) throws Exception {
    transcript.clear();
    spec.selector().reset();
    if (spec.termination() != null) {
      spec.termination().reset();
    }
    // One after another, each on this thread when it can: a reset is quick, and hand-offs to
    // other threads would cost more than the resets themselves.
    for (AgentId container : containers.values()) {
      runtime.call(new TeamProtocol.ResetParticipant(), container, self, cancellation);
    }
  }

  /**
   * The manager's own memory, for a distributed runtime that moves it to another process: a {@code
   * team} document ({@link TeamState}) with the conversation (transcript, what each participant
   * has seen, the last turn) and the selector's and termination condition's state, and no
   * participants (their containers are agents of their own, moved with their own state). It is
   * taken after each handled message, and a run is one message, so it never holds half a run.
   *
   * <p>A selector or condition that cannot save its state fails it with an {@link
   * UnsupportedOperationException} naming it, as {@link Team#saveState} does, rather than leaving
   * it out: the manager's next incarnation would otherwise choose speakers differently from how
   * this one would have.
   */
  @Override
  public JsonNode saveState() {
    return state.saveOwn();
  }

  /**
   * Restores what {@link #saveState()} wrote (the participants of a whole team's document are left
   * alone); nothing changes if any part is rejected.
   *
   * @throws StateException naming what is wrong with the document
   */
  @Override
  public void loadState(JsonNode document) {
    state.loadOwn(document);
  }

  /** Resumes a durable run from its latest snapshot; see {@link DurableResume}. */
  private TaskResult resume(String runId, String answer, CancellationToken cancellation) {
    DurableResume from = DurableResume.read(store, spec.name(), runId, answer);
    Run run = new Run(runId, cancellation, null);
    if (from.finished() != null) {
      return run.finish(from.finished());
    }
    from.restoreKept(kept);
    state.load(from.snapshot().team(), true, cancellation);
    if (from.selectorAfterChoice() != null) {
      state.loadSelector(from.selectorAfterChoice());
    }
    DurableRun durable = from.durableRun(store);
    durableRuns.put(runId, durable);
    try {
      from.commitResumed(durable);
      run = new Run(runId, cancellation, durable);
      run.messages.addAll(from.snapshot().messages());
      run.timeline.addAll(from.snapshot().timeline());
      run.usage = from.usage();
      run.turns = from.snapshot().turns();
      return run.loop(null, from.chosen());
    } finally {
      durableRuns.remove(runId, durable);
    }
  }

  /** The documents of what the team keeps with its runs, now; taken between turns. */
  private Map<String, JsonNode> keptNow() {
    Map<String, JsonNode> documents = new TreeMap<>();
    kept.forEach((name, part) -> documents.put(name, part.saveState()));
    return documents;
  }

  // The span of the run this manager's handler is in, if any: the manager handles one message at a
  // time, and a run is one message.
  private Telemetry.Operation runSpan;
  // The run this manager's handler is in, if any, for its events not yet published.
  private Run running;

  /**
   * Runs {@code run} in the span of a team run, failed when the run throws or ends with a
   * participant's (or the selector's) failure.
   */
  private TaskResult observed(String runId, Supplier<TaskResult> run) {
    try (LogContext ignored = LogContext.of(runId, spec.name(), 0)) {
      LOG.debug("team '{}' runs", spec.name());
      Telemetry.Operation span = Telemetry.current().teamRun(spec.name(), runId);
      runSpan = span;
      try {
        return run.get();
      } catch (RuntimeException | Error e) {
        span.fail(e);
        throw e;
      } finally {
        runSpan = null;
        span.close(); // when the run threw; otherwise ended() has closed it already
        Run ran = running;
        running = null;
        if (ran != null) {
          ran.flush(); // what a run that threw had not published yet
        }
      }
    }
  }

  /**
   * Ends the run's span with its result. It must end before the Finished event goes out: the
   * caller's run() returns on that event, and the span would otherwise end after it.
   */
  private void ended(TaskResult result) {
    Telemetry.Operation span = runSpan;
    if (span == null) {
      return;
    }
    StopReason stop = result.stop();
    if (stop.kind() == StopReason.Kind.FAILED) {
      span.fail("participant_failed", stop.source() + ": " + stop.text());
      // The stop quotes what failed, which may quote a model: logs often end on a terminal.
      LOG.warn("team '{}' stopped: {}", spec.name(), TerminalText.clean(stop.toString()));
    } else {
      LOG.debug("team '{}' stopped: {}", spec.name(), TerminalText.clean(stop.toString()));
    }
    span.close();
  }

  private TaskResult start(TeamProtocol.Start start, CancellationToken cancellation) {
    if (store == null) {
      return new Run(start.runId(), cancellation, null)
          .publishing(!start.withoutEvents())
          .execute(start.task(), !start.withoutTaskMessages());
    }
    if (store.load(start.runId()).isPresent()) {
      throw new IllegalArgumentException(
          "run '"
              + start.runId()
              + "' already exists in "
              + store
              + "; resume it, or start the task under a new run id");
    }
    DurableRun durable = new DurableRun(store, start.runId(), 0);
    durableRuns.put(start.runId(), durable);
    try {
      return new Run(start.runId(), cancellation, durable)
          .publishing(!start.withoutEvents())
          .execute(start.task(), !start.withoutTaskMessages());
    } finally {
      durableRuns.remove(start.runId(), durable);
    }
  }

  /** One run of the conversation. */
  private final class Run {
    private final String runId;
    private final CancellationToken cancellation;
    private final DurableRun durable;
    // One per run: a run reports to one telemetry from start to end, whatever is installed meanwhile.
    private final Telemetry telemetry = Telemetry.current();
    private final List<AgentMessage> messages = new ArrayList<>();
    private final List<TeamEvent> timeline = new ArrayList<>();
    private Usage usage = Usage.ZERO;
    // This run's turns, for the logs; maxTurns counts turnsSinceStop.
    private int turns;
    // Whether the run's events are published, and the manager's own not published yet: they go
    // out in one publish before each step that may take a while (choosing speakers, a turn) and
    // at the end, as the selector's own events do, so a listener never waits on them.
    private boolean publish = true;
    private final List<TeamEvent> unpublished = new ArrayList<>();

    Run(String runId, CancellationToken cancellation, DurableRun durable) {
      this.runId = runId;
      this.cancellation = cancellation;
      this.durable = durable;
      running = this;
    }

    /** Sets whether the run's events are published; see {@link TeamProtocol.Start}. */
    Run publishing(boolean events) {
      publish = events;
      return this;
    }

    /**
     * Starts the run: adds the task, if any, and checks the condition on it (AutoGen's
     * handle_start); a run without a task goes straight to the next speaker.
     */
    TaskResult execute(List<AgentMessage> task, boolean outputTask) {
      TerminationCondition termination = spec.termination();
      StopReason stop = null;
      if (termination != null && termination.terminated()) {
        stop = StopReason.alreadyTerminated();
      } else {
        // Before anything changes, so that a refused run leaves the conversation as it was; with
        // no task too, as AutoGen validates a continued run.
        spec.selector().checkStart(transcript.conversation(), task);
      }
      if (stop == null && !task.isEmpty()) {
        int from = transcript.size();
        for (AgentMessage message : task) {
          transcript.add(message, null);
          if (outputTask) {
            messages.add(message);
            emit(new TeamEvent.Message(message));
          }
        }
        transcript.taskAdded(from);
        stop = check(termination, task, List.of());
      }
      if (stop == null) {
        snapshot(null);
      }
      return loop(stop, null);
    }

    /**
     * Takes turns until the run stops.
     *
     * @param chosen the speakers of the first turn, already chosen and committed; null to ask the
     *     selector
     */
    TaskResult loop(StopReason stop, List<String> chosen) {
      TerminationCondition termination = spec.termination();
      while (stop == null) {
        if (transcript.turnsSinceStop() >= spec.maxTurns()) {
          stop = StopReason.maxTurns(spec.maxTurns());
          break;
        }
        List<String> speakers;
        List<AgentMessage> announced = List.of();
        String completed = null;
        if (chosen != null) {
          speakers = chosen;
          chosen = null;
        } else {
          flush(); // a listener sees what led here while the selector (a model, say) works
          try (Telemetry.Operation selection = telemetry.selectSpeaker(spec.name())) {
            SpeakerSelector.Selection chosenNow;
            try {
              chosenNow =
                  spec.selector().choose(transcript.conversation(), cancellation, this::emitNow);
            } catch (RuntimeException | Error e) {
              selection.fail(e);
              throw e;
            }
            speakers = chosenNow.speakers();
            announced = chosenNow.said();
            completed = chosenNow.stop();
            telemetry.speakersChosen(selection, speakers);
          } catch (CancellationException e) {
            throw e;
          } catch (RuntimeException e) {
            stop = failed("selector", e);
            break;
          }
          if (!announced.isEmpty()) {
            // The selector's own words (an orchestrator's instruction) join the conversation
            // before anyone speaks, and are committed before the choice, which a resumed run
            // takes from the snapshot after them.
            for (AgentMessage message : announced) {
              transcript.add(message, null);
              messages.add(message);
              emit(new TeamEvent.Message(message));
            }
            snapshot(null);
          }
          if (speakers.isEmpty()) {
            stop =
                StopReason.complete(
                    String.valueOf(spec.selector()),
                    completed == null ? StopReason.NO_SPEAKER : completed);
            break;
          }
          if (durable != null) {
            DurableRun.Choice choice =
                new DurableRun.Choice(
                    speakers, spec.selector().saveState(), usage, keptNow());
            durable.append(
                CheckpointKind.SPEAKER_CHOICE, State.write(DurableRun.SPEAKERS, choice));
          }
        }
        emit(new TeamEvent.SpeakersSelected(speakers));
        flush(); // the speakers' own events follow these on the output topic
        LogContext.turn(turns + 1);
        LOG.debug("turn {}: {} speak", turns + 1, speakers);
        Map<String, TeamProtocol.Spoke> said = new LinkedHashMap<>();
        CancellationToken turnToken = new CancellationToken();
        try (CancellationToken.Registration link = cancellation.onCancel(turnToken::cancel)) {
          Map<String, CompletableFuture<TeamProtocol.Spoke>> turn = new LinkedHashMap<>();
          for (String speaker : speakers) {
            turn.put(speaker, speak(speaker, turnToken, turn.size() == speakers.size() - 1));
          }
          Question waiting = null;
          for (Map.Entry<String, CompletableFuture<TeamProtocol.Spoke>> entry : turn.entrySet()) {
            TeamProtocol.Spoke spoke;
            try {
              spoke = entry.getValue().get();
            } catch (ExecutionException | CompletionException e) {
              Throwable cause = rootCause(e);
              if (cancellation.isCancelled() || cause instanceof CancellationException) {
                throw new CancelledException("team '" + spec.name() + "' was cancelled");
              }
              turnToken.cancel();
              if (cause instanceof CheckpointStoreException lostRun) {
                // The run's steps cannot be committed (another process took it over): stop acting.
                throw lostRun;
              }
              if (cause instanceof HumanInputPending pending && durable != null) {
                // A tool's question (an MCP server's) waits for the speaker whose turn it stopped:
                // the answer goes back to that speaker's turn.
                Question asked = pending.question();
                waiting =
                    asked.agent().equals(entry.getKey())
                        ? asked
                        : new Question(asked.id(), entry.getKey(), asked.prompt(), asked.context());
                break;
              }
              stop = failed(entry.getKey(), cause);
              break;
            } catch (CancellationException e) {
              throw new CancelledException("team '" + spec.name() + "' was cancelled");
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              turnToken.cancel();
              throw new CancelledException("team '" + spec.name() + "' was interrupted");
            }
            if (durable != null) {
              ObjectNode message = State.document(DurableRun.MESSAGE);
              message.put("speaker", entry.getKey());
              message.set("spoke", Json.mapper().valueToTree(spoke));
              durable.append(CheckpointKind.MESSAGE, message);
            }
            said.put(entry.getKey(), spoke);
            usage = usage.plus(spoke.usage());
            if (spoke.failure() != null) {
              // A team that took part failed after its participants said something: keep that.
              turnToken.cancel();
              stop = spoke.failure();
              break;
            }
          }
          if (waiting != null) {
            return pause(waiting);
          }
          int from = transcript.size();
          said.forEach(this::add);
          if (stop != null) {
            break;
          }
          transcript.turnTaken(speakers, from);
          turns++;
          telemetry.teamTurn(spec.name());
          // The pattern may say the run is complete (a graph with no node left), before the
          // termination condition is asked.
          try {
            stop =
                spec.selector()
                    .afterTurn(transcript.conversation())
                    .map(text -> StopReason.complete(String.valueOf(spec.selector()), text))
                    .orElse(null);
          } catch (CancellationException e) {
            throw e;
          } catch (RuntimeException e) {
            stop = failed("selector", e);
            break;
          }
          // Checked speaker by speaker, each with its own events, as if they came in turn.
          for (TeamProtocol.Spoke spoke : said.values()) {
            if (stop != null) {
              break;
            }
            stop = check(termination, spoke.messages(), spoke.events());
          }
          if (stop == null) {
            snapshot(null);
          }
        }
      }
      if (stop.endsStretch()) {
        // AutoGen resets both when a run stops this way, so the next run counts afresh.
        if (termination != null) {
          termination.reset();
        }
        transcript.stretchEnded();
      }
      snapshot(stop);
      return finish(new TaskResult(messages, timeline, stop, usage, null));
    }

    /** Asks {@code speaker}'s container for its turn, handing it what it has not seen. */
    private CompletableFuture<TeamProtocol.Spoke> speak(
        String speaker, CancellationToken token, boolean last) {
      AgentId container = containers.get(speaker);
      if (container == null) {
        throw new IllegalStateException(
            spec.selector() + " chose '" + speaker + "', who is not in team '" + spec.name() + "'");
      }
      return ask(
          container,
          new TeamProtocol.Speak(runId, transcript.unseenBy(speaker), turns + 1, !publish),
          token,
          last);
    }

    /**
     * Adds what {@code speaker} said to the conversation and the result, and publishes it unless
     * its container has (a team that took part publishes its inner run as it goes).
     */
    private void add(String speaker, TeamProtocol.Spoke spoke) {
      boolean published = spoke.published() != null;
      if (published) {
        timeline.addAll(spoke.published());
      } else {
        for (AgentEvent event : spoke.events()) {
          TeamEvent.Activity activity = new TeamEvent.Activity(event);
          if (activity.inTimeline(spec.emitTeamEvents())) {
            timeline.add(activity);
          }
        }
      }
      for (AgentMessage message : spoke.messages()) {
        transcript.add(message, speaker);
        messages.add(message);
        if (!published) {
          emit(new TeamEvent.Message(message));
        }
      }
    }

    /**
     * Ends this call of a durable run that waits for a person: commits the question and returns a
     * result that carries it. The turn's answers so far are not added: the resume runs the turn
     * again from its start (the speakers stay the ones chosen), the proxy answering with the
     * person's words.
     */
    private TaskResult pause(Question question) {
      durable.append(
          CheckpointKind.PAUSED,
          State.write(DurableRun.PAUSED, new DurableRun.Paused(question)));
      StopReason waiting =
          new StopReason(
              StopReason.Kind.WAITING,
              question.agent(),
              "waiting for a person's answer to '"
                  + question.agent()
                  + "'s question "
                  + question.id()
                  + ": "
                  + question.prompt());
      return finish(new TaskResult(messages, timeline, waiting, usage, question));
    }

    TaskResult finish(TaskResult result) {
      ended(result);
      emit(new TeamEvent.Finished(result));
      return result;
    }

    /** Commits the team's whole state and the run's progress, when the run is durable. */
    private void snapshot(StopReason stop) {
      if (durable == null) {
        return;
      }
      DurableRun.Snapshot snapshot =
          new DurableRun.Snapshot(
              state.save(cancellation), messages, timeline, turns, usage, stop, keptNow());
      durable.append(CheckpointKind.SNAPSHOT, State.write(DurableRun.SNAPSHOT, snapshot));
    }

    /** The condition's verdict on what was just added; a condition that throws fails the run. */
    private StopReason check(
        TerminationCondition termination, List<AgentMessage> said, List<AgentEvent> events) {
      if (termination == null) {
        return null;
      }
      try {
        return termination
            .check(said, events)
            .map(text -> StopReason.condition(termination, text))
            .orElse(null);
      } catch (CancellationException e) {
        throw e;
      } catch (RuntimeException e) {
        return failed("termination", e);
      }
    }

    /**
     * The stop of a run that {@code who} failed; its exception goes to the caller, when the caller
     * is in this process, as the cause of the {@link TeamRunException}.
     */
    private StopReason failed(String who, Throwable cause) {
      failures.accept(runId, cause);
      return StopReason.failed(who, DeliveryFailures.describe(cause));
    }

    /** Publishes one event of the run on the output topic, and keeps it for the result. */
    private void emit(TeamEvent event) {
      if (event instanceof TeamEvent.Activity activity
          && activity.event() instanceof AgentEvent.ModelUsage modelUsage) {
        usage = usage.plus(modelUsage.usage());
      }
      if (event.inTimeline(spec.emitTeamEvents())) {
        timeline.add(event);
      }
      if (!publish) {
        return;
      }
      unpublished.add(event);
      if (event instanceof TeamEvent.Finished
          || (event instanceof TeamEvent.Activity streamed
              && streamed.event() instanceof AgentEvent.TextChunk)) {
        flush();
      }
    }

    /** Emits an event of a step in progress (the selector's): published at once, with the rest. */
    private void emitNow(TeamEvent event) {
      emit(event);
      flush();
    }

    /** Publishes the events not published yet, in one message. */
    void flush() {
      if (unpublished.isEmpty()) {
        return;
      }
      TeamProtocol.Progress progress = new TeamProtocol.Progress(runId, unpublished);
      unpublished.clear();
      runtime.publish(progress, output, self, null).join();
    }

    /**
     * Gives a speaker its turn. The last speaker of a turn is called, so that when it is idle and
     * in this process it speaks on this thread (the manager would only wait for it); the others
     * are sent their turn first, to speak at the same time on threads of their own.
     */
    private CompletableFuture<TeamProtocol.Spoke> ask(
        AgentId container, TeamProtocol.Speak speak, CancellationToken token, boolean last) {
      if (!last) {
        return runtime.send(speak, container, self, token);
      }
      try {
        return CompletableFuture.completedFuture(runtime.call(speak, container, self, token));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return CompletableFuture.failedFuture(
            new CancelledException("team '" + spec.name() + "' was interrupted"));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
  }

  /** The exception under the wrappers of a reply and of the runtime. */
  static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof ExecutionException
            || cause instanceof CompletionException
            || cause instanceof AgentException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
