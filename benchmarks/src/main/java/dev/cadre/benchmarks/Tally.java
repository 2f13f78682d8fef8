package dev.cadre.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the messages that {@link Messaging}'s subscribers handle, so that a benchmark can wait
 * until an operation's publishes have all been handled, and the set-up can check that each
 * subscriber handled each publish once.
 *
 * <p>Each subscriber counts on a cache line of its own and signals once per operation, when its
 * count reaches the operation's target: one shared counter bumped by every delivery would make the
 * subscribers queue for it and measure the counter more than the runtime.
 */
public final class Tally {

  /**
   * Published last by the set-up's check: a subscriber handles its messages in order, so its count
   * when this arrives is exactly how many publishes it handled, duplicates included.
   */
  public static final Object END =
      new Object() {
        @Override
        public String toString() {
          return "Tally.END";
        }
      };

  // 16 longs apart: subscribers on different cores never write the same cache line.
  private static final int STRIDE = 16;

  private final int subscribers;
  private final AtomicLongArray counts;
  private final AtomicLongArray countsAtEnd;
  private volatile long target;
  private volatile CountDownLatch reached = new CountDownLatch(0);
  private volatile CountDownLatch ended = new CountDownLatch(0);

  public Tally(int subscribers) {
    this.subscribers = subscribers;
    counts = new AtomicLongArray(subscribers * STRIDE);
    countsAtEnd = new AtomicLongArray(subscribers);
  }

  /**
   * Starts an operation in which every subscriber handles {@code perSubscriber} more messages. Call
   * it before publishing, with nothing in flight.
   */
  public void expect(int perSubscriber) {
    reached = new CountDownLatch(subscribers);
    target += perSubscriber;
  }

  /** Called by subscriber {@code index} for each message it handles. */
  public void handled(int index, Object message) {
    if (message == END) {
      countsAtEnd.set(index, counts.get(index * STRIDE));
      ended.countDown();
    } else if (counts.incrementAndGet(index * STRIDE) == target) {
      reached.countDown();
    }
  }

  /** Waits until every subscriber has handled what {@link #expect} asked for. */
  public void await() throws InterruptedException {
    await(reached, "reached their count");
  }

  /**
   * How many messages, {@link #END} aside, each subscriber handled before {@link #END}; call it
   * instead of publishing {@link #END}, with {@code publish}.
   */
  public long[] countsAtEnd(Runnable publishEnd) throws InterruptedException {
    ended = new CountDownLatch(subscribers);
    publishEnd.run();
    await(ended, "handled Tally.END");
    long[] result = new long[subscribers];
    for (int i = 0; i < subscribers; i++) {
      result[i] = countsAtEnd.get(i);
    }
    return result;
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException(
          latch.getCount() + " subscribers had still not " + what + " after a minute");
    }
  }
}
