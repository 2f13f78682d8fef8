package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The broker watch against a probe that answers or not, as the test says: what counts as away,
 * when the window is over, and that nothing is asked while nothing waits.
 */
class BrokerWatchTest {

  private static final Duration INTERVAL = Duration.ofMillis(20);
  private static final Duration WINDOW = Duration.ofMillis(400);

  private final AtomicBoolean brokerUp = new AtomicBoolean(true);
  private final AtomicInteger asked = new AtomicInteger();
  private final BrokerWatch watch = new BrokerWatch(this::probe, INTERVAL, WINDOW);

  private CompletionStage<?> probe(Duration timeout) {
    asked.incrementAndGet();
    return brokerUp.get()
        ? CompletableFuture.completedFuture("cluster")
        : CompletableFuture.failedFuture(new IllegalStateException("no broker"));
  }

  /** Ticks as the runtime's timer does, for {@code duration}. */
  private void tickFor(Duration duration, boolean somethingWaits) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      watch.tick(somethingWaits);
      Thread.sleep(INTERVAL.toMillis());
    }
  }

  @Test
  void nothingIsAskedAndNothingIsAwayWhileNothingWaits() throws Exception {
    brokerUp.set(false);

    tickFor(Duration.ofMillis(200), false);

    assertThat(asked).hasValue(0);
    assertThat(watch.silentNanos()).isZero();
    assertThat(watch.awayNanos()).isZero();
    assertThat(watch.beyondWindow()).isFalse();
  }

  @Test
  void aBrokerThatAnswersIsNeverAwayHoweverLateItAnswers() throws Exception {
    tickFor(Duration.ofMillis(100), true);
    // A late answer (a loaded machine) is not an outage.
    Thread.sleep(WINDOW.toMillis() + 100);
    tickFor(Duration.ofMillis(100), true);

    assertThat(asked.get()).isGreaterThan(3);
    assertThat(watch.awayNanos()).isZero();
    assertThat(watch.beyondWindow()).isFalse();
  }

  @Test
  void anOutageCountsAsAwayFromTheLastAnswerToTheNext() throws Exception {
    tickFor(Duration.ofMillis(60), true);
    long before = watch.awayNanos();

    brokerUp.set(false);
    tickFor(Duration.ofMillis(200), true);
    long during = watch.awayNanos() - before;
    brokerUp.set(true);
    tickFor(Duration.ofMillis(60), true);
    long after = watch.awayNanos() - before;

    assertThat(during).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
    // Once the broker answers again, the whole outage is counted, and no more.
    assertThat(after)
        .isGreaterThanOrEqualTo(during)
        .isLessThan(TimeUnit.MILLISECONDS.toNanos(400));
    assertThat(watch.silentNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(watch.beyondWindow()).isFalse();
  }

  @Test
  void anOutageAsLongAsTheWindowIsBeyondIt() throws Exception {
    tickFor(Duration.ofMillis(40), true);
    brokerUp.set(false);

    tickFor(WINDOW.dividedBy(2), true);
    assertThat(watch.beyondWindow()).isFalse();
    tickFor(WINDOW.dividedBy(2).plusMillis(60), true);
    assertThat(watch.beyondWindow()).isTrue();
    assertThat(watch.silentNanos()).isGreaterThanOrEqualTo(WINDOW.toNanos());

    // Nothing waiting any more: an outage nobody waits through is nobody's concern.
    watch.tick(false);
    assertThat(watch.beyondWindow()).isFalse();
  }
}
