package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.model.Usage;
import java.util.List;
import java.util.Objects;

/**
 * The messages a team's agents exchange over the runtime: the caller and the manager, the manager
 * and each participant's container, and everyone and the run's output topic. Plain records that
 * round-trip through JSON, so a team can run across processes.
 */
public final class TeamProtocol {

  private TeamProtocol() {}

  /**
   * Caller to manager: run the conversation on these task messages, or continue it where the last
   * run stopped when there are none; the reply is a TaskResult. Both flags are false in a message
   * that lacks them, which is the usual run.
   *
   * @param withoutTaskMessages true when the task messages stay out of the result and the run's
   *     events (they join the conversation either way)
   * @param withoutEvents true when no caller listens to the run's events: none is published as a
   *     {@link Progress}, and the reply is all the caller gets. False publishes them on the team's
   *     output topic as they happen
   */
  public record Start(
      String runId, List<AgentMessage> task, boolean withoutTaskMessages, boolean withoutEvents) {
    /** Checks and copies the components. */
    public Start {
      Objects.requireNonNull(runId, "runId");
      task = List.copyOf(task);
    }

    /** A run whose result and events show its task, and whose events are published. */
    public Start(String runId, List<AgentMessage> task) {
      this(runId, task, false, false);
    }
  }

  /**
   * Caller to manager: continue durable run {@code runId} from its last committed step; the reply
   * is a TaskResult.
   *
   * @param answer a person's answer to the question the run paused on, or null when it did not
   *     pause
   */
  public record Resume(String runId, String answer) {
    /** Checks the components. */
    public Resume {
      Objects.requireNonNull(runId, "runId");
    }

    /** Resumes {@code runId} with no answer. */
    public Resume(String runId) {
      this(runId, null);
    }
  }

  /** Caller to manager: forget the conversation and reset every participant. */
  public record Reset() {}

  /**
   * Manager to a container: your turn; here is what you have not seen. The reply is Spoke.
   *
   * @param turn the run's turn this is, from 1 (0 when unknown), for the logging context
   * @param withoutEvents true when the participant's work is not published, as {@link
   *     Start#withoutEvents} says
   */
  public record Speak(String runId, List<AgentMessage> messages, int turn, boolean withoutEvents) {
    /** Checks the components. */
    public Speak {
      Objects.requireNonNull(runId, "runId");
      // The manager hands over part of its transcript, which is immutable already.
      messages = SharedMessages.immutable(messages);
    }

    /** A turn whose events are published. */
    public Speak(String runId, List<AgentMessage> messages, int turn) {
      this(runId, messages, turn, false);
    }

    /** A turn of unknown number. */
    public Speak(String runId, List<AgentMessage> messages) {
      this(runId, messages, 0);
    }
  }

  /**
   * Container to manager: what the participant said in its turn.
   *
   * @param messages its answer; for a team that takes part, each chat message of its inner run
   *     (none when it stopped before anyone spoke)
   * @param events the events of its turn a termination condition may look at (tool calls and
   *     results, usage; no text chunks)
   * @param usage the turn's usage
   * @param published for a team that takes part: its inner run's timeline, messages included,
   *     which the container has already published on the output topic; null for an agent, whose
   *     answer the manager publishes
   * @param failure for a team that takes part, the failure that ended its inner run after it said
   *     {@code messages}; null when it did not fail
   */
  public record Spoke(
      List<AgentMessage> messages,
      List<AgentEvent> events,
      Usage usage,
      List<TeamEvent> published,
      StopReason failure) {
    /** Copies the components. */
    public Spoke {
      messages = List.copyOf(messages);
      events = List.copyOf(events);
      usage = usage == null ? Usage.ZERO : usage;
      published = published == null ? null : List.copyOf(published);
    }

    /** An agent's answer. */
    public Spoke(AgentMessage message, List<AgentEvent> events, Usage usage) {
      this(List.of(Objects.requireNonNull(message, "message")), events, usage, null, null);
    }
  }

  /** Manager to a container: reset your participant. */
  public record ResetParticipant() {}

  /** Caller to manager, between runs: the reply is the team's state document. */
  public record SaveState() {}

  /** Caller to manager, between runs: replace the team's state with this document. */
  public record LoadState(JsonNode state) {
    /** Checks the components. */
    public LoadState {
      Objects.requireNonNull(state, "state");
    }
  }

  /** Manager to a container: the reply is your participant's state document. */
  public record SaveParticipant() {}

  /** Manager to a container: load this state document into your participant. */
  public record LoadParticipant(JsonNode state) {
    /** Checks the components. */
    public LoadParticipant {
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * Published on the team's output topic: events of a run, in order. A participant's work goes
   * out as it happens; the manager publishes its own events (messages, speakers chosen, the end)
   * together before each step that may take a while (choosing speakers, a turn) and at the end.
   */
  public record Progress(String runId, List<TeamEvent> events) {
    /** Checks and copies the components. */
    public Progress {
      Objects.requireNonNull(runId, "runId");
      events = List.copyOf(events);
    }

    /** One event. */
    public Progress(String runId, TeamEvent event) {
      this(runId, List.of(event));
    }
  }

  /**
   * Caller to a container, as a {@linkplain dev.cadre.core.AgentRuntime#sendControl control
   * message} so it reaches a participant in the middle of its turn: call its {@link
   * dev.cadre.agent.ChatAgent#onPause} hook.
   */
  public record PauseParticipant() {}

  /** Caller to a container, as a control message: call its participant's {@code onResume} hook. */
  public record ResumeParticipant() {}
}
