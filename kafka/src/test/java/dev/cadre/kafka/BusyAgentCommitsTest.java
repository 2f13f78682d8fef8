package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.core.AgentId;
import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A handler whose agent has nothing more queued commits its message's outcome itself, at once; an
 * agent with messages queued leaves the commit to its partition's committer and handles the next
 * meanwhile, so a busy agent's messages share commits rather than taking one each.
 */
@ExtendWith(SharedKafkaCluster.class)
class BusyAgentCommitsTest {

  @Test
  void aBusyAgentsMessagesShareCommits(RunningKafka kafka) throws Exception {
    String prefix = "busy" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    int sends = 300;
    try (KafkaAgentRuntime runtime = KafkaAgentRuntime.start(kafka.config(prefix).build())) {
      runtime.register("counter", (id, rt) -> (message, context) -> message);
      List<CompletableFuture<Object>> replies = new ArrayList<>();
      for (int i = 0; i < sends; i++) {
        replies.add(runtime.send("m" + i, new AgentId("counter", "one")));
      }
      for (int i = 0; i < sends; i++) {
        assertThat(replies.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("m" + i);
      }

      // Each commit leaves one marker in every partition it wrote to: the agent's outcomes are
      // in one partition of the state topic, so its offsets past the outcomes count the commits.
      StateCount state = count(kafka, runtime.config().stateTopic("counter"));
      assertThat(state.records()).as("one outcome per message").isEqualTo(sends);
      assertThat(state.offsets() - state.records()).as("commits").isBetween(1L, sends / 3L);
    }
  }

  private record StateCount(long records, long offsets) {}

  /** The committed records of {@code topic}, and the offsets its partitions have used in all. */
  private static StateCount count(RunningKafka kafka, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long records = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
          && System.nanoTime() < deadline) {
        records += consumer.poll(Duration.ofMillis(200)).count();
      }
      return new StateCount(records, ends.values().stream().mapToLong(Long::longValue).sum());
    }
  }
}
