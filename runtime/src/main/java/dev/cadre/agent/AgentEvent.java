package dev.cadre.agent;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.cadre.memory.MemoryResult;
import dev.cadre.model.Usage;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.util.List;
import java.util.Objects;

/**
 * What an agent reports while it works, in order: memory recalled for a model call, streamed text,
 * tool calls asked for, approved or refused, and their results, usage of each model call, a person
 * being asked for input, the facts its memory extractor dealt with, and finally its answer. Every
 * kind round-trips through JSON.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AgentEvent.TextChunk.class, name = "text_chunk"),
  @JsonSubTypes.Type(value = AgentEvent.ToolCallsRequested.class, name = "tool_calls_requested"),
  @JsonSubTypes.Type(value = AgentEvent.ToolCallsExecuted.class, name = "tool_calls_executed"),
  @JsonSubTypes.Type(value = AgentEvent.ToolProgress.class, name = "tool_progress"),
  @JsonSubTypes.Type(value = AgentEvent.ModelUsage.class, name = "model_usage"),
  @JsonSubTypes.Type(value = AgentEvent.MemoryQueried.class, name = "memory_queried"),
  @JsonSubTypes.Type(value = AgentEvent.MemoryExtracted.class, name = "memory_extracted"),
  @JsonSubTypes.Type(value = AgentEvent.Answered.class, name = "answered"),
  @JsonSubTypes.Type(value = AgentEvent.InputRequested.class, name = "input_requested"),
  @JsonSubTypes.Type(value = AgentEvent.ApprovalRequested.class, name = "approval_requested"),
  @JsonSubTypes.Type(value = AgentEvent.ApprovalDecided.class, name = "approval_decided"),
  @JsonSubTypes.Type(value = AgentEvent.InnerMessage.class, name = "inner_message"),
  @JsonSubTypes.Type(value = AgentEvent.Reasoned.class, name = "reasoned")
})
public sealed interface AgentEvent {

  /** The agent that reported it. */
  String source();

  /** A piece of the answer's text as the model streams it. */
  record TextChunk(String source, String text) implements AgentEvent {
    /** Checks the components. */
    public TextChunk {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * The reasoning a model showed before one reply (Anthropic's thinking, DeepSeek's {@code
   * reasoning_content}), as text; a reply whose reasoning is withheld or encrypted has none.
   */
  record Reasoned(String source, String text) implements AgentEvent {
    /** Checks the components. */
    public Reasoned {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(text, "text");
    }
  }

  /** The model asked for these tools to run. */
  record ToolCallsRequested(String source, List<ToolCall> calls) implements AgentEvent {
    /** Checks and copies the components. */
    public ToolCallsRequested {
      Objects.requireNonNull(source, "source");
      calls = List.copyOf(calls);
    }
  }

  /** The tools ran; errors are results too. */
  record ToolCallsExecuted(String source, List<ToolResult> results) implements AgentEvent {
    /** Checks and copies the components. */
    public ToolCallsExecuted {
      Objects.requireNonNull(source, "source");
      results = List.copyOf(results);
    }
  }

  /**
   * A running tool reported how far it has got (an MCP server's progress notification).
   *
   * @param callId the model's id for the call
   * @param tool the tool called
   * @param progress how much is done
   * @param total how much there is to do, or null when unknown
   * @param message what the tool is doing, or null
   */
  record ToolProgress(
      String source, String callId, String tool, double progress, Double total, String message)
      implements AgentEvent {
    /** Checks the components. */
    public ToolProgress {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(callId, "callId");
      Objects.requireNonNull(tool, "tool");
    }
  }

  /** One model call's usage. */
  record ModelUsage(String source, String model, Usage usage) implements AgentEvent {
    /** Checks the components. */
    public ModelUsage {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(usage, "usage");
    }
  }

  /**
   * Before a model call, {@code memory} recalled these results, which the call saw as a system
   * message. Reported only when it recalled something.
   */
  record MemoryQueried(String source, String memory, List<MemoryResult> results)
      implements AgentEvent {
    /** Checks and copies the components. */
    public MemoryQueried {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(memory, "memory");
      results = List.copyOf(results);
    }
  }

  /**
   * After a turn, the agent's memory extractor dealt with one fact: wrote it, skipped it as already
   * stored, or failed. Reported before {@link Answered}.
   *
   * @param text the fact, or for {@link Outcome#FAILED} the reason
   * @param id the entry written, or the stored entry a duplicate matched; null when it failed
   */
  record MemoryExtracted(String source, Outcome outcome, String text, String id)
      implements AgentEvent {
    /** Checks the components. */
    public MemoryExtracted {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(text, "text");
    }

    /** What the extractor did with the fact. */
    public enum Outcome {
      /** A new entry was written. */
      WRITTEN,
      /** The store already held it; nothing was written. */
      DUPLICATE,
      /** Nothing could be extracted or written. */
      FAILED
    }
  }

  /**
   * The agent's final answer for this turn, with the usage of all its model calls in the turn.
   */
  record Answered(String source, AgentMessage message, Usage totalUsage) implements AgentEvent {
    /** Checks the components. */
    public Answered {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(totalUsage, "totalUsage");
    }
  }

  /**
   * The participant is waiting for a person to answer question {@code questionId} (for a {@link
   * HumanInbox}, the id to answer).
   */
  record InputRequested(String source, String questionId, String prompt) implements AgentEvent {
    /** Checks the components. */
    public InputRequested {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(questionId, "questionId");
      Objects.requireNonNull(prompt, "prompt");
    }
  }

  /** The agent asks its {@link ToolApprover} whether it may run {@code call}. */
  record ApprovalRequested(String source, ToolCall call) implements AgentEvent {
    /** Checks the components. */
    public ApprovalRequested {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(call, "call");
    }
  }

  /**
   * The approver decided on {@code call}: a refused call is not run, and {@code reason} goes back
   * to the model.
   */
  record ApprovalDecided(String source, ToolCall call, boolean approved, String reason)
      implements AgentEvent {
    /** Checks the components. */
    public ApprovalDecided {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(call, "call");
    }
  }

  /**
   * A chat message of the conversation an agent holds inside itself (a society-of-mind agent's
   * team): shown in the outer run's events and timeline, while only the agent's own answer joins
   * the outer conversation.
   *
   * @param source the agent that holds the inner conversation
   * @param message the inner message, with its inner speaker as its source
   */
  record InnerMessage(String source, AgentMessage message) implements AgentEvent {
    /** Checks the components. */
    public InnerMessage {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(message, "message");
    }
  }
}
