package dev.cadre.present;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeAxisTest {

  private static final long SEED = 21;
  private static final int CASES = 20_000;

  @Test
  void noTwoTicksOfAnAxisReadAlikeWhateverTheSpan() {
    Random random = new Random(SEED);
    for (int i = 0; i < CASES; i++) {
      // Spans from a millisecond to a day, spread over every order of magnitude.
      long span = Math.max(1, (long) Math.pow(10, random.nextDouble() * 7.94));
      check(span);
    }
    for (long span = 1; span <= 5_000; span++) {
      check(span); // every short span, where the old axis repeated its labels
    }
  }

  private static void check(long span) {
    List<TimeAxis.Tick> ticks = TimeAxis.ticks(span);
    Set<String> labels = new HashSet<>();
    for (TimeAxis.Tick tick : ticks) {
      assertThat(labels.add(tick.label())).as("span %d ms: %s", span, ticks).isTrue();
    }
    assertThat(ticks).as("span %d ms", span).hasSizeBetween(2, 6);
    assertThat(ticks.get(0).millis()).isZero();
    assertThat(ticks.get(ticks.size() - 1).millis()).isLessThanOrEqualTo(span);
    assertThat(ticks.get(ticks.size() - 1).percent()).isLessThanOrEqualTo(100.0);
    // Equal steps, so the axis reads evenly.
    long step = ticks.get(1).millis();
    for (int t = 1; t < ticks.size(); t++) {
      assertThat(ticks.get(t).millis() - ticks.get(t - 1).millis()).isEqualTo(step);
    }
  }

  @Test
  void aShortRunsAxisReadsInMilliseconds() {
    assertThat(TimeAxis.ticks(140).stream().map(TimeAxis.Tick::label))
        .containsExactly("0ms", "50ms", "100ms");
    assertThat(TimeAxis.ticks(2_500).stream().map(TimeAxis.Tick::label))
        .containsExactly("0.0s", "0.5s", "1.0s", "1.5s", "2.0s", "2.5s");
    assertThat(TimeAxis.ticks(10_000).stream().map(TimeAxis.Tick::label))
        .containsExactly("0s", "2s", "4s", "6s", "8s", "10s");
    assertThat(TimeAxis.ticks(25 * 60_000).stream().map(TimeAxis.Tick::label))
        .containsExactly("0m", "5m", "10m", "15m", "20m", "25m");
  }

  @Test
  void durationsKeepTheirPrecisionBelowASecond() {
    assertThat(TimeAxis.duration(0)).isEqualTo("0ms");
    assertThat(TimeAxis.duration(40)).isEqualTo("40ms");
    assertThat(TimeAxis.duration(999)).isEqualTo("999ms");
    assertThat(TimeAxis.duration(1_234)).isEqualTo("1.23s");
    assertThat(TimeAxis.duration(12_345)).isEqualTo("12.3s");
    assertThat(TimeAxis.duration(185_000)).isEqualTo("3m 05s");
    assertThat(TimeAxis.duration(-5)).isEqualTo("0ms");
  }
}
