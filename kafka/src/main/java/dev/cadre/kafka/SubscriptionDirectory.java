package dev.cadre.kafka;

import dev.cadre.core.AgentId;
import dev.cadre.core.Json;
import dev.cadre.core.Subscription;
import dev.cadre.core.SubscriptionIndex;
import dev.cadre.core.TopicId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every subscription of the system, known to every process: a compacted topic of one partition,
 * keyed by subscription id (a removal is a tombstone), which each process reads from the start and
 * follows. Adding or removing a subscription returns once this process has read the change back,
 * so a publish made after it is routed by it.
 */
final class SubscriptionDirectory implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionDirectory.class);

  private final KafkaAgentRuntime runtime;
  private final KafkaConsumer<String, byte[]> consumer;
  private final TopicPartition partition;
  private final SubscriptionIndex index = new SubscriptionIndex();
  private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> waiting =
      new ConcurrentSkipListMap<>();
  private final Thread reader;
  private volatile long position;
  private volatile boolean closed;

  SubscriptionDirectory(
      KafkaAgentRuntime runtime, KafkaConsumer<String, byte[]> consumer, String topic, Duration startup) {
    this.runtime = runtime;
    this.consumer = consumer;
    this.partition = new TopicPartition(topic, 0);
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));
    long end = consumer.endOffsets(List.of(partition), startup).get(partition);
    long deadline = System.nanoTime() + startup.toNanos();
    while (consumer.position(partition) < end) {
      if (System.nanoTime() > deadline) {
        throw new KafkaUnavailableException(
            "could not read the subscriptions topic " + topic + " within startupTimeout " + startup, null);
      }
      apply(consumer.poll(Duration.ofMillis(100)));
    }
    position = consumer.position(partition);
    this.reader = new Thread(this::read, "cadre-kafka-subscriptions-" + runtime.nodeId());
    reader.setDaemon(true);
    reader.start();
  }

  List<AgentId> recipients(TopicId topic, AgentId sender) {
    return index.recipients(topic, sender);
  }

  boolean contains(String id) {
    return index.contains(id);
  }

  /** Writes the subscription for every process and waits until this one has read it back. */
  void add(Subscription subscription) {
    write(subscription.id(), Json.write(subscription).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Writes the removal for every process and waits until this one has read it back. */
  void remove(String id) {
    write(id, null);
  }

  private void write(String id, byte[] value) {
    Duration timeout = runtime.config().requestTimeout();
    try {
      RecordMetadata written =
          runtime
              .produce(new ProducerRecord<>(partition.topic(), 0, id, value))
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      CompletableFuture<Void> seen = new CompletableFuture<>();
      waiting.put(written.offset(), seen);
      if (position > written.offset()) {
        seen.complete(null);
      }
      seen.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while changing subscription " + id, e);
    } catch (Exception e) {
      throw new KafkaUnavailableException(
          "could not change subscription "
              + id
              + " on Kafka at "
              + runtime.config().bootstrapServers()
              + " within requestTimeout "
              + timeout
              + ": "
              + e,
          e);
    }
  }

  private void read() {
    try {
      while (!closed) {
        apply(consumer.poll(Duration.ofMillis(200)));
        position = consumer.position(partition);
        Map<Long, CompletableFuture<Void>> seen = waiting.headMap(position);
        seen.values().forEach(f -> f.complete(null));
        seen.clear();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.error("the subscription reader of " + runtime.nodeId() + " stopped", e);
      }
    } finally {
      consumer.close(Duration.ZERO);
    }
  }

  private void apply(Iterable<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> record : records) {
      if (record.value() == null) {
        if (index.contains(record.key())) {
          index.remove(record.key());
        }
        continue;
      }
      try {
        index.add(Json.mapper().readValue(record.value(), Subscription.class));
      } catch (Exception e) {
        LOG.warn(
            "skipping unreadable subscription " + record.key() + " at offset " + record.offset(),
            e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
