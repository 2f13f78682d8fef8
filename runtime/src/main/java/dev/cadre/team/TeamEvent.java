package dev.cadre.team;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import java.util.List;
import java.util.Objects;

/**
 * What a team's run reports, in order: the chat messages, the participants' work (streamed text,
 * tool calls and their results, usage), who was chosen to speak, problems choosing, and last the
 * {@link TaskResult}. Every kind round-trips through JSON. The kinds AutoGen puts in a result also
 * go into {@link TaskResult#timeline()} ({@link #inTimeline}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TeamEvent.Message.class, name = "message"),
  @JsonSubTypes.Type(value = TeamEvent.Activity.class, name = "activity"),
  @JsonSubTypes.Type(value = TeamEvent.SpeakersSelected.class, name = "speakers_selected"),
  @JsonSubTypes.Type(value = TeamEvent.SelectionProblem.class, name = "selection_problem"),
  @JsonSubTypes.Type(value = TeamEvent.Finished.class, name = "finished"),
  @JsonSubTypes.Type(value = TeamEvent.SelectorReply.class, name = "selector_reply"),
  @JsonSubTypes.Type(value = TeamEvent.TaskLedgerWritten.class, name = "task_ledger"),
  @JsonSubTypes.Type(value = TeamEvent.ProgressLedgerWritten.class, name = "progress_ledger")
})
public sealed interface TeamEvent {

  /**
   * Whether the event belongs in a result's {@link TaskResult#timeline()}: chat messages, tool
   * calls and results, memory queries, questions to a person, approvals and a society-of-mind
   * agent's inner messages; choices of speakers and a streaming selector's replies when {@code
   * teamEvents} (the team's {@link TeamSpec#emitTeamEvents()}). Never text chunks, usage, problems
   * choosing or the end.
   */
  default boolean inTimeline(boolean teamEvents) {
    return false;
  }

  /** A chat message joined the conversation: the task, or a participant's answer. */
  record Message(AgentMessage message) implements TeamEvent {
    /** Checks the components. */
    public Message {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public boolean inTimeline(boolean teamEvents) {
      return true;
    }
  }

  /**
   * A participant's work while it answers: a text chunk, tool calls, tool results or usage. Its
   * final answer comes as a {@link Message}.
   */
  record Activity(AgentEvent event) implements TeamEvent {
    /** Checks the components. */
    public Activity {
      Objects.requireNonNull(event, "event");
    }

    @Override
    public boolean inTimeline(boolean teamEvents) {
      return event instanceof AgentEvent.ToolCallsRequested
          || event instanceof AgentEvent.ToolCallsExecuted
          || event instanceof AgentEvent.MemoryQueried
          || event instanceof AgentEvent.MemoryExtracted
          || event instanceof AgentEvent.InputRequested
          || event instanceof AgentEvent.ApprovalRequested
          || event instanceof AgentEvent.ApprovalDecided
          || event instanceof AgentEvent.InnerMessage;
    }
  }

  /** The participants chosen to speak next; several when a graph fans out. */
  record SpeakersSelected(List<String> speakers) implements TeamEvent {
    /** Copies the components. */
    public SpeakersSelected {
      speakers = List.copyOf(speakers);
    }

    @Override
    public boolean inTimeline(boolean teamEvents) {
      return teamEvents;
    }
  }

  /**
   * Choosing the next speaker went wrong (a selector model named nobody, or someone who may not
   * speak) and was retried or fell back.
   *
   * @param problem what went wrong
   * @param attempt which model attempt this was, from 1
   * @param fallback who was chosen instead, or null when another attempt follows
   */
  record SelectionProblem(String problem, int attempt, String fallback) implements TeamEvent {
    /** Checks the components. */
    public SelectionProblem {
      Objects.requireNonNull(problem, "problem");
    }
  }

  /**
   * The run ended; always the last event a listener hears. A run that failed ends with a result
   * whose stop is {@link StopReason.Kind#FAILED}: listeners hear it (a console prints the failure),
   * while {@link Team#run} throws a {@link TeamRunException} and {@link Team#stream} ends with it
   * instead of this event.
   */
  record Finished(TaskResult result) implements TeamEvent {
    /** Checks the components. */
    public Finished {
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * What a streaming {@link ModelSelector}'s model answered when asked who speaks next, once its
   * streamed chunks are in (AutoGen's {@code SelectorEvent}); the choice follows as {@link
   * SpeakersSelected}, or a {@link SelectionProblem} when the reply named no one it could use.
   *
   * @param text the model's whole reply
   * @param attempt which model attempt of the turn this was, from 1
   */
  record SelectorReply(String text, int attempt) implements TeamEvent {
    /** Checks the components. */
    public SelectorReply {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public boolean inTimeline(boolean teamEvents) {
      return teamEvents;
    }
  }

  /**
   * A {@link MagenticOne} orchestrator wrote its task ledger: for a new task, or again after the
   * team stalled (a re-plan). The ledger joins the conversation as the orchestrator's message.
   *
   * @param facts what is known and what is to be found, as the model wrote it (bounded)
   * @param plan the plan over the participants, as the model wrote it (bounded)
   * @param replan 0 for a new task's first plan, then which re-plan this is, from 1
   * @param reason why it was written: a new task, or the stalls that led to it
   */
  record TaskLedgerWritten(String facts, String plan, int replan, String reason)
      implements TeamEvent {
    /** Checks the components. */
    public TaskLedgerWritten {
      Objects.requireNonNull(facts, "facts");
      Objects.requireNonNull(plan, "plan");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean inTimeline(boolean teamEvents) {
      return teamEvents;
    }
  }

  /**
   * A {@link MagenticOne} orchestrator's progress ledger before a turn; the instruction follows as
   * its message and the speaker as {@link SpeakersSelected}, unless the ledger ends the run or the
   * stalls lead to a re-plan.
   *
   * @param ledger what the model answered (bounded)
   * @param turn which turn of the task it is for, from 1
   * @param stalls the stall count after this ledger
   */
  record ProgressLedgerWritten(ProgressLedger ledger, int turn, int stalls) implements TeamEvent {
    /** Checks the components. */
    public ProgressLedgerWritten {
      Objects.requireNonNull(ledger, "ledger");
    }

    @Override
    public boolean inTimeline(boolean teamEvents) {
      return teamEvents;
    }
  }
}
