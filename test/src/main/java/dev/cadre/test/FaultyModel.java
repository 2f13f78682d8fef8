package dev.cadre.test;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelException;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.StreamListener;
import dev.cadre.model.http.RetryPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A model with faults injected into chosen calls, to test how a system copes: the nth call fails as
 * the provider would with an HTTP status, waits before answering, or has its stream cut after some
 * chunks. Calls are numbered from 1 across {@code chat} and {@code stream}; the others pass through
 * to the model it wraps.
 *
 * <pre>{@code
 * ChatModel flaky = FaultyModel.wrap(model).failCall(2, 429).cutStream(3, 1).build();
 * }</pre>
 */
public final class FaultyModel implements ChatModel {

  private sealed interface Fault {}

  private record Fail(int status) implements Fault {}

  private record Delay(Duration delay) implements Fault {}

  private record Cut(int afterChunks) implements Fault {}

  private final ChatModel model;
  private final Map<Integer, Fault> faults;
  private int calls; // guarded by this

  private FaultyModel(ChatModel model, Map<Integer, Fault> faults) {
    this.model = model;
    this.faults = Map.copyOf(faults);
  }

  /** Starts injecting faults into {@code model}. */
  public static Builder wrap(ChatModel model) {
    return new Builder(Objects.requireNonNull(model, "model"));
  }

  /** How many calls it has received. */
  public synchronized int calls() {
    return calls;
  }

  @Override
  public ModelInfo info() {
    return model.info();
  }

  @Override
  public String provider() {
    return model.provider();
  }

  @Override
  public InetSocketAddress server() {
    return model.server();
  }

  @Override
  public boolean separatesSystemInstructions() {
    return model.separatesSystemInstructions();
  }

  @Override
  public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
    int call = next();
    if (before(call, cancellation) instanceof Cut) {
      throw cut(call, 0);
    }
    return model.chat(request, cancellation);
  }

  @Override
  public ChatResponse stream(
      ChatRequest request, StreamListener listener, CancellationToken cancellation) {
    int call = next();
    Fault fault = before(call, cancellation);
    if (!(fault instanceof Cut cut)) {
      return model.stream(request, listener, cancellation);
    }
    int[] delivered = {0};
    StreamListener counting =
        new StreamListener() {
          @Override
          public void onText(String text) {
            if (delivered[0] >= cut.afterChunks()) {
              throw cut(call, cut.afterChunks());
            }
            delivered[0]++;
            listener.onText(text);
          }

          @Override
          public void onReasoning(String text) {
            listener.onReasoning(text);
          }
        };
    model.stream(request, counting, cancellation);
    // The stream had no more chunks than the cut lets through: it is cut at its end.
    throw cut(call, delivered[0]);
  }

  private synchronized int next() {
    return ++calls;
  }

  /** Applies a failure or a delay due before call {@code call}; returns its fault, if any. */
  private Fault before(int call, CancellationToken cancellation) {
    Fault fault = faults.get(call);
    if (fault instanceof Fail fail) {
      throw new ModelException(
          model.provider(),
          fail.status(),
          "fault injected by the test: HTTP " + fail.status() + " on call " + call,
          RetryPolicy.retryableStatus(fail.status()));
    }
    if (fault instanceof Delay delay) {
      pause(delay.delay(), cancellation);
    }
    return fault;
  }

  private ModelException cut(int call, int afterChunks) {
    return new ModelException(
        model.provider(),
        0,
        "fault injected by the test: the stream of call "
            + call
            + " was cut after "
            + afterChunks
            + " chunk(s)",
        false);
  }

  private static void pause(Duration delay, CancellationToken cancellation) {
    cancellation.throwIfCancelled();
    CountDownLatch cancelled = new CountDownLatch(1);
    try (CancellationToken.Registration ignored = cancellation.onCancel(cancelled::countDown)) {
      if (cancelled.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new CancelledException("model call cancelled during an injected delay");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("model call interrupted during an injected delay");
    }
  }

  /** Chooses the faults; one fault per call. */
  public static final class Builder {
    private final ChatModel model;
    private final Map<Integer, Fault> faults = new HashMap<>();

    private Builder(ChatModel model) {
      this.model = model;
    }

    /** Call {@code call} fails with HTTP {@code status}, retryable as the HTTP client rates it. */
    public Builder failCall(int call, int status) {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("not an HTTP status: " + status);
      }
      return put(call, new Fail(status));
    }

    /** Call {@code call} waits {@code delay} before it goes to the model; cancelling stops it. */
    public Builder delayCall(int call, Duration delay) {
      if (delay.isNegative()) {
        throw new IllegalArgumentException("a delay cannot be negative: " + delay);
      }
      return put(call, new Delay(delay));
    }

    /**
     * The stream of call {@code call} is cut after {@code afterChunks} chunks of text: the call
     * fails, as a provider's dropped connection does. A call that does not stream fails at once.
     */
    public Builder cutStream(int call, int afterChunks) {
      if (afterChunks < 0) {
        throw new IllegalArgumentException("afterChunks cannot be negative: " + afterChunks);
      }
      return put(call, new Cut(afterChunks));
    }

    private Builder put(int call, Fault fault) {
      if (call < 1) {
        throw new IllegalArgumentException("calls are numbered from 1, got " + call);
      }
      if (faults.putIfAbsent(call, fault) != null) {
        throw new IllegalArgumentException("call " + call + " already has a fault");
      }
      return this;
    }

    /** The model with its faults. */
    public FaultyModel build() {
      return new FaultyModel(model, faults);
    }
  }
}
