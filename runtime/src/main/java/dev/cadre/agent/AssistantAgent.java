package dev.cadre.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.memory.ChatHistory;
import dev.cadre.memory.Memory;
import dev.cadre.memory.MemoryExtractor;
import dev.cadre.model.CachePolicy;
import dev.cadre.model.ChatMessage;
import dev.cadre.event.Telemetry;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ReasoningEffort;
import dev.cadre.model.Verbosity;
import dev.cadre.state.AgentState;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolSource;
import dev.cadre.tool.ToolResultLog;
import dev.cadre.tool.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An agent that answers with a model and the tools it is given.
 *
 * <p>Each turn: call the model; run the tools it asks for (several at once when it asks for
 * several); feed the results back; repeat until it answers in words, hands over to another agent,
 * or reaches {@code maxToolIterations}. At that limit it either reflects (one more call with tools
 * switched off, so the model sums up) or lets the tool results stand as its reply.
 *
 * <p>Whatever a tool does wrong goes back to the model as a result it can act on. With an output
 * type the answer is parsed into a value; a reply that does not parse is shown to the model with
 * the reason, once, before the turn fails with {@link StructuredOutputException}.
 *
 * <p>The agent remembers the conversation in its {@link ModelContext}, so consecutive turns build
 * on each other; {@link #reset()} forgets it. Turns are serialised: one at a time per agent.
 *
 * <p>With {@link Builder#memory(Memory...) memories}, each model call also sees what they recall
 * for the conversation's latest text, as a system message after the agent's own. That reminder is
 * made afresh for each call and never enters the conversation, so it is not repeated turn after
 * turn; {@link #reset()} leaves the memories alone.
 *
 * <p>With {@link Builder#history(CheckpointStore, String) history}, the conversation is kept in a
 * checkpoint store per agent name and session id ({@link ChatHistory}): the agent starts from the
 * stored conversation and commits each message before it joins the conversation, so a session
 * continues after a restart, in this process or another.
 *
 * <p>With {@link Builder#toolApproval(ToolApprover) tool approval}, each tool call (handoffs
 * aside) is put to the approver before it runs, one call at a time in the model's order; a refused
 * call is not run and its result, an error with the reason, goes back to the model.
 */
public final class AssistantAgent implements ChatAgent {

  /** The first line of the system message that carries recalled memory. */
  public static final String MEMORY_HEADING = "Relevant memory:";

  private final String name;
  private final String description;
  private final String systemMessage;
  private final ChatModel model;
  private final AgentToolset toolset;
  private final StructuredOutput<?> output;
  private final ModelContext context;
  private final List<Memory> memories;
  private final TurnLoop loop;
  private final ReentrantLock turn = new ReentrantLock();
  private final String sessionId; // null without a history store
  // The agent's own conversation id for telemetry when no team run gives one: its session, else
  // made at the first traced turn and again after a reset. Guarded by the turn lock.
  private String conversationId;

  private AssistantAgent(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.systemMessage = b.systemMessage;
    this.sessionId = b.historyStore == null ? null : b.sessionId;
    this.model =
        Telemetry.observe(
            Objects.requireNonNull(b.model, () -> "agent '" + b.name + "' needs a model"));
    this.toolset = new AgentToolset(name, b.tools, b.toolSources, b.handoffs);
    ToolApprovalGate approval =
        new ToolApprovalGate(name, b.approver, b.approvalTools, toolset.tools());
    if (!toolset.specs().isEmpty() && !model.info().tools()) {
      throw new IllegalArgumentException(
          "agent '"
              + name
              + "' has tools or handoffs, but model '"
              + model.info().model()
              + "' cannot call tools; choose a model that can, or drop the tools");
    }
    this.output = b.output;
    this.context = b.context;
    this.memories = List.copyOf(b.memories);
    checkStructuredOutput(output);
    this.loop = new TurnLoop(b, model, memories, toolset, approval, sessionId);
    if (b.historyStore != null) {
      // Last, so that an agent rejected above never touches the store.
      context.attach(ChatHistory.open(b.historyStore, name, b.sessionId), name);
    }
  }

  private void checkStructuredOutput(StructuredOutput<?> output) {
    if (output != null && !model.info().structuredOutput()) {
      throw new IllegalArgumentException(
          "agent '"
              + name
              + "' answers in "
              + output.type().getSimpleName()
              + ", but model '"
              + model.info().model()
              + "' does not support structured output");
    }
  }

  /** Starts an agent called {@code name}: letters, digits, '_' and '-', as tool names are. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  /** The agents it may hand over to: each is a {@code transfer_to_<target>} tool of its model. */
  @Override
  public List<Handoff> handoffs() {
    return toolset.handoffs();
  }

  /** Its system message, or null when it has none: what a spec of its team writes down. */
  public String systemMessage() {
    return systemMessage;
  }

  /** The model it calls, as telemetry sees it (provider and model id are the model's own). */
  public ChatModel model() {
    return model;
  }

  /** The names of the tools it offers its model, in order, handoffs left out. */
  public List<String> toolNames() {
    return toolset.tools().specs().stream().map(ToolSpec::name).toList();
  }

  /** The conversation it remembers. */
  public ModelContext context() {
    return context;
  }

  /** The memories it recalls from before each model call. */
  public List<Memory> memories() {
    return memories;
  }

  /** Runs one turn on a task from the user. */
  public AgentResponse run(String task) {
    return run(task, event -> {});
  }

  /** Runs one turn on a task from the user, reporting events to {@code listener} as they happen. */
  public AgentResponse run(String task, Consumer<AgentEvent> listener) {
    return onMessages(List.of(AgentMessage.user(task)), CancellationToken.none(), listener);
  }

  /**
   * Takes the messages that arrived since the agent last spoke, and answers them.
   *
   * @throws CancelledException when {@code cancellation} is cancelled; the conversation so far is
   *     kept, with an error result for each tool call that was cut short
   * @throws dev.cadre.model.ModelException when the model fails and its retries are spent
   * @throws StructuredOutputException when the answer does not parse even after a repair attempt
   */
  @Override
  public AgentResponse onMessages(
      List<? extends AgentMessage> messages,
      CancellationToken cancellation,
      Consumer<AgentEvent> listener) {
    return onMessages(messages, output, cancellation, listener);
  }

  /** Answers like the three-argument form, recording its tool calls in {@code tools}. */
  @Override
  public AgentResponse onMessages(
      List<? extends AgentMessage> messages,
      CancellationToken cancellation,
      Consumer<AgentEvent> listener,
      ToolResultLog tools) {
    Objects.requireNonNull(tools, "tools");
    return answer(messages, output, cancellation, listener, tools);
  }

  /**
   * Like {@link #onMessages(List, CancellationToken, Consumer)}, answering this turn in {@code
   * output}'s type (or in free text when null) whatever the agent was built with: for an interface
   * whose entry methods return different types.
   */
  public AgentResponse onMessages(
      List<? extends AgentMessage> messages,
      StructuredOutput<?> output,
      CancellationToken cancellation,
      Consumer<AgentEvent> listener) {
    return answer(messages, output, cancellation, listener, ToolResultLog.NONE);
  }

  private AgentResponse answer(
      List<? extends AgentMessage> messages,
      StructuredOutput<?> output,
      CancellationToken cancellation,
      Consumer<AgentEvent> listener,
      ToolResultLog toolLog) {
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(listener, "listener");
    checkStructuredOutput(output);
    lockTurn("be asked");
    Telemetry telemetry = Telemetry.current();
    try (Telemetry.Operation span =
        telemetry.invokeAgent(
            name, description, model, telemetry.enabled() ? conversationId() : null)) {
      try {
        TurnLoop.Turn turn = loop.start(output, cancellation, listener, toolLog);
        for (AgentMessage message : messages) {
          turn.hear(toChat(message));
        }
        return turn.run();
      } catch (RuntimeException | Error e) {
        span.fail(e);
        throw e;
      }
    } finally {
      turn.unlock();
    }
  }

  /** The conversation id of this agent's own spans; call it holding the turn lock. */
  private String conversationId() {
    if (conversationId == null) {
      conversationId = sessionId != null ? sessionId : UUID.randomUUID().toString();
    }
    return conversationId;
  }

  /** Forgets the conversation. */
  @Override
  public void reset() {
    lockTurn("be reset");
    try {
      context.clear();
      conversationId = null; // a new conversation begins
    } finally {
      turn.unlock();
    }
  }

  /**
   * Saves what the agent remembers: a document of kind {@code agent} holding its whole model
   * context history ({@link AgentState}). Tools, model and settings are code, not state: load the
   * document into an agent built the same way.
   *
   * @throws IllegalStateException while the agent is answering
   */
  @Override
  public JsonNode saveState() {
    lockBetweenTurns("save");
    try {
      return State.write(
          AgentState.KIND, new AgentState(name, context.history(), memoryNames()));
    } finally {
      turn.unlock();
    }
  }

  /**
   * Replaces the agent's model context history with a saved one. The whole document is checked
   * first, so a rejected document leaves the agent as it was.
   *
   * @throws StateException naming what is wrong: the format version, the kind, the agent's name, a
   *     field
   * @throws IllegalStateException while the agent is answering
   */
  @Override
  public void loadState(JsonNode state) {
    AgentState saved = State.read(State.open(state, AgentState.KIND), AgentState.class);
    if (!saved.name().equals(name)) {
      throw new StateException(
          "name",
          "the state is agent '" + saved.name() + "'s, and cannot be loaded into agent '" + name + "'");
    }
    if (!saved.memories().equals(memoryNames())) {
      throw new StateException(
          "memories",
          "the state was saved by agent '"
              + name
              + "' recalling from "
              + saved.memories()
              + ", and this agent recalls from "
              + memoryNames()
              + "; give it the same memories");
    }
    lockBetweenTurns("load");
    try {
      context.replace(saved.history());
    } finally {
      turn.unlock();
    }
  }

  private List<String> memoryNames() {
    List<String> names = new ArrayList<>();
    memories.forEach(memory -> names.add(memory.name()));
    return names;
  }

  /**
   * Waits for the turn in progress, if any. A tool runs on its agent's thread, so a tool that calls
   * back into its own agent would otherwise re-enter the turn lock and tangle two conversations.
   */
  private void lockTurn(String action) {
    if (turn.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "agent '"
              + name
              + "' cannot "
              + action
              + " from within its own turn: one of its tools calls it back; give the tool another"
              + " agent to ask");
    }
    turn.lock();
  }

  private void lockBetweenTurns(String action) {
    // Waiting would hand back a state that is stale by the time the turn ends, so refuse instead.
    if (!turn.tryLock()) {
      throw new IllegalStateException(
          "agent '" + name + "' is answering; " + action + " its state between turns");
    }
  }

  /** How another agent's message reads in this agent's conversation. */
  private List<ChatMessage> toChat(AgentMessage message) {
    if (message.source().equals(name)) {
      return List.of(new ChatMessage.Assistant(message.content(), List.of(), name));
    }
    List<ChatMessage> chat = new ArrayList<>();
    if (message instanceof AgentMessage.Handoff handoff) {
      chat.addAll(handoff.context());
    }
    chat.add(message.toModelMessage());
    return chat;
  }

  @Override
  public String toString() {
    return "AssistantAgent[" + name + "]";
  }

  /** Builds an {@link AssistantAgent}. */
  public static final class Builder {
    // Package-private where TurnLoop takes its settings from the builder as they are at build().
    final String name;
    private String description = "";
    String systemMessage = "You are a helpful AI assistant.";
    private ChatModel model;
    private final List<Tool> tools = new ArrayList<>();
    private final List<ToolSource> toolSources = new ArrayList<>();
    private final List<Handoff> handoffs = new ArrayList<>();
    int maxToolIterations = 10;
    boolean reflectOnToolUse;
    boolean streaming;
    private StructuredOutput<?> output;
    ModelContext context = ModelContext.unbounded();
    Double temperature;
    Integer maxTokens;
    ReasoningEffort reasoningEffort;
    Verbosity verbosity;
    CachePolicy cachePolicy = CachePolicy.OFF;
    private final List<Memory> memories = new ArrayList<>();
    int memoryLimit = 5;
    MemoryExtractor extractor;
    private ToolApprover approver;
    private final Set<String> approvalTools = new LinkedHashSet<>();
    private CheckpointStore historyStore;
    private String sessionId;

    private Builder(String name) {
      this.name = ChatAgent.requireValidName("agent", name);
    }

    /** What the agent is good at, for selector models and handoffs. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** The instructions the model gets first on every call; null for none. */
    public Builder systemMessage(String systemMessage) {
      this.systemMessage = systemMessage;
      return this;
    }

    /** The model the agent calls. */
    public Builder model(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /** Gives the agent a tool. */
    public Builder tool(Tool tool) {
      tools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    /** Gives the agent tools. */
    public Builder tools(Tool... tools) {
      for (Tool tool : tools) {
        tool(tool);
      }
      return this;
    }

    /** Gives the agent tools. */
    public Builder tools(List<Tool> tools) {
      tools.forEach(this::tool);
      return this;
    }

    /**
     * Gives the agent tools that may change (an MCP server's): it takes them anew from {@code
     * source} before each model call.
     */
    public Builder tools(ToolSource source) {
      toolSources.add(Objects.requireNonNull(source, "source"));
      return this;
    }

    /** An agent this one may hand over to, offered to the model as {@code transfer_to_<target>}. */
    public Builder handoff(Handoff handoff) {
      handoffs.add(Objects.requireNonNull(handoff, "handoff"));
      return this;
    }

    /** Lets the agent hand off to {@code target}, described to the model by {@code description}. */
    public Builder handoff(String target, String description) {
      return handoff(new Handoff(target, description, null));
    }

    /** How many rounds of tool calls one turn may take; 10 by default. */
    public Builder maxToolIterations(int maxToolIterations) {
      if (maxToolIterations < 1) {
        throw new IllegalArgumentException(
            "agent '" + name + "': maxToolIterations must be at least 1, was " + maxToolIterations);
      }
      this.maxToolIterations = maxToolIterations;
      return this;
    }

    /**
     * Whether the agent asks the model to sum up in words when the tool-iteration limit is reached,
     * rather than replying with the tool results.
     */
    public Builder reflectOnToolUse(boolean reflect) {
      this.reflectOnToolUse = reflect;
      return this;
    }

    /** Whether the model streams, so that text arrives as {@link AgentEvent.TextChunk}s. */
    public Builder streaming(boolean streaming) {
      this.streaming = streaming;
      return this;
    }

    /** Makes the agent answer with a value of this type (a record or enum). */
    public Builder outputType(Class<?> type) {
      return output(StructuredOutput.of(type));
    }

    /** Makes the agent answer with JSON parsed by {@code output}; {@code null} for text. */
    public Builder output(StructuredOutput<?> output) {
      this.output = output;
      return this;
    }

    /** Which part of the conversation the model sees; everything by default. */
    public Builder modelContext(ModelContext context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /** Sets the sampling temperature; {@code null} for the provider's default. */
    public Builder temperature(Double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Caps each reply's tokens; {@code null} for the provider's default. */
    public Builder maxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /** How hard a reasoning model thinks on each call; null (the default) for its default. */
    public Builder reasoningEffort(ReasoningEffort reasoningEffort) {
      this.reasoningEffort = reasoningEffort;
      return this;
    }

    /** How long the model's answers are; null (the default) leaves it to the model. */
    public Builder verbosity(Verbosity verbosity) {
      this.verbosity = verbosity;
      return this;
    }

    /**
     * Which parts of each call a provider with explicit prompt caching (Anthropic) caches: off (the
     * default), the system message and tools, or the conversation so far as well.
     */
    public Builder cachePolicy(CachePolicy cachePolicy) {
      this.cachePolicy = Objects.requireNonNull(cachePolicy, "cachePolicy");
      return this;
    }

    /**
     * Memories to recall from before each model call, in this order; may be called again to add
     * more. What they recall goes to the model as a system message and is not kept in the
     * conversation.
     */
    public Builder memory(Memory... memories) {
      for (Memory memory : memories) {
        Objects.requireNonNull(memory, () -> "agent '" + name + "': a memory is null");
        if (this.memories.stream().anyMatch(m -> m.name().equals(memory.name()))) {
          throw new IllegalArgumentException(
              "agent '" + name + "' has two memories named '" + memory.name() + "'; rename one");
        }
        this.memories.add(memory);
      }
      return this;
    }

    /** Gives the agent memories, as {@link #memory(Memory...)} does. */
    public Builder memory(List<Memory> memories) {
      return memory(memories.toArray(Memory[]::new));
    }

    /** The most results each memory may recall for one model call; 5 by default. */
    public Builder memoryLimit(int memoryLimit) {
      if (memoryLimit < 1) {
        throw new IllegalArgumentException(
            "agent '" + name + "': memoryLimit must be at least 1, was " + memoryLimit);
      }
      this.memoryLimit = memoryLimit;
      return this;
    }

    /**
     * After each turn, hands what was said to {@code extractor}, which writes the durable facts it
     * finds; each fact it writes, skips or fails on is an {@link AgentEvent.MemoryExtracted},
     * reported before the answer. A failing extractor never fails the turn.
     */
    public Builder memoryExtractor(MemoryExtractor extractor) {
      this.extractor = Objects.requireNonNull(extractor, "extractor");
      return this;
    }

    /**
     * Puts every tool call (handoffs aside) to {@code approver} before it runs; a refused call is
     * not run and the model gets the reason as an error result.
     */
    public Builder toolApproval(ToolApprover approver) {
      this.approver = Objects.requireNonNull(approver, "approver");
      approvalTools.clear();
      return this;
    }

    /**
     * Like {@link #toolApproval(ToolApprover)}, only for the tools named (they must be the agent's
     * tools); calls to the others run without asking.
     */
    public Builder toolApproval(ToolApprover approver, String tool, String... moreTools) {
      this.approver = Objects.requireNonNull(approver, "approver");
      approvalTools.clear();
      approvalTools.add(Objects.requireNonNull(tool, "tool"));
      for (String more : moreTools) {
        approvalTools.add(Objects.requireNonNull(more, "tool"));
      }
      return this;
    }

    /**
     * Keeps the conversation in {@code store} under this agent's name and {@code sessionId}: the
     * agent built starts from what is stored there (nothing, for a new session) and commits every
     * message to it, so a conversation continues across restarts. The {@link
     * #modelContext(ModelContext) model context} still decides what each model call sees. Use one
     * agent per session at a time: a second one writing the same session fails with {@link
     * ChatHistory.ConcurrentHistoryException}.
     */
    public Builder history(CheckpointStore store, String sessionId) {
      ChatHistory.runId(name, sessionId);
      this.historyStore = Objects.requireNonNull(store, "store");
      this.sessionId = sessionId;
      return this;
    }

    /** Builds the agent; it needs a model. */
    public AssistantAgent build() {
      return new AssistantAgent(this);
    }
  }
}
