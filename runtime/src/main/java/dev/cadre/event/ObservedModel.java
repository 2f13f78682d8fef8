package dev.cadre.event;

import static dev.cadre.event.GenAiAttributes.CONVERSATION_ID;
import static dev.cadre.event.GenAiAttributes.ERROR_TYPE;
import static dev.cadre.event.GenAiAttributes.EXCEPTION_MESSAGE;
import static dev.cadre.event.GenAiAttributes.EXCEPTION_TYPE;
import static dev.cadre.event.GenAiAttributes.FINISH_REASONS;
import static dev.cadre.event.GenAiAttributes.INPUT_MESSAGES;
import static dev.cadre.event.GenAiAttributes.MAX_TOKENS;
import static dev.cadre.event.GenAiAttributes.OPERATION;
import static dev.cadre.event.GenAiAttributes.OUTPUT_MESSAGES;
import static dev.cadre.event.GenAiAttributes.OUTPUT_TYPE;
import static dev.cadre.event.GenAiAttributes.PROVIDER;
import static dev.cadre.event.GenAiAttributes.REQUEST_MODEL;
import static dev.cadre.event.GenAiAttributes.RESPONSE_ID;
import static dev.cadre.event.GenAiAttributes.RESPONSE_MODEL;
import static dev.cadre.event.GenAiAttributes.SERVER_ADDRESS;
import static dev.cadre.event.GenAiAttributes.SERVER_PORT;
import static dev.cadre.event.GenAiAttributes.STREAM;
import static dev.cadre.event.GenAiAttributes.SYSTEM_INSTRUCTIONS;
import static dev.cadre.event.GenAiAttributes.TEMPERATURE;
import static dev.cadre.event.GenAiAttributes.TIME_TO_FIRST_CHUNK;
import static dev.cadre.event.GenAiAttributes.TOKEN_TYPE;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.Unicode;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelException;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.StreamListener;
import dev.cadre.model.Usage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * A model whose calls are reported, as the GenAI conventions report a client inference: a {@code
 * chat} span, the duration and token metrics, the chunk metrics of a streamed call, and the
 * exception log record of a failed one.
 */
final class ObservedModel implements ChatModel {

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
  public InetSocketAddress server() {
    return delegate.server();
  }

  @Override
  public boolean separatesSystemInstructions() {
    return delegate.separatesSystemInstructions();
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
    return call(Telemetry.current(), request, null, cancellation);
  }

