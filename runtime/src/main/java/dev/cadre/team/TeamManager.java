package dev.cadre.team;

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
