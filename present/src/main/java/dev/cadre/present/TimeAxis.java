package dev.cadre.present;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a run's times read: durations at a precision that fits them (milliseconds below a second, so
 * a fast turn never reads {@code 0.0s}), and a timeline's axis whose ticks fall on round steps
 * chosen from the run's span, each label its own (two ticks never read alike).
 */
final class TimeAxis {

  /** The steps an axis may take, in milliseconds: 1, 2 and 5 times powers of ten, then minutes. */
  private static final long[] STEPS = {
    1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000,
    120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000
  };

  /** At most this many steps across the span, so that the labels have room. */
  private static final int MAX_STEPS = 5;

  /** A tick: its time from the start and where it sits, in percent of the span. */
  record Tick(long millis, double percent, String label) {}

  private TimeAxis() {}

  /**
   * A duration as people read it: {@code 840ms}, {@code 2.35s}, {@code 12.4s}, {@code 3m 05s}; a
   * negative one reads as zero.
   */
  static String duration(long millis) {
    long ms = Math.max(0, millis);
    if (ms < 1_000) {
      return ms + "ms";
    }
    if (ms < 10_000) {
      return String.format(Locale.ROOT, "%.2fs", ms / 1000.0);
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long seconds = Math.round(ms / 1000.0);
    return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
  }

  /**
   * The ticks of an axis over {@code span} milliseconds (at least 1): from 0 in equal round steps,
   * the last at or before the span's end.
   */
  static List<Tick> ticks(long span) {
    long end = Math.max(1, span);
    long step = STEPS[STEPS.length - 1];
    for (long candidate : STEPS) {
      if (end / candidate <= MAX_STEPS) {
        step = candidate;
        break;
      }
    }
    // Longer than the largest step allows: whole hours, as many as it takes to stay within bounds.
    while (end / step > MAX_STEPS) {
      step += STEPS[STEPS.length - 1];
    }
    List<Tick> ticks = new ArrayList<>();
    for (long at = 0; at <= end; at += step) {
      ticks.add(new Tick(at, 100.0 * at / end, label(at, step, end)));
    }
    return ticks;
  }

  /** A tick's label, exact at the step's precision: every multiple of the step reads apart. */
  private static String label(long at, long step, long end) {
    if (end < 1_000) {
      return at + "ms";
    }
    if (step < 1_000) {
      // As many decimals as the step has: 0.5s, 1.0s, 1.5s for steps of 500 ms.
      int decimals = step % 100 == 0 ? 1 : step % 10 == 0 ? 2 : 3;
      return String.format(Locale.ROOT, "%." + decimals + "fs", at / 1000.0);
    }
    if (step < 60_000) {
      return at / 1000 + "s";
    }
    long minutes = at / 60_000;
    return minutes < 60
        ? minutes + "m"
        : minutes / 60 + "h " + String.format(Locale.ROOT, "%02dm", minutes % 60);
  }
}
