package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.Threads;
import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A partition's writer commits what handlers write by itself, with no poll loop to drive it: a
 * unit is readable (read_committed) soon after it is written, units written during a commit join
 * the next one and none is lost, the last commit carries the offset to the group, and a writer
 * fenced by the partition's next owner reports its failed commit and writes nothing more.
 */
@ExtendWith(SharedKafkaCluster.class)
class PartitionWriterTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aWrittenUnitIsCommittedByTheWriterItself(RunningKafka kafka) throws Exception {
    TopicPartition tp = newTopic(kafka, "alone");
    List<String> failures = new ArrayList<>();
    try (PartitionWriter writer = open(kafka, tp, () -> failures.add("failed"))) {
      writer.write(record(tp, "one"), null).get(30, TimeUnit.SECONDS);

      assertThat(readCommitted(kafka, tp, 1)).containsExactly("one");
      assertThat(failures).isEmpty();
    }
  }

  @Test
  void aCommitTakenWithTheLastUnitIsMadeOnTheCallersThread(
      RunningKafka kafka) throws Exception {
    TopicPartition tp = newTopic(kafka, "inline");
    AtomicInteger committerTasks = new AtomicInteger();
    Executor committer =
        task -> {
          committerTasks.incrementAndGet();
          Threads.shared().execute(task);
        };
    List<String> failures = new ArrayList<>();
    try (PartitionWriter writer = open(kafka, tp, () -> failures.add("failed"), committer)) {
      for (int i = 0; i < 3; i++) {
        assertThat(writer.writeHoldingCommit(List.of(record(tp, "reply-" + i)), null, null).commitHeld())
            .isTrue();
        writer.commitHeld();
      }

      // Each commit was made on this thread: no thread was woken for it.
      assertThat(committerTasks).hasValue(0);
      assertThat(readCommitted(kafka, tp, 3)).containsExactly("reply-0", "reply-1", "reply-2");
      assertThat(failures).isEmpty();
    }
  }

  @Test
  void aHandlerThatEndsWithItsThreadInterruptedStillHasItsUnitCommitted(RunningKafka kafka)
      throws Exception {
    TopicPartition tp = newTopic(kafka, "interrupted");
    List<String> failures = new ArrayList<>();
    try (PartitionWriter writer = open(kafka, tp, () -> failures.add("failed"))) {
      boolean stillInterrupted;
      Thread.currentThread().interrupt();
      try {
        if (writer.writeHoldingCommit(List.of(record(tp, "reply")), null, null).commitHeld()) {
          writer.commitHeld();
        }
      } finally {
        stillInterrupted = Thread.interrupted();
      }

      assertThat(stillInterrupted).as("the handler's interrupt is kept for it").isTrue();
      assertThat(writer.isClosed()).isFalse();
      assertThat(failures).isEmpty();
      assertThat(readCommitted(kafka, tp, 1)).containsExactly("reply");
    }
  }

  @Test
  void lastUnitsWrittenFromManyHandlersAtOnceAllCommitOnce(RunningKafka kafka) throws Exception {
    TopicPartition tp = newTopic(kafka, "busy-last");
    try (PartitionWriter writer = open(kafka, tp, () -> {})) {
      writeFromManyThreads(
          (thread, i) -> {
            PartitionWriter.HeldWrite held = writer.writeHoldingCommit(pair(tp, thread, i), null, null);
            // Half the holders commit here, half hand the commit to the committer.
            if (held.commitHeld() && i % 2 == 0) {
              writer.commitHeld();
            } else if (held.commitHeld()) {
              writer.handOverCommit();
            }
          });

      assertAdjacentPairsEachOnce(readCommitted(kafka, tp, WRITERS * EACH * 2), WRITERS * EACH);
    }
  }

  @Test
  void unitsWrittenWhileACommitIsInFlightAllCommitOnce(RunningKafka kafka) throws Exception {
    TopicPartition tp = newTopic(kafka, "busy");
    try (PartitionWriter writer = open(kafka, tp, () -> {})) {
      // Two records as one unit: never split between transactions.
      writeFromManyThreads((thread, i) -> writer.write(pair(tp, thread, i), null, null));

      assertAdjacentPairsEachOnce(readCommitted(kafka, tp, WRITERS * EACH * 2), WRITERS * EACH);
    }
  }

  private static final int WRITERS = 8;
  private static final int EACH = 50;

  /** Writes unit {@code i} of each of {@link #WRITERS} threads, all started at once. */
  private static void writeFromManyThreads(BiConsumer<Integer, Integer> write) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Void>> threads = new ArrayList<>();
    for (int t = 0; t < WRITERS; t++) {
      int thread = t;
      threads.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                for (int i = 0; i < EACH; i++) {
                  write.accept(thread, i);
                }
              },
              Threads.shared()));
    }
    start.countDown();
    CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }

  /** Unit {@code i} of writer {@code thread}: two records, "a" then "b". */
  private static List<ProducerRecord<String, byte[]>> pair(TopicPartition tp, int thread, int i) {
    return List.of(record(tp, thread + "-" + i + "a"), record(tp, thread + "-" + i + "b"));
  }

  /** Every unit of two records read once, its two records side by side. */
  private static void assertAdjacentPairsEachOnce(List<String> read, int units) {
    assertThat(read).hasSize(units * 2).doesNotHaveDuplicates();
    for (int i = 0; i < read.size(); i += 2) {
      String first = read.get(i);
      assertThat(first).endsWith("a");
      assertThat(read.get(i + 1)).isEqualTo(first.substring(0, first.length() - 1) + "b");
    }
  }

  @Test
  void theLastCommitCarriesTheOffsetToTheGroup(RunningKafka kafka) throws Exception {
    TopicPartition tp = newTopic(kafka, "last");
    String groupId = tp.topic() + "-group";
    try (PartitionWriter writer = open(kafka, tp, () -> {})) {
      writer.write(record(tp, "handled"), null).get(30, TimeUnit.SECONDS);
      // An offer may commit an offset on its own when one is due; the last commit's wins.
      writer.offerOffset(1, new ConsumerGroupMetadata(groupId));

      writer.commitLast(7, new ConsumerGroupMetadata(groupId));

      try (Admin admin = admin(kafka)) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        assertThat(committed.get(tp).offset()).isEqualTo(7);
      }
      assertThat(readCommitted(kafka, tp, 1)).containsExactly("handled");
    }
  }

  @Test
  void aWriterFencedByTheNextOwnerReportsItsFailedCommitAndWritesNoMore(RunningKafka kafka)
      throws Exception {
    TopicPartition tp = newTopic(kafka, "fenced");
    CountDownLatch failed = new CountDownLatch(1);
    try (PartitionWriter old = open(kafka, tp, failed::countDown)) {
      old.write(record(tp, "before"), null).get(30, TimeUnit.SECONDS);
      assertThat(readCommitted(kafka, tp, 1)).containsExactly("before");

      try (PartitionWriter next = open(kafka, tp, () -> {})) {
        // The old owner's next unit reaches the broker or not; either way its commit is refused.
        old.write(record(tp, "stale"), null);

        assertThat(failed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(old.isClosed()).isTrue();
        assertThatThrownBy(() -> old.write(record(tp, "later"), null).join())
            .hasCauseInstanceOf(PartitionWriter.Closed.class);

        next.write(record(tp, "after"), null).get(30, TimeUnit.SECONDS);
        assertThat(readCommitted(kafka, tp, 2)).containsExactly("before", "after");
      }
    }
  }

  private static ProducerRecord<String, byte[]> record(TopicPartition tp, String value) {
    return new ProducerRecord<>(tp.topic(), tp.partition(), value, value.getBytes(StandardCharsets.UTF_8));
  }

  private static PartitionWriter open(RunningKafka kafka, TopicPartition tp, Runnable failed) {
    return open(kafka, tp, failed, Threads.shared());
  }

  private static PartitionWriter open(
      RunningKafka kafka, TopicPartition tp, Runnable failed, Executor committer) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "partition-writer-test");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    return PartitionWriter.open(
        PartitionWriter.newProducer(props, tp.topic() + "-writer", tp), tp, failed, committer);
  }

  private static TopicPartition newTopic(RunningKafka kafka, String name) throws Exception {
    String topic = "partition-writer-" + name + "-" + System.nanoTime();
    try (Admin admin = admin(kafka)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    return new TopicPartition(topic, 0);
  }

  private static Admin admin(RunningKafka kafka) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  /** Reads {@code count} committed records of {@code tp} from its start, or what came in the wait. */
  private static List<String> readCommitted(RunningKafka kafka, TopicPartition tp, int count) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (values.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
      }
      // What arrives after the expected count would be a duplicate or a stale write: look briefly.
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        values.add(new String(record.value(), StandardCharsets.UTF_8));
      }
    }
    return values;
  }
}
