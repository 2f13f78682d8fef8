package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.tool.ToolResultLog;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.UserProxyAgent;
import dev.cadre.core.Agent;
import dev.cadre.core.AgentId;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.MessageContext;
import dev.cadre.core.TopicId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Holds one participant on the runtime: runs its turn when the manager says so, publishes its work
 * to the team's output topic as it happens, and answers with its message. Pausing and resuming
 * come as control messages, which reach the participant in the middle of its turn.
 */
final class ParticipantContainer implements Agent {

  private final ChatAgent participant;
  private final AgentRuntime runtime;
  private final TopicId output;
  private final Map<String, DurableRun> durableRuns;

  ParticipantContainer(
      ChatAgent participant,
      AgentRuntime runtime,
      TopicId output,
      Map<String, DurableRun> durableRuns) {
    this.participant = participant;
    this.runtime = runtime;
    this.output = output;
    this.durableRuns = durableRuns;
  }

  @Override
  public Object onMessage(Object message, MessageContext context) {
    if (message instanceof TeamProtocol.Speak speak) {
      try (LogContext ignored = LogContext.of(speak.runId(), participant.name(), speak.turn())) {
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
   * this container to another process. A participant that cannot save its state gives null, so
   * nothing moves and it starts afresh there, as a participant without memory would: failing would
   * keep a team of such participants off distributed runtimes, though many (tools, proxies for a
   * person, agents of a fixed reply) remember nothing worth moving.
   */
  @Override
  public JsonNode saveState() {
    try {
      return participant.saveState();
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  /** Loads what {@link #saveState()} gave into the participant. */
  @Override
  public void loadState(JsonNode state) {
    if (state != null && !state.isNull()) {
      participant.loadState(state);
    }
  }

  private TeamProtocol.Spoke speak(TeamProtocol.Speak speak, MessageContext context) {
    DurableRun durable = durableRuns.get(speak.runId());
    ToolResultLog tools =
        durable == null ? ToolResultLog.NONE : durable.toolLog(participant.name());
    Turn turn = new Turn(speak, context.sender());
    // A paused run resumed with the person's answer: the proxy answers with it, asking no one.
    String answer = durable == null ? null : durable.takeAnswer(participant.name());
    AgentResponse response =
        answer != null && participant instanceof UserProxyAgent proxy
            ? proxy.answerWith(answer, turn)
            : participant.onMessages(speak.messages(), context.cancellation(), turn, tools);
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
    final AgentId manager;
    final List<AgentEvent> kept = new ArrayList<>();

    Turn(TeamProtocol.Speak speak, AgentId manager) {
      this.speak = speak;
      this.manager = manager;
    }

    @Override
    public void accept(AgentEvent event) {
      if (event instanceof AgentEvent.Answered) {
        return;
      }
      if (!(event instanceof AgentEvent.TextChunk)) {
        kept.add(event);
      }
      if (!speak.withoutEvents()) {
        runtime
            .publish(
                new TeamProtocol.Progress(speak.runId(), new TeamEvent.Activity(event)),
                output,
                manager,
                null)
            .join();
      }
    }
  }
}
