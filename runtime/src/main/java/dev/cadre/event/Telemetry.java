package dev.cadre.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.core.Unicode;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelException;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.StreamListener;
import dev.cadre.model.Usage;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
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
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Cadre's OpenTelemetry instrumentation: spans and metrics named after the OpenTelemetry GenAI
 * semantic conventions, through the OpenTelemetry API alone.
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
 * <p>Metrics: {@value #TOKEN_USAGE} and {@value #OPERATION_DURATION} as the conventions define
 * them, and Cadre's own {@value #TOOL_CALLS}, {@value #TOOL_ERRORS} and {@value #TEAM_TURNS}.
 *
 * <p>Message content (prompts, replies, tool arguments and results) is left out unless {@link
 * #recordingContent(boolean)} turns it on. API keys and HTTP headers are never recorded: they live
 * in the model clients, below the layer this sees.
 *
 * <p>The methods below {@link #enabled()} are the hooks Cadre's own classes call; applications do
 * not need them.
 */
public final class Telemetry {

  /** The instrumentation scope name of Cadre's tracer and meter. */
  public static final String SCOPE = "dev.cadre";

  /** Histogram of tokens per model call, split by {@code gen_ai.token.type} (conventions). */
  public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

  /** Histogram of the seconds a model call took (conventions). */
  public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

  /** Counter of tool calls run, by {@code gen_ai.tool.name} (Cadre's own). */
  public static final String TOOL_CALLS = "cadre.tool.calls";

  /** Counter of tool calls that ended in an error result, by tool and {@code error.type}. */
  public static final String TOOL_ERRORS = "cadre.tool.errors";

  /** Counter of team turns taken, by {@code cadre.team.name} (Cadre's own). */
  public static final String TEAM_TURNS = "cadre.team.turns";

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<List<String>> FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Double> TEMPERATURE =
      AttributeKey.doubleKey("gen_ai.request.temperature");
  static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
  static final AttributeKey<String> INPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.output.messages");
  static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
  static final AttributeKey<String> AGENT_DESCRIPTION =
      AttributeKey.stringKey("gen_ai.agent.description");
  static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
  static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
  static final AttributeKey<String> TOOL_ARGUMENTS =
      AttributeKey.stringKey("gen_ai.tool.call.arguments");
  static final AttributeKey<String> TOOL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
  static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> TEAM_NAME = AttributeKey.stringKey("cadre.team.name");
  static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("cadre.run.id");
  static final AttributeKey<String> CONVERSATION_ID =
      AttributeKey.stringKey("gen_ai.conversation.id");
  static final AttributeKey<List<String>> SPEAKERS =
      AttributeKey.stringArrayKey("cadre.team.speakers");

  /** The bucket boundaries the conventions advise for the token histogram. */
  private static final List<Long> TOKEN_BUCKETS =
      List.of(
          1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L,
          16777216L, 67108864L);

  /** The bucket boundaries the conventions advise for the duration histogram, in seconds. */
  private static final List<Double> DURATION_BUCKETS =
      List.of(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);

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
  private final boolean recordContent;
  private final Tracer tracer; // null when tracing is the no-op
  private final Meter meter; // null when metrics are the no-op
  private final LongHistogram tokenUsage;
  private final DoubleHistogram duration;
  private final LongCounter toolCalls;
  private final LongCounter toolErrors;
  private final LongCounter teamTurns;

  private Telemetry(OpenTelemetry openTelemetry, boolean recordContent) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    this.recordContent = recordContent;
    Tracer candidate = openTelemetry.getTracer(SCOPE);
    // The API's no-op tracer is one shared class: seeing it, skip tracing altogether rather than
    // build span names and attributes only to drop them.
    this.tracer =
        candidate.getClass() == TracerProvider.noop().get(SCOPE).getClass() ? null : candidate;
    Meter meterCandidate = openTelemetry.getMeter(SCOPE);
    boolean noMetrics = meterCandidate.getClass() == MeterProvider.noop().get(SCOPE).getClass();
    this.meter = noMetrics ? null : meterCandidate;
    if (meter == null) {
      tokenUsage = null;
      duration = null;
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
      duration =
          meter
              .histogramBuilder(OPERATION_DURATION)
              .setUnit("s")
              .setDescription("GenAI operation duration")
              .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
              .build();
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

  /** Reports to {@code openTelemetry}, leaving message content out. */
  public static Telemetry of(OpenTelemetry openTelemetry) {
    return new Telemetry(openTelemetry, false);
  }

  /**
   * This telemetry, recording message content or not: prompts and replies as {@code
   * gen_ai.input.messages} / {@code gen_ai.output.messages} (JSON, Cadre's message form) on chat
   * spans, tool arguments and results on tool spans. Off by default, since content may be personal
   * or confidential; API keys and headers are never recorded either way.
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
    return tracer != null || meter != null;
  }

  @Override
  public String toString() {
    return "Telemetry[tracing="
        + (tracer != null)
        + ", metrics="
        + (meter != null)
        + ", content="
        + recordContent
        + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Hooks for Cadre's own classes.

  /**
   * {@code model}, its calls reported as {@code chat} spans and GenAI metrics. Wrapping twice is
   * harmless: an already observed model is returned as it is.
   */
  public static ChatModel observe(ChatModel model) {
    Objects.requireNonNull(model, "model");
    return model instanceof ObservedModel ? model : new ObservedModel(model);
  }

  /**
   * Starts the span of one turn of agent {@code name} ({@code invoke_agent}), which answers with
   * {@code model}; close the operation when the turn ends, after {@link Operation#fail} if it
   * failed.
   */
  public Operation invokeAgent(String name, String description, ChatModel model) {
    if (tracer == null) {
      return Operation.NONE;
    }
    Span span = start("invoke_agent", name, SpanKind.INTERNAL);
    if (span.isRecording()) {
      span.setAttribute(AGENT_NAME, name);
      if (description != null) {
        span.setAttribute(AGENT_DESCRIPTION, description);
      }
      span.setAttribute(PROVIDER, model.provider());
      span.setAttribute(REQUEST_MODEL, model.info().model());
    }
    return new Operation(span, true, "agent '" + name + "'", recordContent);
  }

  /** Starts the span of one run (or resumption) of team {@code team}, run id {@code runId}. */
  public Operation teamRun(String team, String runId) {
    if (tracer == null) {
      return Operation.NONE;
    }
    // The conventions' workflow span: several agents working together on one task.
    Span span = start("invoke_workflow", team, SpanKind.INTERNAL);
    if (span.isRecording()) {
      span.setAttribute(AGENT_NAME, team);
      span.setAttribute(TEAM_NAME, team);
      span.setAttribute(CONVERSATION_ID, runId);
      span.setAttribute(RUN_ID, runId);
    }
    return new Operation(span, true, "team '" + team + "'", recordContent);
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
    return new Operation(span, true, "speaker selection of team '" + team + "'", recordContent);
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
   * Starts the span of one call of tool {@code tool} ({@code execute_tool}); end it with {@link
   * #toolEnded}. {@code arguments} are recorded only when content is.
   */
  public Operation executeTool(String tool, String callId, String arguments) {
    if (tracer == null) {
      return Operation.NONE;
    }
    Span span = start("execute_tool", tool, SpanKind.INTERNAL);
    if (span.isRecording()) {
      // The model wrote the name, the id and the arguments: each must have a UTF-8 form.
      span.setAttribute(TOOL_NAME, Unicode.wellFormed(tool));
      span.setAttribute(TOOL_CALL_ID, Unicode.wellFormed(callId));
      span.setAttribute(TOOL_TYPE, "function");
      if (recordContent) {
        span.setAttribute(TOOL_ARGUMENTS, Unicode.wellFormed(arguments));
      }
    }
    // Not made current here: the tool may run on another thread (see Operation#wrap).
    return new Operation(span, false, "tool '" + tool + "'", recordContent);
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

  private ChatResponse chat(
      ChatModel model,
      ChatRequest request,
      StreamListener listener,
      CancellationToken cancellation) {
    if (!enabled()) {
      return call(model, request, listener, cancellation);
    }
    ModelInfo info = model.info();
    String provider = model.provider();
    long started = System.nanoTime();
    Span span = tracer == null ? Span.getInvalid() : start("chat", info.model(), SpanKind.CLIENT);
    boolean recording = span.isRecording();
    if (recording) {
      span.setAttribute(PROVIDER, provider);
      span.setAttribute(REQUEST_MODEL, info.model());
      if (request.temperature() != null) {
        span.setAttribute(TEMPERATURE, request.temperature());
      }
      if (request.maxTokens() != null) {
        span.setAttribute(MAX_TOKENS, (long) request.maxTokens());
      }
      if (recordContent) {
        span.setAttribute(INPUT_MESSAGES, messages(request.messages(), null));
      }
    }
    ChatResponse response;
    try (Scope ignored = span.makeCurrent()) {
      response = call(model, request, listener, cancellation);
    } catch (Throwable e) {
      String errorType = errorType(e);
      // A model's error may quote the prompt or the reply (a malformed one, say): content.
      markFailed(
          span,
          errorType,
          recordContent
              ? e.getMessage()
              : "model '" + info.model() + "' failed: " + errorType + httpStatus(e));
      span.end();
      if (duration != null) {
        duration.record(
            seconds(started),
            metricAttributes(provider, info.model(), null).put(ERROR_TYPE, errorType).build());
      }
      throw e;
    }
    Usage usage = response.usage();
    if (recording) {
      if (response.model() != null) {
        span.setAttribute(RESPONSE_MODEL, response.model());
      }
      span.setAttribute(INPUT_TOKENS, usage.inputTokens());
      span.setAttribute(OUTPUT_TOKENS, usage.outputTokens());
      span.setAttribute(FINISH_REASONS, List.of(finishReason(response)));
      if (recordContent) {
        span.setAttribute(
            OUTPUT_MESSAGES, messages(List.of(response.toMessage(null)), finishReason(response)));
      }
    }
    span.end();
    if (meter != null) {
      AttributesBuilder attributes = metricAttributes(provider, info.model(), response.model());
      duration.record(seconds(started), attributes.build());
      tokenUsage.record(usage.inputTokens(), attributes.put(TOKEN_TYPE, "input").build());
      tokenUsage.record(usage.outputTokens(), attributes.put(TOKEN_TYPE, "output").build());
    }
    return response;
  }

  /**
   * Starts a span named {@code operation target}, as the conventions name GenAI spans, with its
   * {@code gen_ai.operation.name}.
   */
  private Span start(String operation, String target, SpanKind kind) {
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

  private static void markFailed(Span span, String errorType, String reason) {
    if (span.isRecording()) {
      span.setAttribute(ERROR_TYPE, errorType);
      // The reason can quote what a model wrote: a tool's exception, a malformed reply.
      span.setStatus(StatusCode.ERROR, Unicode.wellFormed(reason == null ? errorType : reason));
    }
  }

  private static ChatResponse call(
      ChatModel model,
      ChatRequest request,
      StreamListener listener,
      CancellationToken cancellation) {
    return listener == null
        ? model.chat(request, cancellation)
        : model.stream(request, listener, cancellation);
  }

  private static AttributesBuilder metricAttributes(
      String provider, String requestModel, String responseModel) {
    AttributesBuilder builder =
        Attributes.builder()
            .put(OPERATION, "chat")
            .put(PROVIDER, provider)
            .put(REQUEST_MODEL, requestModel);
    if (responseModel != null) {
      builder.put(RESPONSE_MODEL, responseModel);
    }
    return builder;
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** The conventions' {@code error.type}: the exception's class, which is low in cardinality. */
  static String errorType(Throwable error) {
    return error.getClass().getName();
  }

  /** {@code " (HTTP 429)"} for a model's HTTP error response, else nothing. */
  private static String httpStatus(Throwable error) {
    return error instanceof ModelException m && m.status() > 0 ? " (HTTP " + m.status() + ")" : "";
  }

  /**
   * Messages as the conventions' JSON: each a {@code role} and its {@code parts} ({@code text},
   * {@code tool_call}, {@code tool_call_response}); output messages also carry their {@code
   * finish_reason}.
   */
  private static String messages(List<ChatMessage> messages, String finishReason) {
    ArrayNode array = Json.mapper().createArrayNode();
    for (ChatMessage message : messages) {
      ObjectNode node = array.addObject();
      ArrayNode parts = Json.mapper().createArrayNode();
      if (message instanceof ChatMessage.System system) {
        node.put("role", "system");
        text(parts, system.content());
      } else if (message instanceof ChatMessage.User user) {
        node.put("role", "user");
        text(parts, user.content());
      } else if (message instanceof ChatMessage.Assistant assistant) {
        node.put("role", "assistant");
        text(parts, assistant.content());
        for (ToolCall call : assistant.toolCalls()) {
          ObjectNode part = parts.addObject().put("type", "tool_call");
          part.put("id", call.id()).put("name", call.name());
          part.set("arguments", argumentsOf(call));
        }
      } else if (message instanceof ChatMessage.ToolResults results) {
        node.put("role", "tool");
        for (ToolResult result : results.results()) {
          parts
              .addObject()
              .put("type", "tool_call_response")
              .put("id", result.callId())
              .put("response", result.content());
        }
      }
      node.set("parts", parts);
      if (finishReason != null) {
        node.put("finish_reason", finishReason);
      }
    }
    return Json.write(array);
  }

  private static void text(ArrayNode parts, String content) {
    if (content != null) {
      parts.addObject().put("type", "text").put("content", content);
    }
  }

  /** A call's arguments as the JSON they are, or as the text they are when that is not JSON. */
  private static JsonNode argumentsOf(ToolCall call) {
    try {
      return Json.parse(call.arguments());
    } catch (IOException | RuntimeException e) {
      return TextNode.valueOf(call.arguments());
    }
  }

  private static String finishReason(ChatResponse response) {
    return response.finishReason().name().toLowerCase(Locale.ROOT);
  }

  /**
   * One instrumented piece of work and its span. Without tracing it is one shared instance that
   * does nothing.
   */
  public static final class Operation implements AutoCloseable {
    static final Operation NONE = new Operation(null, false, null, false);

    private final Span span;
    private final Scope scope;
    private final String subject;
    private final boolean content;
    private boolean closed;

    private Operation(Span span, boolean current, String subject, boolean content) {
      this.span = span;
      this.scope = current ? span.makeCurrent() : null;
      this.subject = subject;
      this.content = content;
    }

    /**
     * Marks the work failed with {@code error}: {@code error.type} and an error status, described
     * by the error's message when content is recorded (it may quote prompts, replies or arguments),
     * by what failed and the error's type otherwise.
     */
    public void fail(Throwable error) {
      if (span != null) {
        String type = errorType(error);
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
        span.end();
      }
    }
  }

  /** A model whose calls are reported. */
  private static final class ObservedModel implements ChatModel {
    private final ChatModel delegate;

    ObservedModel(ChatModel delegate) {
      this.delegate = delegate;
    }

    @Override
    public ModelInfo info() {
      return delegate.info();
    }

    @Override
    public String provider() {
      return delegate.provider();
    }

    @Override
    public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
      return current().chat(delegate, request, null, cancellation);
    }

    @Override
    public ChatResponse stream(
        ChatRequest request, StreamListener listener, CancellationToken cancellation) {
      Objects.requireNonNull(listener, "listener");
      return current().chat(delegate, request, listener, cancellation);
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }
}
