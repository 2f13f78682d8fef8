package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.AgentException;
import dev.cadre.core.AgentId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A broker that stops under a running runtime for longer than its outage window. The test kit
 * cannot start a stopped broker again on the same port and logs, so this shows that the runtime
 * fails clearly once the window is over, and closes; {@link BrokerRestartTest} shows it riding out
 * a restart on a broker of its own. The cluster is this test's own: stopping the shared one would
 * break every other test.
 */
class BrokerStopTest {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration OUTAGE_WINDOW = Duration.ofSeconds(3);

  private KafkaClusterTestKit kit;
  private KafkaAgentRuntime runtime;

  @BeforeEach
  void startBroker() throws Exception {
    kit = SharedKafkaCluster.startOneNode();
  }

  @AfterEach
  void stopAll() throws Exception {
    if (runtime != null) {
      runtime.close();
    }
    if (kit != null) {
      kit.close();
    }
  }

  @Test
  void aSendWhileTheBrokerIsDownFailsOnceTheOutageWindowIsOverAndCloseReturns() throws Exception {
    String servers = kit.bootstrapServers();
    runtime =
        KafkaAgentRuntime.start(
            KafkaRuntimeConfig.builder()
                .bootstrapServers(servers)
                .topicPrefix("brokerstop")
                .requestTimeout(REQUEST_TIMEOUT)
                .sendTimeout(SEND_TIMEOUT)
                .brokerOutageWindow(OUTAGE_WINDOW)
                .startupTimeout(Duration.ofSeconds(20))
                .build());
    runtime.register("echo", (id, rt) -> (message, context) -> "echo " + message);
    AgentId echo = new AgentId("echo", "e1");
    List<Object> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(runtime.send("m" + i, echo).get(20, TimeUnit.SECONDS));
    }
    assertThat(answers).containsExactly("echo m0", "echo m1", "echo m2", "echo m3", "echo m4");

    kit.close();
    kit = null;

    long start = System.nanoTime();
    CompletableFuture<Object> reply = runtime.send("while down", echo);
    assertThatThrownBy(() -> reply.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(AgentException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .contains("brokerOutageWindow " + OUTAGE_WINDOW)
                    .contains("(CADRE_KAFKA_OUTAGE_WINDOW)")
                    .satisfiesAnyOf(
                        // The producer gave up on the message first...
                        m -> assertThat(m).contains("Kafka at " + servers + " did not take it"),
                        // ... or the wait for the reply first.
                        m -> assertThat(m).contains("Kafka at " + servers + " has not answered")));
    Duration failedAfter = Duration.ofNanos(System.nanoTime() - start);
    // The outage, not the shorter sendTimeout, decides: about the window, with slack for a loaded
    // machine.
    assertThat(failedAfter)
        .isGreaterThan(SEND_TIMEOUT.multipliedBy(2))
        .isLessThan(OUTAGE_WINDOW.plusSeconds(10));

    start = System.nanoTime();
    runtime.close();
    Duration closedAfter = Duration.ofNanos(System.nanoTime() - start);
    runtime = null;
    System.out.printf("send failed after %s, close took %s%n", failedAfter, closedAfter);
    assertThat(closedAfter).isLessThan(Duration.ofSeconds(30));
  }
}
