package dev.cadre.team;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand: {@link #millis} is the time, starting at 1,000,000 ms. */
public final class ManualClock extends Clock {

  /** The time the clock reads, in epoch milliseconds. */
  public long millis = 1_000_000;

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }
}
