package dev.cadre.event;

import static dev.cadre.event.GenAiAttributes.AGENT_DESCRIPTION;
import static dev.cadre.event.GenAiAttributes.AGENT_NAME;
import static dev.cadre.event.GenAiAttributes.CONVERSATION_ID;
import static dev.cadre.event.GenAiAttributes.ERROR_TYPE;
import static dev.cadre.event.GenAiAttributes.FINISH_REASONS;
import static dev.cadre.event.GenAiAttributes.MAX_TOKENS;
import static dev.cadre.event.GenAiAttributes.OPERATION;
import static dev.cadre.event.GenAiAttributes.PROVIDER;
import static dev.cadre.event.GenAiAttributes.REQUEST_MODEL;
import static dev.cadre.event.GenAiAttributes.RESPONSE_MODEL;
import static dev.cadre.event.GenAiAttributes.RUN_ID;
import static dev.cadre.event.GenAiAttributes.SPEAKERS;
import static dev.cadre.event.GenAiAttributes.TEAM_NAME;
import static dev.cadre.event.GenAiAttributes.TEMPERATURE;
import static dev.cadre.event.GenAiAttributes.TOOL_ARGUMENTS;
import static dev.cadre.event.GenAiAttributes.TOOL_CALL_ID;
import static dev.cadre.event.GenAiAttributes.TOOL_DESCRIPTION;
import static dev.cadre.event.GenAiAttributes.TOOL_NAME;
import static dev.cadre.event.GenAiAttributes.TOOL_RESULT;
import static dev.cadre.event.GenAiAttributes.TOOL_TYPE;
import static dev.cadre.event.GenAiAttributes.WORKFLOW_NAME;

