package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.Agent;
import dev.cadre.core.AgentException;
import dev.cadre.core.AgentId;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.MessageContext;
import dev.cadre.core.TopicId;
import dev.cadre.model.Usage;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.state.TeamState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Keeps a team's conversation: chooses speakers, hands each the messages it has not seen, adds the
 * answers, checks termination, and publishes every step on the team's output topic. A run is one
 * {@link TeamProtocol.Start} handled start to end, so the runtime's one-message-at-a-time rule
 * keeps runs and resets from overlapping.
 */
final class TeamManager implements Agent {

  private final TeamSpec spec;
  private final AgentRuntime runtime;
  private final AgentId self;
  private final Map<String, AgentId> containers;
  private final TopicId output;
  private final List<Conversation.Participant> participants = new ArrayList<>();

  // The conversation across runs, until reset.
  private final List<AgentMessage> transcript = new ArrayList<>();
  private final Map<String, Integer> seen = new HashMap<>();
  private List<String> lastSpeakers = List.of();
  private List<AgentMessage> lastTurn = List.of();

  TeamManager(
      TeamSpec spec,
      AgentRuntime runtime,
      AgentId self,
      Map<String, AgentId> containers,
      TopicId output) {
    this.spec = spec;
    this.runtime = runtime;
    this.self = self;
    this.containers = containers;
    this.output = output;
    spec.participants()
        .forEach(p -> participants.add(new Conversation.Participant(p.name(), p.description())));
  }

  @Override
  public Object onMessage(Object message, MessageContext context) throws Exception {
    if (message instanceof TeamProtocol.Start start) {
      return new Run(start.runId(), context.cancellation()).execute(start.task());
    }
    if (message instanceof TeamProtocol.Reset) {
      reset(context.cancellation());
      return null;
    }
    if (message instanceof TeamProtocol.SaveState) {
      return saveState(context.cancellation());
    }
    if (message instanceof TeamProtocol.LoadState load) {
      loadState(load.state(), context.cancellation());
      return null;
    }
    throw new IllegalArgumentException(
        "team '" + spec.name() + "' got an unexpected " + message.getClass().getName());
  }

  private void reset(CancellationToken cancellation) throws Exception {
    transcript.clear();
    seen.clear();
    lastSpeakers = List.of();
    lastTurn = List.of();
    spec.selector().reset();
    if (spec.termination() != null) {
      spec.termination().reset();
    }
    List<CompletableFuture<Object>> resets = new ArrayList<>();
    for (AgentId container : containers.values()) {
      resets.add(runtime.send(new TeamProtocol.ResetParticipant(), container, self, cancellation));
    }
    for (CompletableFuture<Object> reset : resets) {
      reset.get();
    }
  }

  private JsonNode saveState(CancellationToken cancellation) {
    Map<String, Integer> seenInOrder = new LinkedHashMap<>();
    for (String name : containers.keySet()) {
      if (seen.containsKey(name)) {
        seenInOrder.put(name, seen.get(name));
      }
    }
    TerminationCondition termination = spec.termination();
    TeamState state =
        new TeamState(
            spec.name(),
            transcript,
            seenInOrder,
            lastSpeakers,
            lastTurn,
            spec.selector().saveState(),
            termination == null ? null : termination.saveState(),
            saveParticipants(cancellation));
    return State.write(TeamState.KIND, state);
  }

