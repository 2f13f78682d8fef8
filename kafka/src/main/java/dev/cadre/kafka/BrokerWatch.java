package dev.cadre.kafka;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Whether the broker answers, watched while something in this process waits on it (a send for its
 * reply). Nothing else tells: a consumer whose broker is gone just returns nothing, as an idle one
 * does. So while something waits, it asks the cluster to describe itself every {@code interval}.
 * Once a question goes unanswered, the broker counts as away from its last answer until its next
 * one; a broker that answers late is slow, not away.
 *
 * <p>It counts the time the broker was away, so that a send's timeout can leave it out ({@link
 * #awayNanos()}), and tells when an outage has outlasted {@link
 * KafkaRuntimeConfig#brokerOutageWindow} ({@link #beyondWindow()}).
 */
final class BrokerWatch {

  private final Function<Duration, CompletionStage<?>> probe;
  private final long intervalNanos;
  private final long windowNanos;
  private final Duration probeTimeout;
  private final AtomicBoolean probing = new AtomicBoolean();
  private final AtomicLong awayTotal = new AtomicLong();
  private volatile long lastAnswer = System.nanoTime();
  private volatile boolean unanswered; // a question since the last answer failed
  private volatile boolean watching;
  private volatile long askedAt;

  /**
   * @param probe asks the cluster something cheap, failing after the given timeout
   * @param interval how often to ask while something waits
   * @param window how long the broker may be away before {@link #beyondWindow()}
   */
  BrokerWatch(Function<Duration, CompletionStage<?>> probe, Duration interval, Duration window) {
    this.probe = probe;
    this.intervalNanos = interval.toNanos();
    this.windowNanos = window.toNanos();
    // A question unanswered for an interval (half a second at least) is an outage: a broker
    // describes itself in milliseconds, and what waits on it should learn soon.
    Duration least = Duration.ofMillis(500);
    Duration timeout = interval.compareTo(least) < 0 ? least : interval;
    this.probeTimeout = timeout.compareTo(window) < 0 ? timeout : window;
  }

  /** The interval for the one who calls {@link #tick}. */
  long intervalNanos() {
    return intervalNanos;
  }

  /**
   * Called every interval: asks the broker while {@code somethingWaits}, and forgets the broker's
   * last answer when nothing does (an outage nobody waited through delayed nothing).
   */
  void tick(boolean somethingWaits) {
    if (!somethingWaits) {
      watching = false;
      return;
    }
    if (!watching) {
      synchronized (this) {
        lastAnswer = System.nanoTime();
        unanswered = false;
        watching = true;
      }
    }
    if (!probing.compareAndSet(false, true)) {
      // A question outstanding past its own timeout (a client slow to give up) is unanswered too.
      if (System.nanoTime() - askedAt > probeTimeout.toNanos() + intervalNanos) {
        unanswered = true;
      }
    } else {
      askedAt = System.nanoTime();
      CompletionStage<?> asked;
      try {
        asked = probe.apply(probeTimeout);
      } catch (RuntimeException e) {
        unanswered = true;
        probing.set(false);
        return;
      }
      asked.whenComplete(
          (answer, error) -> {
            if (error == null) {
              answered(System.nanoTime());
            } else {
              unanswered = true;
            }
            probing.set(false);
          });
    }
  }

  private synchronized void answered(long now) {
    if (unanswered) {
      awayTotal.addAndGet(now - lastAnswer);
      unanswered = false;
    }
    lastAnswer = now;
  }

  /** How long the broker has not answered; 0 when it answers, or when nothing waits on it. */
  long silentNanos() {
    return watching ? Math.max(0, System.nanoTime() - lastAnswer) : 0;
  }

  /**
   * The time the broker was away so far: past outages, and the present one. Only differences of it
   * mean anything: the time away between two readings.
   */
  synchronized long awayNanos() {
    return awayTotal.get() + (unanswered ? silentNanos() : 0);
  }

  /**
   * Whether the broker's state is open: it has not answered for a while (two intervals) and no
   * question has failed yet, so it may be slow or gone.
   */
  boolean undecided() {
    return !unanswered && silentNanos() > 2 * intervalNanos;
  }

  /** Whether the broker has been away for the whole window while something waited on it. */
  boolean beyondWindow() {
    return unanswered && silentNanos() >= windowNanos;
  }
}
