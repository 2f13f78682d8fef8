package dev.cadre.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock for runs under test: it starts at a fixed instant and moves only by a fixed step each
 * time it is read, or when the test moves it, so an event log, a run report or a checkpoint store
 * timed by it writes the same times on every run. Give it where the runtime takes a clock: {@code
 * EventLog.open(file, clock)}, {@code RunReport.builder().clock(clock)}, {@code
 * Console.builder(out).clock(clock)}, {@code SqliteCheckpointStore.open(file, clock)}.
 */
public final class TestClock extends Clock {

  /** Where a clock made by {@link #create()} starts: 2026-01-01T00:00:00Z. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final ZoneId zone;
  private final Duration step;
  private Instant now; // guarded by this

  private TestClock(Instant start, Duration step, ZoneId zone) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("a clock's step cannot be negative: " + step);
    }
    this.now = Objects.requireNonNull(start, "start");
    this.step = step;
    this.zone = zone;
  }

  /** A clock at {@link #START} that moves 1 ms each time it is read. */
  public static TestClock create() {
    return new TestClock(START, Duration.ofMillis(1), ZoneOffset.UTC);
  }

  /**
   * A clock at {@code start} that moves {@code step} each time it is read (zero: it stands still).
   */
  public static TestClock at(Instant start, Duration step) {
    return new TestClock(start, Objects.requireNonNull(step, "step"), ZoneOffset.UTC);
  }

  /** Moves the clock forward by {@code duration}, as if that much time had passed. */
  public synchronized void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time does not go back: " + duration);
    }
    now = now.plus(duration);
  }

  /** The time now, without moving the clock. */
  public synchronized Instant peek() {
    return now;
  }

  @Override
  public synchronized Instant instant() {
    Instant read = now;
    now = now.plus(step);
    return read;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    // Shares nothing with this clock: a copy at the same instant that moves on its own.
    return new TestClock(peek(), step, zone);
  }
}
