package dev.cadre.kafka;

import dev.cadre.core.AgentRuntime;
import dev.cadre.core.contract.AgentRuntimeContract;
import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract every runtime keeps, against the Kafka runtime on a real broker. Each runtime gets a
 * topic prefix of its own, so it starts with nothing registered and no subscriptions, as the
 * contract expects of a new runtime.
 */
@ExtendWith(SharedKafkaCluster.class)
class KafkaAgentRuntimeContractTest extends AgentRuntimeContract {

  private static final AtomicInteger RUNTIMES = new AtomicInteger();
  private static RunningKafka kafka;

  @BeforeAll
  static void broker(RunningKafka running) {
    kafka = running;
  }

  @Override
  protected AgentRuntime newRuntime() {
    return KafkaAgentRuntime.start(
        kafka.config("contract-" + RUNTIMES.incrementAndGet() + "-" + System.nanoTime()).build());
  }
}
