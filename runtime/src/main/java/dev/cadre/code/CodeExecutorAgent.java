package dev.cadre.code;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ResponseFormat;
import dev.cadre.model.Usage;
import dev.cadre.state.AgentState;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.tool.JsonSchemas;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A participant that runs the code other agents write, AutoGen's {@code CodeExecutorAgent}: it
 * finds the fenced code blocks ({@code ```python}, {@code ```sh}, {@code ```bash}, {@code
 * ```java}) in the messages it receives, runs them one after another on its {@link CodeExecutor},
 * and answers with their output, or with the error for the model that wrote them to fix. With no
 * code blocks it answers AutoGen's {@link #NO_CODE_BLOCKS_FOUND_MESSAGE}.
 *
 * <p>Given a model of its own, it writes the code itself: its model answers the messages, the
 * blocks in that answer run, and the model reflects on the output; the reflection is the answer
 * (the code and its output are reported as {@link AgentEvent.InnerMessage}s).
 *
 * <p>An {@link CodeApprover} sees every turn's blocks before they run and may refuse them: the
 * answer then says so, with the reason, and nothing runs. The code is the model's, untrusted: at
 * most {@link Builder#maxBlocks} blocks of at most {@link CodeBlock#MAX_BYTES} run per turn, each
 * written to a file and run by its interpreter, never spliced into a command line.
 */
public final class CodeExecutorAgent implements ChatAgent {

  /** AutoGen's reply, word for word, to messages that hold no code block to run. */
  public static final String NO_CODE_BLOCKS_FOUND_MESSAGE =
      "No code blocks found in the thread. Please provide at least one markdown-encoded code block"
          + " to execute (i.e., quoting code in ```python or ```sh code blocks).";

  /** AutoGen's description of an executor without a model. */
  public static final String DEFAULT_TERMINAL_DESCRIPTION =
      "A computer terminal that performs no other action than running Python scripts (provided to"
          + " it quoted in ```python code blocks), or sh shell scripts (provided to it quoted in"
          + " ```sh code blocks).";

  /** AutoGen's description of an executor with a model. */
  public static final String DEFAULT_AGENT_DESCRIPTION =
      "A Code Execution Agent that generates and executes Python and shell scripts based on user"
          + " instructions. It ensures correctness, efficiency, and minimal errors while gracefully"
          + " handling edge cases.";

  /** AutoGen's system message for an executor with a model. */
  public static final String DEFAULT_SYSTEM_MESSAGE =
      "You are a Code Execution Agent. Your role is to generate and execute Python code and shell"
          + " scripts based on user instructions, ensuring correctness, efficiency, and minimal"
          + " errors. Handle edge cases gracefully. Python code should be provided in ```python"
          + " code blocks, and sh shell scripts should be provided in ```sh code blocks for"
          + " execution.";

  /** The schema of the retry decision asked of the model after a failed run, as AutoGen's. */
  private static final ResponseFormat RETRY_DECISION =
      ResponseFormat.jsonSchema(
          "RetryDecision",
          JsonSchemas.object()
              .property("retry", JsonSchemas.of(boolean.class), null, true)
              .property("reason", JsonSchemas.of(String.class), null, true)
              .build());

  /** The kind of its state document. */
  public static final String STATE_KIND = "code_executor_agent";

  private final String name;
  private final String description;
  private final CodeExecutor executor;
  private final ChatModel model;
  private final String systemMessage;
  private final Set<String> sources;
  private final Set<CodeLanguage> languages;
  private final CodeApprover approver;
  private final int maxBlocks;
  private final int maxRetriesOnError;
  private final List<ChatMessage> history = new ArrayList<>(); // guarded by this

  private CodeExecutorAgent(Builder b) {
    this.name = b.name;
    this.executor =
        Objects.requireNonNull(
            b.executor,
            () -> "code executor agent '" + b.name + "' needs an executor: call executor(...)");
    this.model = b.model;
    this.description =
        b.description != null
            ? b.description
            : model == null ? DEFAULT_TERMINAL_DESCRIPTION : DEFAULT_AGENT_DESCRIPTION;
    this.systemMessage = b.systemMessage;
    this.sources = b.sources == null ? null : Set.copyOf(b.sources);
    this.languages = Set.copyOf(b.languages);
    this.approver = b.approver;
    this.maxBlocks = b.maxBlocks;
    this.maxRetriesOnError = b.maxRetriesOnError;
  }

  /** Starts a code executor agent called {@code name}: letters, digits, '_' and '-'. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A code executor agent without a model, running blocks on {@code executor}. */
  public static CodeExecutorAgent of(String name, CodeExecutor executor) {
    return builder(name).executor(executor).build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return description;
  }

  /** The executor its blocks run on. */
  public CodeExecutor executor() {
    return executor;
  }

  @Override
  public synchronized AgentResponse onMessages(
      List<? extends AgentMessage> messages,
      CancellationToken cancellation,
      Consumer<AgentEvent> listener) {
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(listener, "listener");
    List<AgentEvent> events = new ArrayList<>();
    Consumer<AgentEvent> emit =
        event -> {
          events.add(event);
          listener.accept(event);
        };
    if (model == null) {
      StringBuilder text = new StringBuilder();
      for (AgentMessage message : messages) {
        if (message instanceof AgentMessage.Text
            && (sources == null || sources.contains(message.source()))) {
          text.append(message.content()).append('\n');
        }
      }
      CodeRuns.Report report = runBlocksIn(text.toString(), cancellation);
      return answer(
          report == null ? NO_CODE_BLOCKS_FOUND_MESSAGE : report.text(), Usage.ZERO, events, emit);
    }
    for (AgentMessage message : messages) {
      if (message instanceof AgentMessage.Handoff handoff) {
        history.addAll(handoff.context());
      }
      history.add(message.toModelMessage());
    }
    Usage usage = Usage.ZERO;
    for (int attempt = 0; ; attempt++) {
      ChatResponse written = callModel(null, cancellation, emit);
      usage = usage.plus(written.usage());
      String code = written.text() == null ? "" : written.text();
      history.add(new ChatMessage.Assistant(code, List.of(), name));
      CodeRuns.Report report = runBlocksIn(code, cancellation);
      if (report == null) {
        // The model answered without code: that is the answer.
        return answer(code, usage, events, emit);
      }
      emit.accept(new AgentEvent.InnerMessage(name, new AgentMessage.Text(name, code)));
      emit.accept(new AgentEvent.InnerMessage(name, new AgentMessage.Text(name, report.text())));
      history.add(new ChatMessage.User(report.text(), name));
      if (report.exitCode() == 0 || attempt == maxRetriesOnError) {
        break;
      }
      ChatResponse decision =
          callModel(ChatMessage.user(retryPrompt(report.text())), cancellation, emit);
      usage = usage.plus(decision.usage());
      String reason = retryReason(decision.text());
      if (reason == null) {
        break;
      }
      emit.accept(
          new AgentEvent.InnerMessage(
              name,
              new AgentMessage.Text(
                  name, "Attempt number: " + (attempt + 1) + "\nProposed correction: " + reason)));
    }
    ChatResponse reflection = callModel(null, cancellation, emit);
    usage = usage.plus(reflection.usage());
    String reflected = reflection.text() == null ? "" : reflection.text();
    history.add(new ChatMessage.Assistant(reflected, List.of(), name));
    return answer(reflected, usage, events, emit);
  }

  /** AutoGen's question after a failed run, asked with a JSON schema for the answer. */
  private static String retryPrompt(String output) {
    return "The most recent code execution resulted in an error:\n"
        + output
        + "\n\nShould we attempt to resolve it? Please respond with:\n"
        + "- A boolean value for 'retry' indicating whether it should be retried.\n"
        + "- A detailed explanation in 'reason' that identifies the issue, justifies your decision"
        + " to retry or not, and outlines how you would resolve the error if a retry is"
        + " attempted.";
  }

  /**
   * The reason to retry when the model's decision says to retry, else null. A decision that is
   * not the JSON asked for means no retry: the model's words are untrusted, and stopping is safe.
   */
  private static String retryReason(String decision) {
    try {
      JsonNode parsed = Json.mapper().readTree(decision == null ? "" : decision);
      if (parsed != null && parsed.path("retry").asBoolean(false)) {
        return parsed.path("reason").asText("");
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // Not JSON: no retry.
    }
    return null;
  }

  /**
   * Runs the blocks in {@code markdown}; null when it has none. Everything wrong with the model's
   * code becomes text the model reads, never an exception.
   */
  private CodeRuns.Report runBlocksIn(String markdown, CancellationToken cancellation) {
    CodeBlocks.Found found;
    try {
      found = CodeBlocks.find(markdown, languages, maxBlocks);
    } catch (IllegalArgumentException e) {
      return refused("The code was not run: " + e.getMessage() + ". Send a shorter program.");
    }
    if (found.blocks().isEmpty()) {
      return null;
    }
    if (found.tooMany()) {
      return refused(
          "The code was not run: there are more than "
              + maxBlocks
              + " code blocks, and at most "
              + maxBlocks
              + " run in one turn. Send fewer blocks.");
    }
    return CodeRuns.run(name, executor, approver, found.blocks(), cancellation);
  }

  private static CodeRuns.Report refused(String text) {
    return new CodeRuns.Report(1, text, List.of());
  }

  /**
   * Calls the model on the conversation; {@code question}, when not null, is asked after it (and
   * kept out of it) with a JSON schema for a retry decision.
   */
  private ChatResponse callModel(
      ChatMessage question, CancellationToken cancellation, Consumer<AgentEvent> emit) {
    cancellation.throwIfCancelled();
    ChatRequest.Builder request = ChatRequest.builder();
    if (systemMessage != null) {
      request.message(ChatMessage.system(systemMessage));
    }
    request.messages(history);
    if (question != null) {
      request.message(question).responseFormat(RETRY_DECISION);
    }
    ChatResponse reply = model.chat(request.build(), cancellation);
    emit.accept(new AgentEvent.ModelUsage(name, reply.model(), reply.usage()));
    return reply;
  }

  private AgentResponse answer(
      String text, Usage usage, List<AgentEvent> events, Consumer<AgentEvent> emit) {
    AgentMessage message = new AgentMessage.Text(name, text);
    emit.accept(new AgentEvent.Answered(name, message, usage));
    return new AgentResponse(message, events, usage, null);
  }

  /** Forgets its model's conversation; the working directory and its files stay. */
  @Override
  public synchronized void reset() {
    history.clear();
  }

  /** Its model's conversation (empty without a model): a document of kind {@value #STATE_KIND}. */
  @Override
  public synchronized JsonNode saveState() {
    return State.write(STATE_KIND, new AgentState(name, history, List.of()));
  }

  @Override
  public synchronized void loadState(JsonNode state) {
    AgentState saved = State.read(State.open(state, STATE_KIND), AgentState.class);
    if (!saved.name().equals(name)) {
      throw new StateException(
          "name",
          "the state is code executor agent '"
              + saved.name()
              + "'s, and cannot be loaded into code executor agent '"
              + name
              + "'");
    }
    history.clear();
    history.addAll(saved.history());
  }

  @Override
  public String toString() {
    return "CodeExecutorAgent[" + name + ", " + executor.name() + "]";
  }

  /** Builds a {@link CodeExecutorAgent}. */
  public static final class Builder {
    private final String name;
    private String description;
    private CodeExecutor executor;
    private ChatModel model;
    private String systemMessage;
    private Set<String> sources;
    private Set<CodeLanguage> languages = EnumSet.allOf(CodeLanguage.class);
    private CodeApprover approver;
    private int maxBlocks = 8;
    private int maxRetriesOnError;

    private Builder(String name) {
      this.name = ChatAgent.requireValidName("code executor agent", name);
    }

    /** Where its blocks run. Required: see {@link CodeExecutors}. */
    public Builder executor(CodeExecutor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * A model of its own, to write the code and reflect on its output. Its system message is
     * {@link #DEFAULT_SYSTEM_MESSAGE} unless set.
     */
    public Builder model(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model");
      if (systemMessage == null) {
        systemMessage = DEFAULT_SYSTEM_MESSAGE;
      }
      return this;
    }

    /** Its model's system message. */
    public Builder systemMessage(String systemMessage) {
      this.systemMessage = Objects.requireNonNull(systemMessage, "systemMessage");
      return this;
    }

    /** What it is for, as selector models read it; AutoGen's description by default. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** Runs only the code of messages from these participants; from anyone by default. */
    public Builder sources(String... sources) {
      this.sources = new LinkedHashSet<>(List.of(sources));
      return this;
    }

    /** The languages it runs; blocks in others are not code to it. All by default. */
    public Builder languages(CodeLanguage... languages) {
      if (languages.length == 0) {
        throw new IllegalArgumentException(
            "code executor agent '" + name + "': give at least one language");
      }
      this.languages = EnumSet.copyOf(List.of(languages));
      return this;
    }

    /** Asked before each turn's blocks run; it may refuse them. None by default. */
    public Builder approver(CodeApprover approver) {
      this.approver = Objects.requireNonNull(approver, "approver");
      return this;
    }

    /** The most blocks run in one turn; more is an error the model reads. 8 by default. */
    public Builder maxBlocks(int maxBlocks) {
      if (maxBlocks < 1) {
        throw new IllegalArgumentException(
            "code executor agent '" + name + "': maxBlocks must be positive, was " + maxBlocks);
      }
      this.maxBlocks = maxBlocks;
      return this;
    }

    /**
     * With a model: how many times, after a run that failed, the model is asked whether to retry
     * (AutoGen's {@code max_retries_on_error}, as a JSON retry decision) and then writes new code.
     * 0 by default: one run, then the reflection.
     */
    public Builder maxRetriesOnError(int maxRetriesOnError) {
      if (maxRetriesOnError < 0) {
        throw new IllegalArgumentException(
            "code executor agent '"
                + name
                + "': maxRetriesOnError must be 0 or more, was "
                + maxRetriesOnError);
      }
      this.maxRetriesOnError = maxRetriesOnError;
      return this;
    }

    /** Builds the agent. */
    public CodeExecutorAgent build() {
      return new CodeExecutorAgent(this);
    }
  }
}
