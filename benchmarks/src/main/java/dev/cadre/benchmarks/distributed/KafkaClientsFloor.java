package dev.cadre.benchmarks.distributed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor of scenario 8's sequential send: the same exchange written with Kafka's own Java
 * clients and nothing of Cadre, so a reader sees what of a send's time is Kafka's and what is the
 * runtime's. A requester in this process sends a request (an idempotent producer, {@code acks=all},
 * no linger) and waits for its reply (a {@code read_committed} consumer); a responder in a JVM of
 * its own reads the requests in a consumer group (the KIP-848 protocol, as Cadre's workers) and,
 * for each, writes what a Cadre worker writes for an echo agent in one transaction: an outcome
 * record and the reply, with the consumed offset every 500 ms, as Cadre's writers do. It is as
 * lean as exactly-once request and reply gets on Kafka: one thread each, no queues, no codecs.
 */
final class KafkaClientsFloor {

  private static final long OFFSET_INTERVAL_NANOS = 500_000_000L;
  private static final Duration REPLY_TIMEOUT = Duration.ofMinutes(2);

  private KafkaClientsFloor() {}

  /**
   * Measures {@code sends} sends, one after another, after as many again (at least 100) to warm
   * up, against the broker at {@code bootstrap}; the responder's output goes to {@code
   * logDir/floor-responder.log}. Returns the phase's figures as {@link DistributedRun} words them.
   */
  static Map<String, Object> sendOneAtATime(String bootstrap, int sends, Path logDir)
      throws Exception {
    String prefix = "floor-" + Long.toString(System.currentTimeMillis(), 36);
    String requests = prefix + "-requests";
    String replies = prefix + "-replies";
    String outcomes = prefix + "-outcomes";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(requests, 1, (short) 1),
                  new NewTopic(replies, 1, (short) 1),
                  new NewTopic(outcomes, 1, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
    Files.createDirectories(logDir);
    Process responder = startResponder(bootstrap, prefix, logDir.resolve("floor-responder.log"));
    try (KafkaProducer<String, String> producer =
            new KafkaProducer<>(producerProps(bootstrap), new StringSerializer(), new StringSerializer());
        KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(consumerProps(bootstrap), new StringDeserializer(), new StringDeserializer())) {
      TopicPartition inbox = new TopicPartition(replies, 0);
      consumer.assign(List.of(inbox));
      consumer.seekToEnd(List.of(inbox));
      consumer.position(inbox);
      int warmUp = Math.max(sends, 100);
      for (int i = 0; i < warmUp; i++) {
        roundTrip(producer, consumer, requests, "w" + i);
      }
      long[] latencies = new long[sends];
      long start = System.nanoTime();
      for (int i = 0; i < sends; i++) {
        latencies[i] = roundTrip(producer, consumer, requests, "m" + i);
      }
      long nanos = System.nanoTime() - start;
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("scenario", "distributed");
      figures.put("runtime", "kafka-clients");
      figures.put("workers", 1);
      figures.put("phase", "send-one-at-a-time");
      figures.put("count", sends);
      figures.put("seconds", Math.round(nanos / 1e6) / 1000.0);
      figures.put("sends/s", Math.round(sends / Math.max(nanos / 1e9, 1e-9)));
      for (int i = 0; i < sends; i++) {
        latencies[i] = TimeUnit.NANOSECONDS.toMicros(latencies[i]);
      }
      figures.put("p50Micros", DistributedRun.percentile(latencies, 0.50));
      figures.put("p99Micros", DistributedRun.percentile(latencies, 0.99));
      return figures;
    } finally {
      responder.destroyForcibly();
      responder.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Sends {@code value} and waits for the reply that carries it; the round trip in nanoseconds. */
  private static long roundTrip(
      KafkaProducer<String, String> producer,
      KafkaConsumer<String, String> consumer,
      String requests,
      String value) {
    long sent = System.nanoTime();
    producer.send(new ProducerRecord<>(requests, "k0", value));
    long deadline = sent + REPLY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> reply : consumer.poll(Duration.ofMillis(200))) {
        if (reply.value().equals(value)) {
          return System.nanoTime() - sent;
        }
      }
    }
    throw new IllegalStateException("no reply to " + value + " within " + REPLY_TIMEOUT);
  }

  private static Process startResponder(String bootstrap, String prefix, Path log)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                KafkaClientsFloor.class.getName(),
                bootstrap,
                prefix)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    WorkerProcesses.awaitReady(process, log, "floor responder ready", "the floor's responder");
    return process;
  }

  /** The responder: {@code KafkaClientsFloor <bootstrap> <prefix>}, run by {@link #sendOneAtATime}. */
  public static void main(String[] args) {
    String bootstrap = args[0];
    String prefix = args[1];
    String requests = prefix + "-requests";
    Properties consumerProps = consumerProps(bootstrap);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, prefix + "-group");
    consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Properties producerProps = producerProps(bootstrap);
    producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "-responder");
    try (KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer());
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      consumer.subscribe(List.of(requests));
      while (consumer.assignment().isEmpty()) {
        consumer.poll(Duration.ofMillis(100));
      }
      System.out.println("floor responder ready");
      System.out.flush();
      long offsetCommittedAt = System.nanoTime();
      while (true) {
        for (ConsumerRecord<String, String> request : consumer.poll(Duration.ofMillis(100))) {
          producer.beginTransaction();
          producer.send(new ProducerRecord<>(prefix + "-outcomes", request.key(), "done"));
          producer.send(new ProducerRecord<>(prefix + "-replies", "requester", request.value()));
          if (System.nanoTime() - offsetCommittedAt >= OFFSET_INTERVAL_NANOS) {
            producer.sendOffsetsToTransaction(
                Map.of(
                    new TopicPartition(request.topic(), request.partition()),
                    new OffsetAndMetadata(request.offset() + 1)),
                consumer.groupMetadata());
            offsetCommittedAt = System.nanoTime();
          }
          producer.commitTransaction();
        }
      }
    }
  }

  private static Properties producerProps(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return props;
  }

  private static Properties consumerProps(String bootstrap) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    return props;
  }
}