import dev.cadre.core.Unicode;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.Usage;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Cadre's OpenTelemetry instrumentation: spans, metrics and log records named after the
 * OpenTelemetry GenAI semantic conventions, through the OpenTelemetry API alone.
 *
 * <p>By default Cadre reports to {@link GlobalOpenTelemetry}, looked at again at most once a
 * second, so an SDK installed there before or after Cadre's first use is picked up. To report
 * elsewhere, or to record message content, {@link #install(Telemetry)} an instance of your own:
 *
 * <pre>{@code
 * Telemetry.install(Telemetry.of(openTelemetrySdk).recordingContent(true));
 * }</pre>
 *
 * <p>With no SDK (the API's no-op implementation) every instrumented call checks one field and goes
 * straight on: no span, no attribute, no string is built. The spans, all children of whatever span
 * is current where the work starts, across the runtime's threads:
 *
 * <ul>
 *   <li>{@code invoke_workflow {team}}: one run (or resumption) of a team;
 *   <li>{@code cadre.team.select_speaker {team}}: the choice of the next speakers;
 *   <li>{@code invoke_agent {agent}}: one turn of an {@code AssistantAgent};
 *   <li>{@code chat {model}}: one model call (client span);
 *   <li>{@code execute_tool {tool}}: one tool call.
 * </ul>
 *
 * <p>Metrics: {@value #TOKEN_USAGE}, {@value #OPERATION_DURATION}, {@value #TIME_TO_FIRST_CHUNK}
 * and {@value #TIME_PER_OUTPUT_CHUNK} as the conventions define them, and Cadre's own {@value
 * #TOOL_CALLS}, {@value #TOOL_ERRORS} and {@value #TEAM_TURNS}. A failed model call also emits the
 * conventions' {@value #EXCEPTION_EVENT} log record.
 *
 * <p>Message content (prompts, replies, tool arguments and results) is left out unless {@link
 * #recordingContent(boolean)} turns it on. API keys and HTTP headers are never recorded: they live
 * in the model clients, below the layer this sees.
 *
 * <p>The methods below {@link #enabled()} are the hooks Cadre's own classes call; applications do
 * not need them.
 */
public final class Telemetry {

  /** The instrumentation scope name of Cadre's tracer, meter and logger. */
  public static final String SCOPE = "dev.cadre";

  /**
   * The instrumentation scope version: Cadre's version, written into a resource at build time;
   * null when the classes run from a build that did not write it.
   */
  public static final String VERSION = readVersion();

  /** Histogram of tokens per model call, split by {@code gen_ai.token.type} (conventions). */
  public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

  /** Histogram of the seconds a model call took (conventions). */
  public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

  /** Histogram of the seconds from a streamed call's start to its first chunk (conventions). */
  public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

  /** Histogram of the seconds between a streamed call's chunks after the first (conventions). */
  public static final String TIME_PER_OUTPUT_CHUNK =
      "gen_ai.client.operation.time_per_output_chunk";

  /** The event name of the log record of a failed model call (conventions). */
  public static final String EXCEPTION_EVENT = "gen_ai.client.operation.exception";

  /** Counter of tool calls run, by {@code gen_ai.tool.name} (Cadre's own). */
  public static final String TOOL_CALLS = "cadre.tool.calls";

  /** Counter of tool calls that ended in an error result, by tool and {@code error.type}. */
  public static final String TOOL_ERRORS = "cadre.tool.errors";

  /** Counter of team turns taken, by {@code cadre.team.name} (Cadre's own). */
  public static final String TEAM_TURNS = "cadre.team.turns";

  /** The bucket boundaries the conventions advise for the token histogram. */
  private static final List<Long> TOKEN_BUCKETS =
      List.of(
          1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L,
          16777216L, 67108864L);

  /**
   * The bucket boundaries the conventions advise for the duration and time-to-first-chunk
   * histograms, in seconds.
   */
  private static final List<Double> DURATION_BUCKETS =
      List.of(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

  /** The bucket boundaries the conventions advise for the time-per-chunk histogram, in seconds. */
  private static final List<Double> CHUNK_BUCKETS =
      List.of(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5);

  /** The conversation the work on this context belongs to: a team's run id, an agent's session. */
  private static final ContextKey<String> CONVERSATION = ContextKey.named("cadre.conversation");

  /** The agent turn a model call on this context is part of, to add the call to its totals. */
  private static final ContextKey<Operation> TURN = ContextKey.named("cadre.agent.turn");

  // The one piece of static state: what install() set. Read once per instrumented call.
  private static volatile Telemetry installed;
  // The instance made for GlobalOpenTelemetry's value; null until looked up, or after install().
  private static volatile Telemetry global;
  // The thread that looks at the global again while it is the no-op; null when none runs.
  private static Thread globalWatcher; // guarded by Telemetry.class

  /**
   * How often the watcher looks at {@link GlobalOpenTelemetry} again while it is the no-op. Every
   * lookup there takes a lock shared by the whole JVM, and even a clock read per call measurably
   * slows a turn, so the calls themselves only read a field.
   */
  private static final long GLOBAL_RECHECK_MILLIS = 1_000;

  private final OpenTelemetry openTelemetry;
  final boolean recordContent;
  final Tracer tracer; // null when tracing is the no-op
  final Meter meter; // null when metrics are the no-op
  final Logger logger; // null when logs are the no-op
  final LongHistogram tokenUsage;
  final DoubleHistogram duration;
  final DoubleHistogram timeToFirstChunk;
  final DoubleHistogram timePerOutputChunk;
  private final LongCounter toolCalls;
  private final LongCounter toolErrors;
  private final LongCounter teamTurns;

  private Telemetry(OpenTelemetry openTelemetry, boolean recordContent) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    this.recordContent = recordContent;
    var tracerBuilder = openTelemetry.getTracerProvider().tracerBuilder(SCOPE);
    var meterBuilder = openTelemetry.getMeterProvider().meterBuilder(SCOPE);
    var loggerBuilder = openTelemetry.getLogsBridge().loggerBuilder(SCOPE);
    if (VERSION != null) {
      tracerBuilder.setInstrumentationVersion(VERSION);
      meterBuilder.setInstrumentationVersion(VERSION);
      loggerBuilder.setInstrumentationVersion(VERSION);
    }
    // The API's no-op tracer, meter and logger are each one shared class: seeing one, skip that
    // signal altogether rather than build names and attributes only to drop them.
    Tracer candidate = tracerBuilder.build();
    this.tracer =
        candidate.getClass() == TracerProvider.noop().get(SCOPE).getClass() ? null : candidate;
    Meter meterCandidate = meterBuilder.build();
    boolean noMetrics = meterCandidate.getClass() == MeterProvider.noop().get(SCOPE).getClass();
    this.meter = noMetrics ? null : meterCandidate;
    Logger loggerCandidate = loggerBuilder.build();
    this.logger =
        loggerCandidate.getClass() == LoggerProvider.noop().get(SCOPE).getClass()
            ? null
            : loggerCandidate;
    if (meter == null) {
      tokenUsage = null;
      duration = null;
      timeToFirstChunk = null;
      timePerOutputChunk = null;
      toolCalls = null;
      toolErrors = null;
      teamTurns = null;
    } else {
      tokenUsage =
          meter
              .histogramBuilder(TOKEN_USAGE)
              .ofLongs()
              .setUnit("{token}")
              .setDescription("Number of input and output tokens used")
              .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
              .build();
      duration = seconds(OPERATION_DURATION, "GenAI operation duration", DURATION_BUCKETS);
      timeToFirstChunk =
          seconds(
              TIME_TO_FIRST_CHUNK,
              "Time to receive the first chunk of a streamed response",
              DURATION_BUCKETS);
      timePerOutputChunk =
          seconds(
              TIME_PER_OUTPUT_CHUNK,
              "Time between the chunks of a streamed response, after the first",
              CHUNK_BUCKETS);
      toolCalls =
          meter
              .counterBuilder(TOOL_CALLS)
              .setUnit("{call}")
              .setDescription("Tool calls run by Cadre agents")
              .build();
      toolErrors =
          meter
              .counterBuilder(TOOL_ERRORS)
              .setUnit("{call}")
              .setDescription("Tool calls that ended in an error result")
              .build();
      teamTurns =
          meter
              .counterBuilder(TEAM_TURNS)
              .setUnit("{turn}")
              .setDescription("Turns taken by Cadre teams")
              .build();
    }
  }

  private DoubleHistogram seconds(String name, String description, List<Double> buckets) {
    return meter
        .histogramBuilder(name)
        .setUnit("s")
        .setDescription(description)
        .setExplicitBucketBoundariesAdvice(buckets)
        .build();
  }

  /**
   * Cadre's version from the resource the build writes ({@code version.txt} beside this class), or
   * null when it is missing or was not filled in.
   */
  private static String readVersion() {
    try (InputStream in = Telemetry.class.getResourceAsStream("version.txt")) {
      if (in == null) {
        return null;
      }
      String version = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      return version.isEmpty() || version.startsWith("${") ? null : version;
    } catch (IOException e) {
      return null;
    }
  }

  /** Reports to {@code openTelemetry}, leaving message content out. */
  public static Telemetry of(OpenTelemetry openTelemetry) {
    return new Telemetry(openTelemetry, false);
  }

  /**
   * This telemetry, recording message content or not: prompts and replies as {@code
   * gen_ai.input.messages} / {@code gen_ai.output.messages} (JSON, the conventions' message form)
   * and system prompts a provider takes apart as {@code gen_ai.system_instructions} on chat spans,
   * tool arguments and results on tool spans, error messages in statuses and exception records. Off
   * by default, since content may be personal or confidential; API keys and headers are never
   * recorded either way.
   */
  public Telemetry recordingContent(boolean record) {
    return record == recordContent ? this : new Telemetry(openTelemetry, record);
  }

  /** Whether message content is recorded. */
  public boolean recordsContent() {
    return recordContent;
  }

  /**
   * Makes {@code telemetry} the one Cadre reports to from now on, in this JVM; null goes back to
   * the default, {@link GlobalOpenTelemetry} without content, looked up again at once. Work already
   * running keeps the telemetry it started with.
   */
  public static void install(Telemetry telemetry) {
    installed = telemetry;
    global = null;
  }

  /**
   * The telemetry Cadre reports to: the installed one, or one over {@link GlobalOpenTelemetry}.
   * While the global is the API's no-op, a daemon thread looks at it again once a second, so an SDK
   * set there after Cadre's first use is picked up within a second; once an SDK is there (it cannot
   * be replaced) the thread ends. A call costs two field reads.
   */
  public static Telemetry current() {
    Telemetry chosen = installed;
    if (chosen != null) {
      return chosen;
    }
    Telemetry resolved = global;
    return resolved != null ? resolved : resolveGlobal();
  }

  private static synchronized Telemetry resolveGlobal() {
    Telemetry resolved = global;
    if (resolved == null) {
      resolved = forGlobal(null);
      global = resolved;
      if (!resolved.enabled() && globalWatcher == null) {
        globalWatcher =
            new Thread(null, Telemetry::watchGlobal, "cadre-telemetry-global", 0, false);
        globalWatcher.setContextClassLoader(null);
        globalWatcher.setDaemon(true);
        globalWatcher.start();
      }
    }
    return resolved;
  }

  /** A telemetry over the global's value now; {@code previous} again if that value is unchanged. */
  private static Telemetry forGlobal(Telemetry previous) {
    // getOrNoop, not get: get() would fix the global to the no-op for good if the application
    // installs its SDK after Cadre's first use.
    OpenTelemetry value = GlobalOpenTelemetry.getOrNoop();
    return previous != null && previous.openTelemetry == value
        ? previous
        : new Telemetry(value, false);
  }

  /** The watcher: looks at the global once a second until it holds an SDK. */
  private static void watchGlobal() {
    while (true) {
      try {
        Thread.sleep(GLOBAL_RECHECK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      synchronized (Telemetry.class) {
        Telemetry now = forGlobal(global);
        global = now;
        if (now.enabled()) {
          globalWatcher = null;
          return;
        }
      }
    }
  }

  /** Whether anything is recorded at all: false over the API's no-op implementation. */
  public boolean enabled() {
    return tracer != null || meter != null || logger != null;
  }

  @Override
  public String toString() {
    return "Telemetry[tracing="
        + (tracer != null)
        + ", metrics="
        + (meter != null)
        + ", logs="
        + (logger != null)
        + ", content="
        + recordContent
        + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Hooks for Cadre's own classes.

  /**
   * {@code model}, its calls reported as {@code chat} spans, GenAI metrics and, when they fail,
   * exception log records. Wrapping twice is harmless: an already observed model is returned as it
   * is.
   */
  public static ChatModel observe(ChatModel model) {
    Objects.requireNonNull(model, "model");
    return model instanceof ObservedModel ? model : new ObservedModel(model);
  }

  /**
   * Makes {@code conversationId} the conversation of the work done on this thread until the scope
   * closes ({@code gen_ai.conversation.id} on its agent and chat spans): a team's run id where a
   * participant takes its turn, on whichever worker that is. Nothing when nothing is recorded.
   */
  public Scope inConversation(String conversationId) {
    if (tracer == null || conversationId == null) {
      return Scope.noop();
    }
    return Context.current().with(CONVERSATION, conversationId).makeCurrent();
  }

  /** The conversation the current context belongs to, or null. */
  static String conversation() {
    return Context.current().get(CONVERSATION);
  }

  /**
   * Starts the span of one turn of agent {@code name} ({@code invoke_agent}), which answers with
   * {@code model}; close the operation when the turn ends, after {@link Operation#fail} if it
   * failed. Its conversation is the current one (a team's run), else {@code conversationId} (the
   * agent's own). The model calls made within it add up into the turn's totals: tokens, finish
   * reasons, temperature and max tokens.
   */
  public Operation invokeAgent(
      String name, String description, ChatModel model, String conversationId) {
    if (tracer == null) {
      return Operation.NONE;
    }
    Span span = start("invoke_agent", name, SpanKind.INTERNAL);
    String conversation = conversation();
    if (conversation == null) {
      conversation = conversationId;
    }
    if (span.isRecording()) {
      span.setAttribute(AGENT_NAME, name);
      if (description != null && !description.isEmpty()) {
        span.setAttribute(AGENT_DESCRIPTION, description);
      }
      span.setAttribute(PROVIDER, model.provider());
      span.setAttribute(REQUEST_MODEL, model.info().model());
      if (conversation != null) {
        span.setAttribute(CONVERSATION_ID, conversation);
      }
    }
    return new Operation(span, true, conversation, true, "agent '" + name + "'", recordContent);
  }

  /** Starts the span of one run (or resumption) of team {@code team}, run id {@code runId}. */
  public Operation teamRun(String team, String runId) {
    if (tracer == null) {
      return Operation.NONE;
    }
    // The conventions' workflow span: several agents working together on one task.
    Span span = start("invoke_workflow", team, SpanKind.INTERNAL);
    if (span.isRecording()) {
      span.setAttribute(WORKFLOW_NAME, team);
      span.setAttribute(TEAM_NAME, team);
      span.setAttribute(CONVERSATION_ID, runId);
      span.setAttribute(RUN_ID, runId);
    }
    return new Operation(span, true, runId, false, "team '" + team + "'", recordContent);
  }

  /** Starts the span of one choice of the next speakers in team {@code team}. */
  public Operation selectSpeaker(String team) {
    if (tracer == null) {
      return Operation.NONE;
    }
    Span span = tracer.spanBuilder("cadre.team.select_speaker " + team).startSpan();
    if (span.isRecording()) {
      span.setAttribute(TEAM_NAME, team);
    }
    return new Operation(
        span, true, null, false, "speaker selection of team '" + team + "'", recordContent);
  }

  /** Records the speakers a selection chose on its span. */
  public void speakersChosen(Operation selection, List<String> speakers) {
    if (selection.span != null && selection.span.isRecording()) {
      selection.span.setAttribute(SPEAKERS, speakers);
    }
  }

  /** Counts one turn of team {@code team}. */
  public void teamTurn(String team) {
    if (teamTurns != null) {
      teamTurns.add(1, Attributes.of(TEAM_NAME, team));
    }
  }

  /**
   * Starts the span of one call of tool {@code tool} ({@code execute_tool}), described by {@code
   * description} (null for an unknown tool); end it with {@link #toolEnded}. {@code arguments} are
   * recorded only when content is.
   */
  public Operation executeTool(String tool, String description, String callId, String arguments) {
    if (tracer == null) {
      return Operation.NONE;
    }
    Span span = start("execute_tool", tool, SpanKind.INTERNAL);
    if (span.isRecording()) {
      // The model wrote the name, the id and the arguments: each must have a UTF-8 form.
      span.setAttribute(TOOL_NAME, Unicode.wellFormed(tool));
      span.setAttribute(TOOL_CALL_ID, Unicode.wellFormed(callId));
      span.setAttribute(TOOL_TYPE, "function");
      if (description != null && !description.isEmpty()) {
        span.setAttribute(TOOL_DESCRIPTION, description);
      }
      if (recordContent) {
        span.setAttribute(TOOL_ARGUMENTS, Unicode.wellFormed(arguments));
      }
    }
    // Not made current here: the tool may run on another thread (see Operation#wrap).
    return new Operation(span, false, null, false, "tool '" + tool + "'", recordContent);
  }

  /**
   * Ends a tool call's span and counts the call: {@code errorType} is null for a success, else a
   * short, stable kind of failure ({@code timeout}, {@code invalid_arguments}, an exception's class
   * name...), which sets the span's status to error, described by {@code message} when content is
   * recorded (it may quote arguments or the tool's own exception), by the tool and kind otherwise.
   */
  public void toolEnded(
      Operation operation, String tool, String errorType, String message, String result) {
    Span span = operation.span;
    if (span != null) {
      if (errorType != null) {
        // The message may quote the arguments or whatever the tool's exception said: content.
        markFailed(span, errorType, operation.reason(errorType, message));
      }
      if (recordContent && result != null && span.isRecording()) {
        span.setAttribute(TOOL_RESULT, Unicode.wellFormed(result));
      }
      span.end();
    }
    if (toolCalls != null) {
      String name = Unicode.wellFormed(tool);
      toolCalls.add(1, Attributes.of(TOOL_NAME, name));
      if (errorType != null) {
        toolErrors.add(1, Attributes.of(TOOL_NAME, name, ERROR_TYPE, errorType));
      }
    }
  }

  /**
   * Starts a span named {@code operation target}, as the conventions name GenAI spans, with its
   * {@code gen_ai.operation.name}.
   */
  Span start(String operation, String target, SpanKind kind) {
    Span span =
        tracer
            .spanBuilder(operation + " " + Unicode.wellFormed(target))
            .setSpanKind(kind)
            .startSpan();
    if (span.isRecording()) {
      span.setAttribute(OPERATION, operation);
    }
    return span;
  }

  static void markFailed(Span span, String errorType, String reason) {
    if (span.isRecording()) {
      span.setAttribute(ERROR_TYPE, errorType);
      // The reason can quote what a model wrote: a tool's exception, a malformed reply.
      span.setStatus(StatusCode.ERROR, Unicode.wellFormed(reason == null ? errorType : reason));
    }
  }

  /** Adds a model call's reply to the totals of the agent turn it is part of, if any. */
  static void addToTurn(ChatRequest request, ChatResponse response) {
    Operation turn = Context.current().get(TURN);
    if (turn != null) {
      turn.replied(request, response);
    }
  }

  /**
   * One instrumented piece of work and its span. Without tracing it is one shared instance that
   * does nothing.
   */
  public static final class Operation implements AutoCloseable {
    static final Operation NONE = new Operation(null, false, null, false, null, false);

    private final Span span;
    private final Scope scope;
    private final String subject;
    private final boolean content;
    private boolean closed;
    // An agent turn's totals, null until its first model call returns; guarded by this.
    private List<String> finishReasons;
    private Usage usage = Usage.ZERO;
    private Double temperature;
    private Integer maxTokens;
    private String responseModel;

    private Operation(
        Span span,
        boolean current,
        String conversation,
        boolean turn,
        String subject,
        boolean content) {
      this.span = span;
      this.subject = subject;
      this.content = content;
      if (current) {
        Context context = Context.current().with(span);
        if (conversation != null) {
          context = context.with(CONVERSATION, conversation);
        }
        if (turn) {
          context = context.with(TURN, this);
        }
        this.scope = context.makeCurrent();
      } else {
        this.scope = null;
      }
    }

    /**
     * Marks the work failed with {@code error}: {@code error.type} (the HTTP status of a model's
     * error response, else the error's class) and an error status, described by the error's
     * message when content is recorded (it may quote prompts, replies or arguments), by what failed
     * and the error's type otherwise.
     */
    public void fail(Throwable error) {
      if (span != null) {
        String type = GenAiAttributes.errorType(error);
        markFailed(span, type, reason(type, error.getMessage()));
      }
    }

    /**
     * Marks the work failed for {@code reason}, {@code errorType} naming the kind of failure; the
     * reason is recorded only when content is, as for {@link #fail(Throwable)}.
     */
    public void fail(String errorType, String reason) {
      if (span != null) {
        markFailed(span, errorType, reason(errorType, reason));
      }
    }

    private String reason(String errorType, String message) {
      return content ? message : subject + " failed: " + errorType;
    }

    /** One model call of this agent turn returned {@code response} to {@code request}. */
    private synchronized void replied(ChatRequest request, ChatResponse response) {
      if (finishReasons == null) {
        finishReasons = new ArrayList<>(2);
        temperature = request.temperature();
        maxTokens = request.maxTokens();
      }
      finishReasons.add(GenAiAttributes.finishReason(response.finishReason()));
      usage = usage.plus(response.usage());
      if (response.model() != null) {
        responseModel = response.model();
      }
    }

    /** Sets an agent turn's totals on its span, if any model call returned. */
    private synchronized void recordTotals() {
      if (finishReasons == null || !span.isRecording()) {
        return;
      }
      GenAiAttributes.usage(span, usage);
      span.setAttribute(FINISH_REASONS, List.copyOf(finishReasons));
      if (temperature != null) {
        span.setAttribute(TEMPERATURE, temperature);
      }
      if (maxTokens != null) {
        span.setAttribute(MAX_TOKENS, (long) maxTokens);
      }
      if (responseModel != null) {
        span.setAttribute(RESPONSE_MODEL, responseModel);
      }
    }

    /**
     * Makes this span current on the calling thread until the scope closes: for work started on one
     * thread and done on another.
     */
    public Scope makeCurrent() {
      return span == null ? Scope.noop() : span.makeCurrent();
    }

    /** {@code task}, run with this span current on whichever thread runs it. */
    public <T> Callable<T> wrap(Callable<T> task) {
      return span == null ? task : Context.current().with(span).wrap(task);
    }

    /**
     * Ends the span, and, if it was made current where it started, makes the previous context
     * current again; call it on the thread that started the work. Closing again does nothing.
     */
    @Override
    public void close() {
      if (span != null && !closed) {
        closed = true;
        if (scope != null) {
          scope.close();
        }
        recordTotals();
        span.end();
      }
    }
  }
}
