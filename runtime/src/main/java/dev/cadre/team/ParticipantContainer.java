package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.tool.ToolResultLog;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.HumanInputPending;
import dev.cadre.agent.UserProxyAgent;
import dev.cadre.core.Agent;
import dev.cadre.core.AgentId;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.MessageContext;
import dev.cadre.core.TopicId;
import dev.cadre.event.Telemetry;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Holds one participant on the runtime: runs its turn when the manager says so, publishes its work
 * to the team's output topic as it happens, and answers with its message. A team that takes part
 * runs its own conversation on what it was handed and answers with every chat message of it,
 * publishing each as it is said, as AutoGen's container logs a nested team's run. Pausing and
 * resuming come as control messages, which reach the participant in the middle of its turn.
 */
final class ParticipantContainer implements Agent {

  private final ChatAgent participant;
  private final AgentRuntime runtime;
  private final TopicId output;
  private final Map<String, DurableRun> durableRuns;
  private final BiConsumer<String, Throwable> failures;

  ParticipantContainer(
      ChatAgent participant,
      AgentRuntime runtime,
      TopicId output,
      Map<String, DurableRun> durableRuns,
      BiConsumer<String, Throwable> failures) {
    this.participant = participant;
    this.runtime = runtime;
    this.output = output;
    this.durableRuns = durableRuns;
    this.failures = failures;
  }

  @Override
  public Object onMessage(Object message, MessageContext context) {
    if (message instanceof TeamProtocol.Speak speak) {
      try (LogContext ignored = LogContext.of(speak.runId(), participant.name(), speak.turn());
          Scope conversation = Telemetry.current().inConversation(speak.runId())) {
        return speak(speak, context);
      }
    }
    if (message instanceof TeamProtocol.SaveParticipant) {
      return participant.saveState();
    }
    if (message instanceof TeamProtocol.LoadParticipant load) {
      participant.loadState(load.state());
      return null;
    }
    if (message instanceof TeamProtocol.ResetParticipant) {
      participant.reset();
      return null;
    }
    throw new IllegalArgumentException(
        "participant '" + participant.name() + "' got an unexpected " + message.getClass().getName());
  }

  /**
   * Calls the participant's pause or resume hook. It runs beside a turn in progress, on another
   * thread: that is what the hooks are for.
   */
  @Override
  public Object onControl(Object message, MessageContext context) {
    if (message instanceof TeamProtocol.PauseParticipant) {
      participant.onPause(context.cancellation());
      return null;
    }
    if (message instanceof TeamProtocol.ResumeParticipant) {
      participant.onResume(context.cancellation());
      return null;
    }
    throw new IllegalArgumentException(
        "participant '"
            + participant.name()
            + "' got an unexpected control message "
            + message.getClass().getName());
  }

  /**
   * The participant's own state ({@link ChatAgent#saveState}), for a distributed runtime that moves
   * this container to another process.
   */
  @Override
  public JsonNode saveState() {
    return participant.saveState();
  }

  /** Loads what {@link #saveState()} gave into the participant. */
  @Override
  public void loadState(JsonNode state) {
    if (state != null && !state.isNull()) {
      participant.loadState(state);
    }
  }

  private TeamProtocol.Spoke speak(TeamProtocol.Speak speak, MessageContext context) {
    if (participant instanceof Team team) {
      return speakAsTeam(team, speak, context);
    }
    DurableRun durable = durableRuns.get(speak.runId());
    ToolResultLog tools =
        durable == null ? ToolResultLog.NONE : durable.toolLog(participant.name());
    Turn turn = new Turn(speak, context);
    // A paused run resumed with the person's answer: the proxy answers with it, asking no one.
    String answer = durable == null ? null : durable.takeAnswer(participant.name());
    AgentResponse response;
    if (answer != null && participant instanceof UserProxyAgent proxy) {
      response = proxy.answerWith(speak.messages(), answer, turn);
    } else if (answer != null) {
      // An agent whose tool approval paused the run: its approver's question gets the answer.
      response =
          HumanInputPending.answering(
              answer,
              () -> participant.onMessages(speak.messages(), context.cancellation(), turn, tools));
    } else {
      response = participant.onMessages(speak.messages(), context.cancellation(), turn, tools);
    }
    return new TeamProtocol.Spoke(response.message(), turn.kept, response.usage());
  }

  /**
   * What the participant reports during one turn: kept for the termination condition (all but
   * text chunks), and, when the run publishes its events, published as it comes: a listener sees a
   * tool's result while the participant's next model call is still in flight. Published as the
   * manager, the turn's sender, so the events reach the collector in the run's order.
   */
  private final class Turn implements Consumer<AgentEvent> {
    final TeamProtocol.Speak speak;
    final MessageContext context;
    final List<AgentEvent> kept = new ArrayList<>();

    Turn(TeamProtocol.Speak speak, MessageContext context) {
      this.speak = speak;
      this.context = context;
    }

    @Override
    public void accept(AgentEvent event) {
      if (event instanceof AgentEvent.Answered) {
        return;
      }
      if (!(event instanceof AgentEvent.TextChunk)) {
        kept.add(event);
      }
      publish(speak, new TeamEvent.Activity(event), context);
    }
  }

  /**
   * A team's turn: its run on the messages it was handed (or a run that continues its
   * conversation, when there are none), its task left out. Each chat message and each event of
   * the inner run's timeline is published as it happens, and the inner participants' work too;
   * the answer is every chat message of the inner run. A failed inner run answers with what was
   * said before it failed, and the failure.
   */
  private TeamProtocol.Spoke speakAsTeam(
      Team team, TeamProtocol.Speak speak, MessageContext context) {
    List<AgentEvent> kept = new ArrayList<>();
    boolean teamEvents = team.spec().emitTeamEvents();
    Consumer<TeamEvent> forward =
        event -> {
          if (event instanceof TeamEvent.Activity activity) {
            if (!(activity.event() instanceof AgentEvent.TextChunk)
                && !(activity.event() instanceof AgentEvent.Answered)) {
              kept.add(activity.event());
            }
          } else if (!event.inTimeline(teamEvents)) {
            return;
          }
          publish(speak, event, context);
        };
    RunRequest request =
        (speak.messages().isEmpty() ? RunRequest.continuing() : RunRequest.of(speak.messages()))
            .withoutTaskMessages()
            .cancellation(context.cancellation())
            .listener(forward);
    try {
      TaskResult result = team.run(request);
      return new TeamProtocol.Spoke(
          result.messages(), kept, result.usage(), result.timeline(), null);
    } catch (TeamRunException e) {
      failures.accept(speak.runId(), e);
      TaskResult partial = e.partialResult();
      return new TeamProtocol.Spoke(
          partial.messages(),
          kept,
          partial.usage(),
          partial.timeline(),
          StopReason.failed(team.name() + "/" + e.participant(), partial.stop().text()));
    }
  }

  /**
   * Publishes one event of the turn, as the manager (the turn's sender), so that the events reach
   * the collector in the run's order; nothing when no one listens to the run.
   */
  private void publish(TeamProtocol.Speak speak, TeamEvent event, MessageContext context) {
    if (!speak.withoutEvents()) {
      runtime
          .publish(new TeamProtocol.Progress(speak.runId(), event), output, context.sender(), null)
          .join();
    }
  }
}
