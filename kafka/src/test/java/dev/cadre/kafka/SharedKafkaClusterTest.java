package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fixture's broker works for what the runtime will need: a consumer group gets its partitions
 * and commits offsets (it hangs when the offsets topic cannot be created on one node), and a second
 * test class gets the same cluster rather than a new one.
 */
@ExtendWith(SharedKafkaCluster.class)
class SharedKafkaClusterTest {

  @Test
  void aConsumerGroupReadsWhatWasProducedAndCommits(RunningKafka kafka) throws Exception {
    String prefix = "g" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String topic;
    try (KafkaCluster cluster = KafkaCluster.open(kafka.config(prefix).partitions(2).build())) {
      topic = cluster.ensureAgentTopics(List.of("echo")).get(0);
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(topic, "key", "m" + i)).get();
      }
    }

    List<String> read = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, prefix + ".workers",
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (read.size() < 5 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          read.add(record.value());
        }
      }
      consumer.commitSync(Duration.ofSeconds(10));
      assertThat(consumer.committed(consumer.assignment(), Duration.ofSeconds(10)).values())
          .anySatisfy(offset -> assertThat(offset.offset()).isEqualTo(5));
    }

    // One key, one partition: the order of production is kept.
    assertThat(read).containsExactly("m0", "m1", "m2", "m3", "m4");
  }

  @Test
  void everyTestClassSharesOneCluster(RunningKafka kafka) {
    // KafkaClusterTest resolves the cluster too; whichever class runs first, one start in all.
    assertThat(KafkaCluster.check(kafka.config("shared").build()).brokers()).isEqualTo(1);
    assertThat(SharedKafkaCluster.starts()).isEqualTo(1);
  }
}
