package dev.cadre.benchmarks.scale;

import dev.cadre.core.CancelledException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated model latency of scenario 7: every model call waits {@link #delayMillis()} before
 * the fake answers, the way a provider's reply would keep a real call waiting.
 *
 * <p>Blocking models (Cadre's and LangChain4j's model interfaces are blocking) wait with {@link
 * #await}, which sleeps the calling thread; the floor waits with {@link #after}, a future completed
 * by one shared scheduler thread, so its runs hold no thread while they wait.
 *
 * <p>The gate is for the census: while it is closed, each run's first model call stops on it
 * before its wait, so that every run can be counted in at once ({@link #arrived}) and the heap
 * they hold measured. {@link #open} lets them go on.
 */
final class Latency implements AutoCloseable {

  private final long delayMillis;
  private final CompletableFuture<Void> gate;
  private final ScheduledExecutorService timer;
  private final AtomicInteger arrived = new AtomicInteger();
  private final AtomicInteger inCall = new AtomicInteger();
  private final AtomicInteger peakInCall = new AtomicInteger();

  /**
   * @param gated whether first calls stop on the gate until {@link #open}
   */
  Latency(long delayMillis, boolean gated) {
    this.delayMillis = delayMillis;
    this.gate = gated ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "scale-latency");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.timer = executor;
  }

  long delayMillis() {
    return delayMillis;
  }

  /**
   * Holds the calling thread for one model call: on the gate if this is a run's first call and the
   * gate is closed, then for the delay.
   */
  void await(boolean first) {
    enter();
    try {
      if (first && !gate.isDone()) {
        arrived.incrementAndGet();
        gate.join();
      }
      Thread.sleep(delayMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("the simulated model call was interrupted");
    } finally {
      inCall.decrementAndGet();
    }
  }

  /** The same wait as {@link #await}, without a thread: completes when the call would return. */
  CompletableFuture<Void> after(boolean first) {
    enter();
    CompletableFuture<Void> replied = new CompletableFuture<>();
    Runnable wait =
        () ->
            timer.schedule(
                () -> {
                  inCall.decrementAndGet();
                  replied.complete(null);
                },
                delayMillis,
                TimeUnit.MILLISECONDS);
    if (first && !gate.isDone()) {
      arrived.incrementAndGet();
      gate.thenRun(wait);
    } else {
      wait.run();
    }
    return replied;
  }

  private void enter() {
    int now = inCall.incrementAndGet();
    peakInCall.accumulateAndGet(now, Math::max);
  }

  /** Runs that reached their first model call while the gate was closed. */
  int arrived() {
    return arrived.get();
  }

  /** The most model calls in progress at once: shows how many runs were waiting together. */
  int peakInCall() {
    return peakInCall.get();
  }

  /** Lets the runs held on the gate go on. */
  void open() {
    gate.complete(null);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