  private Map<String, JsonNode> saveParticipants(CancellationToken cancellation) {
    Map<String, CompletableFuture<Object>> asked = new LinkedHashMap<>();
    containers.forEach(
        (name, container) ->
            asked.put(
                name,
                runtime.send(new TeamProtocol.SaveParticipant(), container, self, cancellation)));
    Map<String, JsonNode> states = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<Object>> entry : asked.entrySet()) {
      states.put(entry.getKey(), (JsonNode) await(entry.getValue()));
    }
    return states;
  }

  /**
   * Checks the whole document, then loads it. The selector, the termination condition and the
   * participants each check their own part before changing anything; should one refuse after
   * others have loaded, those are given back the state they had, so a rejected document leaves the
   * whole team as it was.
   */
  private void loadState(JsonNode document, CancellationToken cancellation) {
    TeamState saved = State.read(State.open(document, TeamState.KIND), TeamState.class);
    check(saved);
    TerminationCondition termination = spec.termination();
    JsonNode selectorBefore = spec.selector().saveState();
    JsonNode terminationBefore = termination == null ? null : termination.saveState();
    Map<String, JsonNode> participantsBefore = saveParticipants(cancellation);
    try {
      load("selector", () -> spec.selector().loadState(saved.selector()));
      if (termination != null) {
        load("termination", () -> termination.loadState(saved.termination()));
      }
      loadParticipants(saved.participants(), "participants.", cancellation);
    } catch (RuntimeException e) {
      spec.selector().loadState(selectorBefore);
      if (termination != null) {
        termination.loadState(terminationBefore);
      }
      loadParticipants(participantsBefore, "", cancellation);
      throw e;
    }
    transcript.clear();
    transcript.addAll(saved.messages());
    seen.clear();
    seen.putAll(saved.seen());
    lastSpeakers = saved.lastSpeakers();
    lastTurn = saved.lastTurn();
  }

  private void check(TeamState saved) {
    if (!saved.name().equals(spec.name())) {
      throw new StateException(
          "name",
          "the state is team '" + saved.name() + "'s, and cannot be loaded into team '" + spec.name() + "'");
    }
    if (!saved.participants().keySet().equals(containers.keySet())) {
      throw new StateException(
          "participants",
          "the state has participants "
              + saved.participants().keySet()
              + ", team '"
              + spec.name()
              + "' has "
              + containers.keySet()
              + "; load it into a team of the same participants");
    }
    saved.seen().forEach(
        (name, count) -> {
          if (!containers.containsKey(name)) {
            throw new StateException("seen." + name, "'" + name + "' is not a participant");
          }
          if (count == null || count < 0 || count > saved.messages().size()) {
            throw new StateException(
                "seen." + name,
                "must be between 0 and the " + saved.messages().size() + " messages, was " + count);
          }
        });
    for (int i = 0; i < saved.lastSpeakers().size(); i++) {
      if (!containers.containsKey(saved.lastSpeakers().get(i))) {
        throw new StateException(
            "lastSpeakers[" + i + "]", "'" + saved.lastSpeakers().get(i) + "' is not a participant");
      }
    }
    boolean hasTermination = spec.termination() != null;
    boolean savedTermination = saved.termination() != null && !saved.termination().isNull();
    if (hasTermination != savedTermination) {
      throw new StateException(
          "termination",
          hasTermination
              ? "missing, but team '" + spec.name() + "' stops on " + spec.termination()
              : "present, but team '" + spec.name() + "' has no termination condition");
    }
  }

  private void loadParticipants(
      Map<String, JsonNode> states, String path, CancellationToken cancellation) {
    Map<String, CompletableFuture<Object>> loads = new LinkedHashMap<>();
    states.forEach(
        (name, state) ->
            loads.put(
                name,
                runtime.send(
                    new TeamProtocol.LoadParticipant(state), containers.get(name), self, cancellation)));
    RuntimeException first = null;
    for (Map.Entry<String, CompletableFuture<Object>> entry : loads.entrySet()) {
      try {
        await(entry.getValue());
      } catch (StateException e) {
        first = first == null ? e.within(path + entry.getKey()) : first;
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static void load(String path, Runnable load) {
    try {
      load.run();
    } catch (StateException e) {
      throw e.within(path);
    }
  }

  /** Waits for a reply, failing with what the other agent threw. */
  private Object await(CompletableFuture<Object> reply) {
    try {
      return reply.get();
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = rootCause(e);
      throw cause instanceof RuntimeException runtimeException
          ? runtimeException
          : new IllegalStateException(cause.toString(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("interrupted while team '" + spec.name() + "' saved or loaded state");
    }
  }

  /** One run of the conversation. */
  private final class Run {
    private final String runId;
    private final CancellationToken cancellation;
    private final List<AgentMessage> messages = new ArrayList<>();
    private Usage usage = Usage.ZERO;

    Run(String runId, CancellationToken cancellation) {
      this.runId = runId;
      this.cancellation = cancellation;
    }

    TaskResult execute(List<AgentMessage> task) {
      TerminationCondition termination = spec.termination();
      if (termination != null) {
        termination.reset();
      }
      add(task);
      lastTurn = List.copyOf(task);
      String stop = check(termination, task, List.of());
      int turns = 0;
      TaskResult.Failure failure = null;
      while (stop == null) {
        if (turns >= spec.maxTurns()) {
          stop = "maximum of " + spec.maxTurns() + " turns reached";
          break;
        }
        List<String> speakers;
        try {
          speakers =
              spec.selector()
                  .next(
                      new Conversation(participants, transcript, lastSpeakers, lastTurn),
                      cancellation,
                      this::emit);
        } catch (CancellationException e) {
          throw e;
        } catch (RuntimeException e) {
          failure = new TaskResult.Failure(spec.name() + "/selector", describe(e));
          stop = "choosing the next speaker failed: " + describe(e);
          break;
        }
        if (speakers.isEmpty()) {
          stop = "no participant is left to speak";
          break;
        }
        emit(new TeamEvent.SpeakersSelected(speakers));
        Map<String, CompletableFuture<TeamProtocol.Spoke>> turn = new LinkedHashMap<>();
        CancellationToken turnToken = new CancellationToken();
        try (CancellationToken.Registration link = cancellation.onCancel(turnToken::cancel)) {
          for (String speaker : speakers) {
            AgentId container = containers.get(speaker);
            if (container == null) {
              throw new IllegalStateException(
                  spec.selector() + " chose '" + speaker + "', who is not in team '" + spec.name() + "'");
            }
            turn.put(
                speaker,
                runtime.send(
                    new TeamProtocol.Speak(runId, unseenBy(speaker)), container, self, turnToken));
          }
          List<AgentMessage> said = new ArrayList<>();
          List<List<AgentEvent>> events = new ArrayList<>();
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
              failure = new TaskResult.Failure(entry.getKey(), describe(cause));
              break;
            } catch (CancellationException e) {
              throw new CancelledException("team '" + spec.name() + "' was cancelled");
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              turnToken.cancel();
              throw new CancelledException("team '" + spec.name() + "' was interrupted");
            }
            said.add(spoke.message());
            events.add(spoke.events());
            usage = usage.plus(spoke.usage());
          }
          add(said);
          if (failure != null) {
            stop = "participant '" + failure.agent() + "' failed: " + failure.error();
            break;
          }
          lastSpeakers = List.copyOf(speakers);
          lastTurn = List.copyOf(said);
          turns++;
          // Checked message by message, with each speaker's own events, as if they came in turn.
          for (int i = 0; i < said.size() && stop == null; i++) {
            stop = check(termination, List.of(said.get(i)), events.get(i));
          }
        }
      }
      TaskResult result = new TaskResult(messages, stop, usage, failure);
      emit(new TeamEvent.Finished(result));
      return result;
    }

    private String check(
        TerminationCondition termination, List<AgentMessage> said, List<AgentEvent> events) {
      if (termination == null) {
        return null;
      }
      Optional<String> reason = termination.check(said, events);
      return reason.orElse(null);
    }

    /** The chat messages since {@code speaker} last spoke, leaving out its own. */
    private List<AgentMessage> unseenBy(String speaker) {
      int from = seen.getOrDefault(speaker, 0);
      seen.put(speaker, transcript.size());
      List<AgentMessage> unseen = new ArrayList<>();
      for (AgentMessage message : transcript.subList(from, transcript.size())) {
        if (!message.source().equals(speaker)) {
          unseen.add(message);
        }
      }
      return unseen;
    }

    private void add(List<AgentMessage> said) {
      for (AgentMessage message : said) {
        transcript.add(message);
        messages.add(message);
        emit(new TeamEvent.Message(message));
      }
    }

    private void emit(TeamEvent event) {
      if (event instanceof TeamEvent.Activity activity
          && activity.event() instanceof AgentEvent.ModelUsage modelUsage) {
        usage = usage.plus(modelUsage.usage());
      }
      runtime.publish(new TeamProtocol.Progress(runId, event), output, self, null).join();
    }
  }

  private static Throwable rootCause(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof ExecutionException
            || cause instanceof CompletionException
            || cause instanceof AgentException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return error.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
