package dev.cadre.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.core.CancellationToken;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

  private static final long HOUR = TimeUnit.HOURS.toNanos(1);

  private final Deadlines deadlines = new Deadlines("test-deadlines");

  @AfterEach
  void stopWatchdog() {
    deadlines.shutDown();
    // A failed test must not hand its interrupt to the next one.
    Thread.interrupted();
  }

  /** Blocks until interrupted, at most 10 s; whether the interrupt came. */
  private static boolean interruptedWithin10s() {
    try {
      Thread.sleep(10_000);
      return false;
    } catch (InterruptedException e) {
      return true;
    }
  }

  @Test
  void aCallFinishedInTimeIsNeitherCancelledNorInterrupted() {
    CancellationToken token = new CancellationToken();
    Deadlines.Watch watch = deadlines.watch(token, HOUR);

    assertThat(deadlines.pending()).isEqualTo(1);
    assertThat(watch.finish()).isEqualTo(Deadlines.Watch.DONE);
    assertThat(token.isCancelled()).isFalse();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(deadlines.pending()).isZero();
    assertThat(watch.expire()).as("expiry after completion").isFalse();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aCallPastItsLimitIsCancelledInterruptedAndLeftClean() {
    CancellationToken token = new CancellationToken();
    Deadlines.Watch watch = deadlines.watch(token, TimeUnit.MILLISECONDS.toNanos(50));

    boolean interrupted = interruptedWithin10s();
    int outcome = watch.finish();

    assertThat(interrupted).isTrue();
    assertThat(outcome).isEqualTo(Deadlines.Watch.EXPIRED);
    assertThat(token.isCancelled()).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(deadlines.pending()).isZero();
  }

  @Test
  void aCancelledTokenStopsTheCall() throws Exception {
    CancellationToken token = new CancellationToken();
    Deadlines.Watch watch = deadlines.watch(token, HOUR);
    Thread canceller = new Thread(token::cancel);
    canceller.start();

    boolean interrupted = interruptedWithin10s();
    canceller.join();

    assertThat(interrupted).isTrue();
    assertThat(watch.finish()).isEqualTo(Deadlines.Watch.CANCELLED);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aTokenCancelledAlreadyStopsTheCallBeforeItRuns() {
    CancellationToken token = new CancellationToken();
    token.cancel();

    Deadlines.Watch watch = deadlines.watch(token, HOUR);

    assertThat(watch.running()).isFalse();
    assertThat(watch.finish()).isEqualTo(Deadlines.Watch.CANCELLED);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  private boolean plansToSleepHalfAnHourOrMore() {
    long wait = deadlines.plannedWakeUp() - System.nanoTime();
    return wait > TimeUnit.MINUTES.toNanos(30) && wait <= HOUR;
  }

  @Test
  void aShortLimitRegisteredWhileALongOneIsPendingStillExpires() throws Exception {
    CountDownLatch longRegistered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger longOutcome = new AtomicInteger(-1);
    Thread longCall =
        new Thread(
            () -> {
              Deadlines.Watch watch = deadlines.watch(new CancellationToken(), HOUR);
              longRegistered.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                // would be a wrong expiry; the outcome below tells
              }
              longOutcome.set(watch.finish());
            });
    longCall.start();
    assertThat(longRegistered.await(10, TimeUnit.SECONDS)).isTrue();
    // Once the watchdog has seen the long call, the only one pending, it plans to wake in an hour.
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!plansToSleepHalfAnHourOrMore() && System.nanoTime() - giveUp < 0) {
      Thread.onSpinWait();
    }
    assertThat(plansToSleepHalfAnHourOrMore()).isTrue();

    CancellationToken token = new CancellationToken();
    Deadlines.Watch watch = deadlines.watch(token, TimeUnit.MILLISECONDS.toNanos(20));
    boolean interrupted = interruptedWithin10s();
    int outcome = watch.finish();
    release.countDown();
    longCall.join();

    assertThat(interrupted).isTrue();
    assertThat(outcome).isEqualTo(Deadlines.Watch.EXPIRED);
    assertThat(longOutcome).hasValue(Deadlines.Watch.DONE);
    assertThat(deadlines.pending()).isZero();
  }

  @Test
  void exactlyOneOfCompletionAndExpiryWinsAndNoInterruptOutlivesTheCall() throws Exception {
    int rounds = 3_000;
    CyclicBarrier start = new CyclicBarrier(2);
    AtomicReference<Deadlines.Watch> current = new AtomicReference<>();
    AtomicBoolean expiryWon = new AtomicBoolean();
    CyclicBarrier end = new CyclicBarrier(2);
    Thread expirer =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < rounds; i++) {
                  start.await(10, TimeUnit.SECONDS);
                  expiryWon.set(current.get().expire());
                  end.await(10, TimeUnit.SECONDS);
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    expirer.start();
    int done = 0;
    int expired = 0;
    for (int i = 0; i < rounds; i++) {
      CancellationToken token = new CancellationToken();
      current.set(deadlines.watch(token, HOUR));
      start.await(10, TimeUnit.SECONDS);
      int outcome = current.get().finish();
      boolean cleanAfterFinish = !Thread.currentThread().isInterrupted();
      end.await(10, TimeUnit.SECONDS);
      // The expirer has finished its attempt: any interrupt it sent has landed by now.
      boolean cleanAfterExpiry = !Thread.currentThread().isInterrupted();

      assertThat(outcome == Deadlines.Watch.DONE)
          .as("round %d: completion won, expiry did not", i)
          .isNotEqualTo(expiryWon.get());
      assertThat(cleanAfterFinish).as("round %d: not interrupted after finish", i).isTrue();
      assertThat(cleanAfterExpiry).as("round %d: no interrupt after the call", i).isTrue();
      assertThat(token.isCancelled()).as("round %d: cancelled only on expiry", i).isEqualTo(expiryWon.get());
      if (outcome == Deadlines.Watch.DONE) {
        done++;
      } else {
        assertThat(outcome).isEqualTo(Deadlines.Watch.EXPIRED);
        expired++;
      }
    }
    expirer.join();

    assertThat(done + expired).isEqualTo(rounds);
    assertThat(deadlines.pending()).isZero();
  }

  @Test
  void callsRacingTheWatchdogAtTheirLimitEndCleanEitherWay() {
    for (int i = 0; i < 3_000; i++) {
      CancellationToken token = new CancellationToken();
      // 0 to 20 µs: some calls finish first, some are expired first.
      Deadlines.Watch watch = deadlines.watch(token, (i % 5) * 5_000L);
      int outcome = watch.finish();

      assertThat(Thread.currentThread().isInterrupted()).as("round %d", i).isFalse();
      assertThat(outcome).isIn(Deadlines.Watch.DONE, Deadlines.Watch.EXPIRED);
      assertThat(token.isCancelled()).isEqualTo(outcome == Deadlines.Watch.EXPIRED);
      assertThat(watch.expire()).as("round %d: a finished call cannot expire", i).isFalse();
    }

    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(deadlines.pending()).isZero();
  }
}
