package dev.cadre.model.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.Json;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelException;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.StreamListener;
import dev.cadre.model.Usage;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.state.Stateful;
import dev.cadre.tool.ToolCall;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A model that answers from a script: for tests, and for running samples offline.
 *
 * <p>Each call takes the next {@link ReplayStep} in order and records the request it received, so
 * a test can assert what an agent sent. When the script runs out the call fails with an error
 * that says how many replies were scripted. Scripts are built in code with {@link #builder()} or
 * loaded from a JSON-lines file with {@link #fromJsonLines(Path)} (format in {@link ReplayScript}).
 * Safe to call from several threads; calls take steps in the order they arrive.
 *
 * <p>Its position in the script is its {@link Stateful state}. A durable run that resumes asks its
 * models again only for the turn its latest snapshot does not cover; for a script to answer that
 * turn as it did the first time, the run keeps the script's position with each snapshot: {@code
 * team.keepWithRuns("model", script)} on the team that starts the run and on the one that resumes
 * it, each with the whole script.
 */
public final class ReplayChatModel implements ChatModel, Stateful {

  /** The provider name this model reports in errors. */
  public static final String PROVIDER = "replay";

  /** The kind of the state document of a script's position. */
  public static final String STATE_KIND = "replay";

  private final ModelInfo info;
  private final List<ReplayStep> steps;
  private final List<ChatRequest> requests = new ArrayList<>();
  private int next;

  private ReplayChatModel(ModelInfo info, List<ReplayStep> steps) {
    this.info = info;
    this.steps = List.copyOf(steps);
  }

  /** Starts an empty script. */
  public static Builder builder() {
    return new Builder();
  }

  /** A model that answers with each of {@code texts} in turn. */
  public static ReplayChatModel ofTexts(String... texts) {
    Builder builder = builder();
    Arrays.stream(texts).forEach(builder::text);
    return builder.build();
  }

  /** Loads a script from a JSON-lines file; errors name the file and the line. */
  public static ReplayChatModel fromJsonLines(Path file) throws IOException {
    return builder().steps(ReplayScript.read(file)).build();
  }

  /** Loads a script from a stream, such as a class-path resource; {@code source} names it in errors. */
  public static ReplayChatModel fromJsonLines(InputStream in, String source) throws IOException {
    return builder().steps(ReplayScript.read(in, source)).build();
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
    ReplayStep step = take(request);
    pause(step.delay(), cancellation);
    return step.response();
  }

  @Override
  public ChatResponse stream(
      ChatRequest request, StreamListener listener, CancellationToken cancellation) {
    ReplayStep step = take(request);
    pause(step.delay(), cancellation);
    for (String chunk : step.streamChunks()) {
      cancellation.throwIfCancelled();
      listener.onText(chunk);
    }
    return step.response();
  }

  /** Every request received so far, in order. */
  public synchronized List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  /** The most recent request; fails if there was none. */
  public synchronized ChatRequest lastRequest() {
    if (requests.isEmpty()) {
      throw new IllegalStateException("the replay model has received no request");
    }
    return requests.get(requests.size() - 1);
  }

  /** How many scripted replies have not been used. */
  public synchronized int remaining() {
    return steps.size() - next;
  }

  /**
   * Its position, as a state document of kind {@value #STATE_KIND}: how many of the script's
   * replies it has given ({@code given}), and how many the script holds ({@code replies}).
   */
  @Override
  public synchronized JsonNode saveState() {
    ObjectNode document = State.document(STATE_KIND);
    document.put("given", next);
    document.put("replies", steps.size());
    return document;
  }

  /**
   * Moves to the position {@link #saveState} saved: the next call gets the reply after the ones
   * given then. The requests recorded so far are kept.
   *
   * @throws StateException if the document is not a script's position, or this script holds fewer
   *     replies than had been given
   */
  @Override
  public synchronized void loadState(JsonNode state) {
    ObjectNode document = State.open(state, STATE_KIND);
    int given = State.integer(document, "given", 0);
    if (given > steps.size()) {
      throw new StateException(
          "given",
          given
              + " replies had been given, and this script holds only "
              + steps.size()
              + "; load it into the script it was saved from");
    }
    next = given;
  }

  private synchronized ReplayStep take(ChatRequest request) {
    requests.add(request);
    if (next >= steps.size()) {
      throw new ModelException(
          PROVIDER,
          0,
          "the script has no reply left: it held "
              + steps.size()
              + " and this is request "
              + (next + 1)
              + "; add a reply to the script",
          false);
    }
    return steps.get(next++);
  }

  private static void pause(Duration delay, CancellationToken cancellation) {
    cancellation.throwIfCancelled();
    if (delay.isZero()) {
      return;
    }
    CountDownLatch cancelled = new CountDownLatch(1);
    try (CancellationToken.Registration ignored = cancellation.onCancel(cancelled::countDown)) {
      if (cancelled.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new CancelledException("replay model call cancelled");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("replay model call interrupted");
    }
  }

  /** Builds a script one reply at a time. */
  public static final class Builder {
    private final List<ReplayStep> steps = new ArrayList<>();
    private ModelInfo info = ModelInfo.capable("replay");
    private Usage usage = new Usage(10, 5);

    private Builder() {}

    /** What {@link #info()} reports; by default a capable model named {@code replay}. */
    public Builder info(ModelInfo info) {
      this.info = Objects.requireNonNull(info);
      return this;
    }

    /** The usage each scripted reply reports unless a step says otherwise. */
    public Builder usage(Usage usage) {
      this.usage = Objects.requireNonNull(usage);
      return this;
    }

    /** A plain text reply. */
    public Builder text(String text) {
      return step(new ReplayStep(ChatResponse.ofText(text, usage, info.model()), List.of(), null));
    }

    /** A text reply that streams in exactly these chunks. */
    public Builder streamed(String... chunks) {
      String text = String.join("", chunks);
      return step(
          new ReplayStep(ChatResponse.ofText(text, usage, info.model()), List.of(chunks), null));
    }

    /** A structured-output reply: the JSON value written as the reply's text. */
    public Builder json(JsonNode value) {
      return text(Json.write(value));
    }

    /** A reply that asks for tools to run (several calls: a parallel tool call). */
    public Builder toolCalls(ToolCall... calls) {
      return step(
          new ReplayStep(
              new ChatResponse(null, List.of(calls), FinishReason.TOOL_CALLS, usage, info.model()),
              List.of(),
              null));
    }

    /** A reply that asks for one tool with {@code arguments} as JSON text, with a generated id. */
    public Builder toolCall(String name, String arguments) {
      return toolCalls(new ToolCall("call_" + (steps.size() + 1), name, arguments));
    }

    /** Any reply, with its own chunks and delay. */
    public Builder step(ReplayStep step) {
      steps.add(Objects.requireNonNull(step));
      return this;
    }

    /** Adds steps, in order. */
    public Builder steps(List<ReplayStep> steps) {
      steps.forEach(this::step);
      return this;
    }

    /** Makes the previous reply wait {@code delay} before answering (cancellable). */
    public Builder delayed(Duration delay) {
      if (steps.isEmpty()) {
        throw new IllegalStateException("delayed() applies to the reply before it; add one first");
      }
      ReplayStep last = steps.remove(steps.size() - 1);
      steps.add(new ReplayStep(last.response(), last.chunks(), delay));
      return this;
    }

    /** Builds the model. */
    public ReplayChatModel build() {
      return new ReplayChatModel(info, steps);
    }
  }
}
