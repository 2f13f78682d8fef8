package dev.cadre.agent;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.memory.Memory;
import dev.cadre.memory.MemoryEvent;
import dev.cadre.memory.MemoryException;
import dev.cadre.memory.MemoryExtractor;
import dev.cadre.memory.MemoryResult;
import dev.cadre.model.CachePolicy;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ReasoningEffort;
import dev.cadre.model.ToolChoice;
import dev.cadre.model.Usage;
import dev.cadre.model.Verbosity;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolProgress;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolResultLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The model-and-tools loop of an {@link AssistantAgent}'s turns, with the settings every turn
 * shares. The agent serialises its turns and starts each one here ({@link #start}); a turn keeps
 * what is its own (the events, the usage, what was said), so nothing here changes between turns
 * but the agent's {@link AgentToolset}, which its turns refresh holding the agent's turn lock.
 */
final class TurnLoop {

  private final String name;
  private final String systemMessage;
  private final ChatModel model;
  private final AgentToolset toolset;
  private final ToolApprovalGate approval;
  private final ModelContext context;
  private final List<Memory> memories;
  private final String sessionId; // null without a history store
  private final int maxToolIterations;
  private final boolean reflectOnToolUse;
  private final boolean streaming;
  private final Double temperature;
  private final Integer maxTokens;
  private final ReasoningEffort reasoningEffort;
  private final Verbosity verbosity;
  private final CachePolicy cachePolicy;
  private final int memoryLimit;
  private final MemoryExtractor extractor; // null without one

  /**
   * Takes the agent's settings from {@code settings}, and the parts the agent made of them as they
   * are: {@code model} as telemetry observes it, its memories and tools, and its approval gate.
   */
  TurnLoop(
      AssistantAgent.Builder settings,
      ChatModel model,
      List<Memory> memories,
      AgentToolset toolset,
      ToolApprovalGate approval,
      String sessionId) {
    this.name = settings.name;
    this.systemMessage = settings.systemMessage;
    this.model = model;
    this.toolset = toolset;
    this.approval = approval;
    this.context = settings.context;
    this.memories = memories;
    this.sessionId = sessionId;
    this.maxToolIterations = settings.maxToolIterations;
    this.reflectOnToolUse = settings.reflectOnToolUse;
    this.streaming = settings.streaming;
    this.temperature = settings.temperature;
    this.maxTokens = settings.maxTokens;
    this.reasoningEffort = settings.reasoningEffort;
    this.verbosity = settings.verbosity;
    this.cachePolicy = settings.cachePolicy;
    this.memoryLimit = settings.memoryLimit;
    this.extractor = settings.extractor;
  }

  /**
   * A turn answering in {@code output}'s type, or in text when it is null; call it, and the turn's
   * methods, holding the agent's turn lock.
   */
  Turn start(
      StructuredOutput<?> output,
      CancellationToken cancellation,
      Consumer<AgentEvent> listener,
      ToolResultLog toolLog) {
    return new Turn(output, cancellation, listener, toolLog);
  }

  /** The work of one turn: one call to {@link AssistantAgent#onMessages}. */
  final class Turn {
    private final StructuredOutput<?> output;
    private final CancellationToken cancellation;
    private final Consumer<AgentEvent> listener;
    private final List<AgentEvent> events = new ArrayList<>();
    private final ToolResultLog toolLog;
    /** What was said in this turn, for the memory extractor: the messages in, then the replies. */
    private final List<ChatMessage> said = new ArrayList<>();
    /** The tool each call id names, for progress reports, which carry only the id. */
    private final Map<String, String> callNames = new ConcurrentHashMap<>();
    private Usage usage = Usage.ZERO;

    private Turn(
        StructuredOutput<?> output,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener,
        ToolResultLog toolLog) {
      this.output = output;
      this.cancellation = cancellation;
      this.listener = listener;
      this.toolLog = toolLog;
    }

    /** Takes messages that arrived for this turn into the conversation, before {@link #run()}. */
    void hear(List<ChatMessage> chat) {
      context.addAll(chat);
      said.addAll(chat);
    }

    /** Calls the model and runs its tools until it answers, hands off, or reaches the limit. */
    AgentResponse run() {
      int iterations = 0;
      String parseProblem = null;
      while (true) {
        ChatResponse reply = callModel(null);
        context.add(reply.toMessage(name));
        said.add(reply.toMessage(name));
        if (!reply.hasToolCalls()) {
          String text = reply.text() == null ? "" : reply.text();
          if (output == null) {
            return finish(new AgentMessage.Text(name, text), null);
          }
          StructuredOutput.Reading<?> parsed = output.read(text);
          if (parsed.problem() == null) {
            return finish(new AgentMessage.Structured(name, parsed.json()), parsed.value());
          }
          if (parseProblem != null) {
            throw new StructuredOutputException(
                name, output.type().getSimpleName(), parsed.problem(), text);
          }
          parseProblem = parsed.problem();
          context.add(ChatMessage.user(repairRequest(parsed.problem())));
          continue;
        }
        emit(new AgentEvent.ToolCallsRequested(name, reply.toolCalls()));
        List<ToolResult> results = runTools(reply.toolCalls());
        context.add(new ChatMessage.ToolResults(results));
        emit(new AgentEvent.ToolCallsExecuted(name, results));
        Handoff handoff = toolset.firstHandoff(reply.toolCalls());
        if (handoff != null) {
          return finish(
              new AgentMessage.Handoff(
                  name, handoff.target(), handoff.message(), handoffContext(reply, results)),
              null);
        }
        if (++iterations >= maxToolIterations) {
          if (!reflectOnToolUse) {
            return finish(new AgentMessage.ToolCallSummary(name, reply.toolCalls(), results), null);
          }
          ChatResponse reflection = callModel(ToolChoice.NONE);
          context.add(new ChatMessage.Assistant(reflection.text(), List.of(), name));
          String text = reflection.text() == null ? "" : reflection.text();
          return finish(new AgentMessage.Text(name, text), null);
        }
      }
    }

    private ChatResponse callModel(ToolChoice choice) {
      cancellation.throwIfCancelled();
      toolset.refresh();
      ChatRequest.Builder request = ChatRequest.builder();
      if (systemMessage != null) {
        request.message(ChatMessage.system(systemMessage));
      }
      List<ChatMessage> view = context.view();
      ChatMessage recalled = recall(view);
      if (recalled != null) {
        request.message(recalled);
      }
      request.messages(view).tools(toolset.specs()).temperature(temperature).maxTokens(maxTokens);
      request.reasoningEffort(reasoningEffort).verbosity(verbosity).cachePolicy(cachePolicy);
      if (choice != null && !toolset.specs().isEmpty()) {
        request.toolChoice(choice);
      }
      if (output != null) {
        request.responseFormat(output.responseFormat());
      }
      ChatResponse reply =
          streaming
              ? model.stream(
                  request.build(), text -> emit(new AgentEvent.TextChunk(name, text)), cancellation)
              : model.chat(request.build(), cancellation);
      usage = usage.plus(reply.usage());
      if (reply.reasoningText() != null) {
        emit(new AgentEvent.Reasoned(name, reply.reasoningText()));
      }
      emit(new AgentEvent.ModelUsage(name, reply.model(), reply.usage()));
      return reply;
    }

    /**
     * What the memories recall for the conversation so far, as one system message, or null when
     * they recall nothing. It goes into the request only, never into the context.
     */
    private ChatMessage recall(List<ChatMessage> view) {
      StringBuilder text = new StringBuilder();
      for (Memory memory : memories) {
        cancellation.throwIfCancelled();
        List<MemoryResult> results;
        try {
          results = memory.query(view, memoryLimit);
        } catch (CancelledException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new MemoryException(
              memory.name(),
              "agent '"
                  + name
                  + "': memory '"
                  + memory.name()
                  + "' failed to answer a query: "
                  + e.getMessage()
                  + "; fix the memory or remove it from the agent",
              e);
        }
        if (results.isEmpty()) {
          continue;
        }
        emit(new AgentEvent.MemoryQueried(name, memory.name(), results));
        for (MemoryResult result : results) {
          // Indent continuation lines so a multi-line entry stays one item of the list.
          text.append("\n- ").append(result.content().content().strip().replace("\n", "\n  "));
        }
      }
      return text.length() == 0 ? null : ChatMessage.system(AssistantAgent.MEMORY_HEADING + text);
    }

    /**
     * Runs the real tools concurrently (those the approver allows) and answers handoff calls;
     * results in call order.
     */
    private List<ToolResult> runTools(List<ToolCall> calls) {
      calls.forEach(call -> callNames.put(call.id(), call.name()));
      List<ToolCall> real = new ArrayList<>();
      for (ToolCall call : calls) {
        if (toolset.handoff(call.name()) == null) {
          real.add(call);
        }
      }
      List<ToolResult> realResults;
      try {
        realResults =
            approval.execute(
                toolset.tools(), real, cancellation, toolLog, this::progressed, this::emit);
      } catch (CancelledException | HumanInputPending e) {
        List<ToolResult> cut = new ArrayList<>();
        for (ToolCall call : calls) {
          cut.add(
              ToolResult.failure(
                  call,
                  e instanceof CancelledException
                      ? "cancelled before the tool finished"
                      : "stopped to wait for a person's answer"));
        }
        context.add(new ChatMessage.ToolResults(cut));
        throw e;
      }
      List<ToolResult> results = new ArrayList<>();
      Handoff chosen = toolset.firstHandoff(calls);
      int next = 0;
      for (ToolCall call : calls) {
        Handoff handoff = toolset.handoff(call.name());
        if (handoff == null) {
          results.add(realResults.get(next++));
        } else if (handoff == chosen) {
          results.add(ToolResult.success(call, handoff.message()));
        } else {
          results.add(
              ToolResult.failure(
                  call, "not transferred: already handing over to " + chosen.target()));
        }
      }
      return results;
    }

    /**
     * What the receiver of a handoff is told led to it, as AutoGen tells it: the calls of the
     * reply that are not handoffs, with the reply's text and their results in call order; else
     * the reply's text alone, when it had any; else nothing. The handoff calls themselves (and
     * their "Transferred to ..." results) stay in this agent's own context only: the receiver sees
     * the handoff message instead.
     */
    private List<ChatMessage> handoffContext(ChatResponse reply, List<ToolResult> results) {
      List<ToolCall> calls = new ArrayList<>();
      List<ToolResult> answers = new ArrayList<>();
      for (int i = 0; i < reply.toolCalls().size(); i++) {
        ToolCall call = reply.toolCalls().get(i);
        if (toolset.handoff(call.name()) == null) {
          calls.add(call);
          answers.add(results.get(i));
        }
      }
      if (!calls.isEmpty()) {
        return List.of(
            new ChatMessage.Assistant(reply.text(), calls, name),
            new ChatMessage.ToolResults(answers));
      }
      if (reply.text() != null && !reply.text().isBlank()) {
        return List.of(new ChatMessage.Assistant(reply.text(), List.of(), name));
      }
      return List.of();
    }

    private String repairRequest(String problem) {
      return "Your last reply could not be used: "
          + problem
          + ". Reply again with only a JSON value that matches the "
          + output.responseFormat().name()
          + " schema, with no other text.";
    }

    private AgentResponse finish(AgentMessage message, Object value) {
      if (extractor != null) {
        extract();
      }
      emit(new AgentEvent.Answered(name, message, usage));
      return new AgentResponse(message, events, usage, value);
    }

    /** Runs the memory extractor on this turn; its troubles are events, never a failed turn. */
    private void extract() {
      List<MemoryEvent> outcomes;
      try {
        outcomes = extractor.afterTurn(said, sessionId);
      } catch (RuntimeException e) {
        outcomes = List.of(new MemoryEvent.Failed("memory extraction failed: " + e.getMessage()));
      }
      for (MemoryEvent outcome : outcomes) {
        if (outcome instanceof MemoryEvent.Written w) {
          extracted(AgentEvent.MemoryExtracted.Outcome.WRITTEN, w.entry().text(), w.entry().id());
        } else if (outcome instanceof MemoryEvent.Duplicate d) {
          extracted(AgentEvent.MemoryExtracted.Outcome.DUPLICATE, d.fact(), d.existing().id());
        } else if (outcome instanceof MemoryEvent.Failed f) {
          extracted(AgentEvent.MemoryExtracted.Outcome.FAILED, f.reason(), null);
        }
      }
    }

    private void extracted(AgentEvent.MemoryExtracted.Outcome outcome, String text, String id) {
      emit(new AgentEvent.MemoryExtracted(name, outcome, text, id));
    }

    private void progressed(ToolProgress progress) {
      emit(
          new AgentEvent.ToolProgress(
              name,
              progress.callId(),
              callNames.getOrDefault(progress.callId(), ""),
              progress.progress(),
              progress.total(),
              progress.message()));
    }

    /** Synchronized: tools report progress from their own threads while the turn waits on them. */
    private synchronized void emit(AgentEvent event) {
      events.add(event);
      listener.accept(event);
    }
  }
}
