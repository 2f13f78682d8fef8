package dev.cadre.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producers of a hosted type's partition writers, built ahead of the partitions' assignment.
 * Building a Kafka producer costs more than opening it ({@link PartitionWriter#open}: a round trip
 * or two), and a worker that takes a dead one's partitions over takes them for every type at once:
 * dozens of producers built together on a loaded machine cost it hundreds of milliseconds
 * (measured: writers opened in 100-300 ms, then 77 ms with producers built ahead). An unopened
 * producer fences nobody, so one is kept ready for each partition not handled here, built one at a
 * time in the background: at start, and again whenever a partition leaves.
 */
final class SpareProducers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SpareProducers.class);

  private final Properties writerProps;
  private final String group;
  private final String topic;
  private final Executor builder;
  private final Map<Integer, Spare> spares = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param builder where producers are built, one at a time (a starting worker must not build
   *     dozens at once)
   */
  SpareProducers(Properties writerProps, String group, String topic, Executor builder) {
    this.writerProps = writerProps;
    this.group = group;
    this.topic = topic;
    this.builder = builder;
  }

  /** Builds, in the background, a producer for {@code partition}'s next writer, unless one is. */
  void build(int partition) {
    if (closed) {
      return;
    }
    Spare spare = new Spare(new TopicPartition(topic, partition));
    if (spares.putIfAbsent(partition, spare) == null) {
      try {
        builder.execute(spare::build);
      } catch (RejectedExecutionException e) {
        spares.remove(partition, spare); // the runtime is closing
      }
    }
  }

  /**
   * The producer built ahead for {@code tp}'s writer, or a new one when none is ready: a takeover
   * does not wait in the queue of producers being built.
   */
  KafkaProducer<String, byte[]> take(TopicPartition tp) {
    Spare spare = spares.remove(tp.partition());
    KafkaProducer<String, byte[]> producer = spare == null ? null : spare.take();
    return producer != null ? producer : PartitionWriter.newProducer(writerProps, group, tp);
  }

  /** Closes the producers built and not taken; none is built after. */
  @Override
  public void close() {
    closed = true;
    for (Spare spare : spares.values()) {
      KafkaProducer<String, byte[]> producer = spare.take();
      if (producer != null) {
        producer.close(Duration.ZERO);
      }
    }
    spares.clear();
  }

  /** One producer being built; whoever takes it first owns it. */
  private final class Spare {
    private final TopicPartition tp;
    private KafkaProducer<String, byte[]> producer; // guarded by this
    private boolean taken; // guarded by this

    Spare(TopicPartition tp) {
      this.tp = tp;
    }

    void build() {
      synchronized (this) {
        if (taken) {
          return;
        }
      }
      KafkaProducer<String, byte[]> built;
      try {
        built = PartitionWriter.newProducer(writerProps, group, tp);
      } catch (RuntimeException e) {
        LOG.warn("building a writer for " + tp + " failed: " + e);
        return; // the takeover builds one itself
      }
      synchronized (this) {
        if (!taken) {
          producer = built;
          return;
        }
      }
      built.close(Duration.ZERO); // taken, empty, while it was being built
    }

    /** The built producer, or null when it is not ready; either way nobody else gets it. */
    synchronized KafkaProducer<String, byte[]> take() {
      taken = true;
      KafkaProducer<String, byte[]> ready = producer;
      producer = null;
      return ready;
    }
  }
}
