package dev.cadre.benchmarks.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The memory scenario's data and its exact answers, which recall is measured against. */
class MemoryScenarioTest {

  @Test
  void pointsAreSeededUnitVectors() {
    float[][] a = MemoryScenario.points(new Random(7), 50, 16, null);
    float[][] b = MemoryScenario.points(new Random(7), 50, 16, null);

    assertThat(a).isDeepEqualTo(b);
    for (float[] point : a) {
      double norm = 0;
      for (float v : point) {
        norm += v * v;
      }
      assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void exactTopIsTheTenNearestByCosine() {
    // Points on a circle at 1, 2, 3... degrees from the query: the nearest are the first ten.
    float[][] data = new float[30][];
    for (int i = 0; i < data.length; i++) {
      int degrees = (i * 7) % 30 + 1; // shuffled, so order in the array says nothing
      double angle = Math.toRadians(degrees);
      data[i] = new float[] {(float) Math.cos(angle), (float) Math.sin(angle)};
    }
    Set<Integer> top = MemoryScenario.exactTop(data, new float[] {1, 0});

    assertThat(top).hasSize(10);
    for (int i : top) {
      assertThat((i * 7) % 30 + 1).isLessThanOrEqualTo(10);
    }
  }
}