  @Override
  public ChatResponse stream(
      ChatRequest request, StreamListener listener, CancellationToken cancellation) {
    Objects.requireNonNull(listener, "listener");
    return call(Telemetry.current(), request, listener, cancellation);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  private ChatResponse send(
      ChatRequest request, StreamListener listener, CancellationToken cancellation) {
    return listener == null
        ? delegate.chat(request, cancellation)
        : delegate.stream(request, listener, cancellation);
  }

  private ChatResponse call(
      Telemetry telemetry,
      ChatRequest request,
      StreamListener listener,
      CancellationToken cancellation) {
    if (!telemetry.enabled()) {
      return send(request, listener, cancellation);
    }
    String model = delegate.info().model();
    String provider = delegate.provider();
    InetSocketAddress server = delegate.server();
    long started = System.nanoTime();
    Span span =
        telemetry.tracer == null
            ? Span.getInvalid()
            : telemetry.start("chat", model, SpanKind.CLIENT);
    boolean recording = span.isRecording();
    if (recording) {
      requestAttributes(telemetry, span, request, listener != null, provider, model, server);
    }
    Attributes metricAttributes = metricAttributes(provider, model, server).build();
    ChunkTimer timer =
        listener == null ? null : new ChunkTimer(telemetry, listener, started, metricAttributes);
    ChatResponse response;
    try (Scope ignored = span.makeCurrent()) {
      response = send(request, timer, cancellation);
    } catch (Throwable e) {
      failed(telemetry, span, e, model, metricAttributes, started);
      throw e;
    }
    Telemetry.addToTurn(request, response);
    Usage usage = response.usage();
    String finishReason = GenAiAttributes.finishReason(response.finishReason());
    if (recording) {
      if (response.model() != null) {
        span.setAttribute(RESPONSE_MODEL, response.model());
      }
      String id = responseId(response);
      if (id != null) {
        span.setAttribute(RESPONSE_ID, id);
      }
      GenAiAttributes.usage(span, usage);
      span.setAttribute(FINISH_REASONS, List.of(finishReason));
      if (timer != null && timer.firstChunkSeconds >= 0) {
        span.setAttribute(TIME_TO_FIRST_CHUNK, timer.firstChunkSeconds);
      }
      if (telemetry.recordContent) {
        span.setAttribute(
            OUTPUT_MESSAGES,
            GenAiContent.messages(List.of(response.toMessage(null)), finishReason, false));
      }
    }
    span.end();
    if (telemetry.meter != null) {
      AttributesBuilder attributes = metricAttributes(provider, model, server);
      if (response.model() != null) {
        attributes.put(RESPONSE_MODEL, response.model());
      }
      telemetry.duration.record(seconds(started), attributes.build());
      telemetry.tokenUsage.record(
          usage.inputTokens(), attributes.put(TOKEN_TYPE, "input").build());
      telemetry.tokenUsage.record(
          usage.outputTokens(), attributes.put(TOKEN_TYPE, "output").build());
    }
    return response;
  }

  private void requestAttributes(
      Telemetry telemetry,
      Span span,
      ChatRequest request,
      boolean stream,
      String provider,
      String model,
      InetSocketAddress server) {
    span.setAttribute(PROVIDER, provider);
    span.setAttribute(REQUEST_MODEL, model);
    if (server != null) {
      span.setAttribute(SERVER_ADDRESS, server.getHostString());
      span.setAttribute(SERVER_PORT, (long) server.getPort());
    }
    String conversation = Telemetry.conversation();
    if (conversation != null) {
      span.setAttribute(CONVERSATION_ID, conversation);
    }
    span.setAttribute(STREAM, stream);
    if (request.temperature() != null) {
      span.setAttribute(TEMPERATURE, request.temperature());
    }
    if (request.maxTokens() != null) {
      span.setAttribute(MAX_TOKENS, (long) request.maxTokens());
    }
    if (request.responseFormat() != null) {
      // Structured output: the model is asked for JSON that matches a schema.
      span.setAttribute(OUTPUT_TYPE, "json");
    }
    if (telemetry.recordContent) {
      boolean apart = delegate.separatesSystemInstructions();
      if (apart) {
        String instructions = GenAiContent.instructions(request.messages());
        if (instructions != null) {
          span.setAttribute(SYSTEM_INSTRUCTIONS, instructions);
        }
      }
      span.setAttribute(INPUT_MESSAGES, GenAiContent.messages(request.messages(), null, apart));
    }
  }

  /**
   * Reports a failed call: an error span, the duration with its {@code error.type}, and the
   * conventions' exception log record, in the span's context. A model's error may quote the prompt
   * or the reply (a malformed one, say), so its message is recorded only with content.
   */
  private static void failed(
      Telemetry telemetry,
      Span span,
      Throwable error,
      String model,
      Attributes metricAttributes,
      long started) {
    String errorType = GenAiAttributes.errorType(error);
    String reason =
        telemetry.recordContent
            ? error.getMessage()
            : "model '" + model + "' failed: " + error.getClass().getName() + httpStatus(error);
    Telemetry.markFailed(span, errorType, reason);
    span.end();
    if (telemetry.duration != null) {
      telemetry.duration.record(
          seconds(started), metricAttributes.toBuilder().put(ERROR_TYPE, errorType).build());
    }
    if (telemetry.logger != null) {
      telemetry
          .logger
          .logRecordBuilder()
          .setEventName(Telemetry.EXCEPTION_EVENT)
          .setSeverity(Severity.WARN)
          .setContext(Context.current().with(span))
          .setAllAttributes(metricAttributes)
          .setAttribute(ERROR_TYPE, errorType)
          .setAttribute(EXCEPTION_TYPE, error.getClass().getName())
          .setAttribute(EXCEPTION_MESSAGE, Unicode.wellFormed(reason == null ? errorType : reason))
          .emit();
    }
  }

  /** The provider's id of the response ({@code gen_ai.response.id}), or null if it gave none. */
  private static String responseId(ChatResponse response) {
    return response.id();
  }

  private static AttributesBuilder metricAttributes(
      String provider, String requestModel, InetSocketAddress server) {
    AttributesBuilder builder =
        Attributes.builder()
            .put(OPERATION, "chat")
            .put(PROVIDER, provider)
            .put(REQUEST_MODEL, requestModel);
    if (server != null) {
      builder.put(SERVER_ADDRESS, server.getHostString()).put(SERVER_PORT, server.getPort());
    }
    return builder;
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** {@code " (HTTP 429)"} for a model's HTTP error response, else nothing. */
  private static String httpStatus(Throwable error) {
    return error instanceof ModelException m && m.status() > 0 ? " (HTTP " + m.status() + ")" : "";
  }

  /**
   * Times a streamed call's chunks as they arrive, before handing each on: the first against the
   * call's start, each later one against the one before.
   */
  private static final class ChunkTimer implements StreamListener {
    private final Telemetry telemetry;
    private final StreamListener listener;
    private final Attributes attributes;
    private long last;
    double firstChunkSeconds = -1;

    ChunkTimer(Telemetry telemetry, StreamListener listener, long started, Attributes attributes) {
      this.telemetry = telemetry;
      this.listener = listener;
      this.attributes = attributes;
      this.last = started;
    }

    @Override
    public void onText(String text) {
      long now = System.nanoTime();
      double seconds = (now - last) / 1e9;
      last = now;
      if (firstChunkSeconds < 0) {
        firstChunkSeconds = seconds;
        if (telemetry.timeToFirstChunk != null) {
          telemetry.timeToFirstChunk.record(seconds, attributes);
        }
      } else if (telemetry.timePerOutputChunk != null) {
        telemetry.timePerOutputChunk.record(seconds, attributes);
      }
      listener.onText(text);
    }
  }
}
