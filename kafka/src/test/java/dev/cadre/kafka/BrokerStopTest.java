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
 * A broker that stops under a running runtime. The test kit cannot start a stopped broker again on
 * the same port and logs, so this shows that the runtime fails clearly and within its timeouts,
 * and closes, rather than that it resumes. The cluster is this test's own: stopping the shared one
 * would break every other test.
 */
class BrokerStopTest {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(3);

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
  void aSendWhileTheBrokerIsDownFailsWithinItsTimeoutAndCloseReturns() throws Exception {
    String servers = kit.bootstrapServers();
    runtime =
        KafkaAgentRuntime.start(
            KafkaRuntimeConfig.builder()
                .bootstrapServers(servers)
                .topicPrefix("brokerstop")
                .requestTimeout(REQUEST_TIMEOUT)
                .sendTimeout(SEND_TIMEOUT)
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
                    .satisfiesAnyOf(
                        // The producer gave up on the broker first...
                        m -> assertThat(m).contains("Kafka at " + servers + " did not take it"),
                        // ... or the reply's timer ran out first.
                        m -> assertThat(m).contains("within sendTimeout " + SEND_TIMEOUT)));
    Duration failedAfter = Duration.ofNanos(System.nanoTime() - start);
    // About the longer of requestTimeout and sendTimeout, with slack for a loaded machine.
    assertThat(failedAfter).isLessThan(SEND_TIMEOUT.plusSeconds(10));

    start = System.nanoTime();
    runtime.close();
    Duration closedAfter = Duration.ofNanos(System.nanoTime() - start);
    runtime = null;
    System.out.printf("send failed after %s, close took %s%n", failedAfter, closedAfter);
    assertThat(closedAfter).isLessThan(Duration.ofSeconds(30));
  }
}
