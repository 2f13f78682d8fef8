package dev.cadre.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the messages that {@link Messaging}'s subscribers handle: per subscriber, for the set-up's
 * check, and against the number one operation expects, so the benchmark can wait until all of them
 * have been handled.
 */
public final class Tally {

  private final AtomicLongArray perSubscriber;
  private volatile CountDownLatch pending = new CountDownLatch(0);

  public Tally(int subscribers) {
    perSubscriber = new AtomicLongArray(subscribers);
  }

  /** Starts an operation that expects {@code deliveries} handled messages; call before publishing. */
  public void expect(int deliveries) {
    pending = new CountDownLatch(deliveries);
  }

  /** Called by subscriber {@code index} for each message it handles. */
  public void handled(int index) {
    perSubscriber.incrementAndGet(index);
    pending.countDown();
  }

  /** Waits until every delivery {@link #expect}ed has been handled. */
  public void await() throws InterruptedException {
    CountDownLatch latch = pending;
    if (!latch.await(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException(
          latch.getCount() + " deliveries were still not handled after a minute");
    }
  }

  /** How many messages subscriber {@code index} has handled so far. */
  public long handledBy(int index) {
    return perSubscriber.get(index);
  }

  /** Forgets the counts. */
  public void reset() {
    for (int i = 0; i < perSubscriber.length(); i++) {
      perSubscriber.set(i, 0);
    }
  }
}
