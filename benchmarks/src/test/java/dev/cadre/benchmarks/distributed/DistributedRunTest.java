package dev.cadre.benchmarks.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The harness of scenario 8 on the in-process runtime; its Kafka side runs in {@code run.sh smoke},
 * which starts a broker (CI runs it).
 */
class DistributedRunTest {

  @Test
  void everyPhaseIsMeasuredAndEveryMessageAccountedFor() throws Exception {
    DistributedRun run =
        DistributedRun.inProcess(
            DistributedRun.Options.parse(
                "--runtime", "in-process", "--sends", "200", "--publishes", "40"));

    assertThat(run.errors()).as("first error: %s", run.firstError()).isZero();
    List<Map<String, Object>> results = run.results();
    assertThat(results)
        .extracting(figures -> figures.get("phase"))
        .containsExactly("send-one-at-a-time", "send-pipelined", "publish-paced", "publish-flood");
    // A publish reaches each of the ten readers once.
    assertThat(results.get(2)).containsEntry("count", 10 * 10).doesNotContainKey("deliveries/s");
    assertThat(results.get(3)).containsEntry("count", 40 * 10).containsKey("deliveries/s");
    assertThat(results.get(0)).containsEntry("count", 20).containsKeys("p50Micros", "p99Micros");
    assertThat(results.get(1)).containsEntry("count", 200).containsKey("sends/s");
  }

  @Test
  void percentilesAreNearestRank() {
    long[] values = {5, 1, 4, 2, 3, 10, 9, 8, 7, 6};

    assertThat(DistributedRun.percentile(values, 0.5)).isEqualTo(5);
    assertThat(DistributedRun.percentile(values, 0.99)).isEqualTo(10);
    assertThat(DistributedRun.percentile(values, 0.1)).isEqualTo(1);
    assertThat(DistributedRun.percentile(new long[0], 0.5)).isZero();
  }

  @Test
  void theWorkersSessionTimeoutIsOneAndAHalfSecondsUnlessGivenAndZeroLeavesTheBrokers() {
    assertThat(DistributedRun.Options.parse("--runtime", "in-process").sessionTimeoutMillis)
        .isEqualTo(1500);
    assertThat(
            DistributedRun.Options.parse("--runtime", "in-process", "--session-timeout-ms", "3000")
                .sessionTimeoutMillis)
        .isEqualTo(3000);
    assertThat(
            DistributedRun.Options.parse("--runtime", "in-process", "--session-timeout-ms", "0")
                .sessionTimeoutMillis)
        .isZero();
    assertThatThrownBy(
            () ->
                DistributedRun.Options.parse(
                    "--runtime", "in-process", "--session-timeout-ms", "-5"))
        .hasMessage("--session-timeout-ms takes a positive whole number, not -5");
  }

  @Test
  void theCommandLineNamesWhatIsWrong() {
    assertThatThrownBy(() -> DistributedRun.Options.parse("--sends", "10"))
        .hasMessage("--runtime must be in-process, kafka or kafka-clients, was null");
    assertThatThrownBy(() -> DistributedRun.Options.parse("--runtime", "kafka"))
        .hasMessage("--runtime kafka needs --bootstrap host:port");
    assertThatThrownBy(() -> DistributedRun.Options.parse("--runtime", "kafka-clients"))
        .hasMessage("--runtime kafka-clients needs --bootstrap host:port");
    assertThatThrownBy(() -> DistributedRun.Options.parse("--runtime", "in-process", "--window", "0"))
        .hasMessage("--window takes a positive whole number, not 0");
    assertThatThrownBy(() -> DistributedRun.Options.parse("--runtime"))
        .hasMessage("option --runtime needs a value");
  }
}
