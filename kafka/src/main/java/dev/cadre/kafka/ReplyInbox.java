package dev.cadre.kafka;

import dev.cadre.core.AgentException;
import dev.cadre.core.DeliveryFailures;
import dev.cadre.core.MessageDroppedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's sends that wait for replies, and the reader of the one partition of the replies
 * topic that carries them. Replies for other processes that share the partition are skipped; a
 * reply whose send gave up already (timed out, cancelled) finds nobody and is dropped.
 */
final class ReplyInbox implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ReplyInbox.class);

  private final KafkaAgentRuntime runtime;
  private final KafkaConsumer<String, byte[]> consumer;
  private final TopicPartition partition;
  private final Map<String, PendingSend> pending = new ConcurrentHashMap<>();
  private final BrokerWatch broker;
  private final Thread reader;
  private volatile boolean closed;

  ReplyInbox(
      KafkaAgentRuntime runtime,
      KafkaConsumer<String, byte[]> consumer,
      TopicPartition partition,
      BrokerWatch broker) {
    this.runtime = runtime;
    this.consumer = consumer;
    this.partition = partition;
    this.broker = broker;
    // Start at the end, before any send: replies to this process can only follow its sends.
    consumer.assign(List.of(partition));
    consumer.seekToEnd(List.of(partition));
    consumer.position(partition);
    this.reader = new Thread(this::read, "cadre-kafka-replies-" + runtime.nodeId());
    reader.setDaemon(true);
    reader.start();
  }

  int partition() {
    return partition.partition();
  }

  /**
   * Waits for the reply to {@code send}, failing it with a timeout error after {@code timeout} of
   * the broker being there: time it was away is added on.
   */
  void expect(PendingSend send, Duration timeout) {
    pending.put(send.correlation, send);
    send.awayMark = broker.awayNanos();
    timeoutAfter(send, timeout, timeout.toNanos());
  }

  private void timeoutAfter(PendingSend send, Duration timeout, long nanos) {
    send.timeoutWith(
        runtime
            .timer()
            .schedule(
                () -> {
                  long away = broker.awayNanos();
                  long extra = away - send.awayMark;
                  if (extra > 0) {
                    send.awayMark = away;
                    timeoutAfter(send, timeout, extra);
                  } else if (broker.undecided()) {
                    // Gone or slow: the next question will tell.
                    timeoutAfter(send, timeout, broker.intervalNanos());
                  } else {
                    send.completeExceptionally(noReply(send, timeout));
                  }
                },
                nanos,
                TimeUnit.NANOSECONDS));
  }

  /**
   * Called every {@link BrokerWatch#intervalNanos()}: watches the broker while sends wait, and
   * fails them once it has been away for the whole outage window.
   */
  void checkBroker() {
    broker.tick(!pending.isEmpty());
    if (broker.beyondWindow()) {
      for (PendingSend send : List.copyOf(pending.values())) {
        send.completeExceptionally(brokerAway(send));
      }
    }
  }

  /** Keeps the handler's own exception for a send of this process, as the cause of its failure. */
  void attachCause(String correlation, Throwable cause) {
    PendingSend send = pending.get(correlation);
    if (send != null) {
      send.localCause = cause;
    }
  }

  void forget(PendingSend send) {
    pending.remove(send.correlation, send);
  }

  void cancelHandler(PendingSend send) {
    if (!closed) {
      runtime.cancelHandler(send.recipient, send.id, send.correlation, send.writer);
    }
  }

  private void read() {
    try {
      while (!closed) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (!runtime.nodeId().equals(record.key())) {
            continue;
          }
          Envelope reply;
          try {
            reply = MessageCodec.decode(record.value());
          } catch (Exception e) {
            LOG.warn("skipping an unreadable reply at " + partition + "@" + record.offset(), e);
            continue;
          }
          PendingSend send = pending.remove(reply.correlation());
          if (send != null) {
            settle(send, reply);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.error("the reply reader of " + runtime.nodeId() + " stopped", e);
      }
    } finally {
      consumer.close(Duration.ZERO);
    }
  }

  private void settle(PendingSend send, Envelope reply) {
    Envelope.Failure failure = reply.failure();
    if (failure == null) {
      Object value;
      try {
        value = runtime.codec().read(reply.body(), null);
      } catch (RuntimeException e) {
        send.settle(
            null,
            new AgentException(
                send.recipient,
                send.messageType,
                "cannot read the reply of " + send.recipient + " to " + send.messageType + ": " + e.getMessage(),
                e));
        return;
      }
      send.settle(value, null);
      return;
    }
    send.settle(null, rebuild(send, failure));
  }

  private static Throwable rebuild(PendingSend send, Envelope.Failure failure) {
    switch (failure.kind()) {
      case "dropped":
        return new MessageDroppedException(failure.message());
      case "closed":
        return new IllegalStateException(failure.message());
      default:
        Throwable cause = send.localCause;
        if (cause == null && failure.causeClass() != null) {
          cause = new RemoteFailure(failure.causeClass(), failure.causeMessage());
        }
        return new AgentException(send.recipient, send.messageType, failure.message(), cause);
    }
  }

  private AgentException noReply(PendingSend send, Duration timeout) {
    String type = send.recipient.type();
    return new AgentException(
        send.recipient,
        send.messageType,
        "no reply from "
            + send.recipient
            + " to "
            + send.messageType
            + " within sendTimeout "
            + timeout
            + ": no worker that hosts agent type \""
            + type
            + "\" answered in time; check that one runs (CADRE_KAFKA_HOSTED_TYPES lists \""
            + type
            + "\", or is unset) and reaches the broker, or raise sendTimeout"
            + " (CADRE_KAFKA_SEND_TIMEOUT). The message stays on its topic for such a worker, which"
            + " is told that this send gave up",
        new TimeoutException("no reply within " + timeout));
  }

  private AgentException brokerAway(PendingSend send) {
    KafkaRuntimeConfig config = runtime.config();
    String away =
        "Kafka at "
            + config.bootstrapServers()
            + " has not answered for "
            + Duration.ofMillis(TimeUnit.NANOSECONDS.toMillis(broker.silentNanos()))
            + ", the whole brokerOutageWindow "
            + config.brokerOutageWindow()
            + " (CADRE_KAFKA_OUTAGE_WINDOW)";
    return new AgentException(
        send.recipient,
        send.messageType,
        "no reply from "
            + send.recipient
            + " to "
            + send.messageType
            + ": "
            + away
            + ". This send gave up; the message may still be handled once the broker is back."
            + " Check the brokers, or raise brokerOutageWindow to ride out longer outages",
        new KafkaUnavailableException(away, null));
  }

  /** Fails every send still waiting, as the runtime closes, and stops reading. */
  @Override
  public void close() {
    closed = true;
    for (PendingSend send : List.copyOf(pending.values())) {
      send.completeExceptionally(DeliveryFailures.closedBeforeHandled(send.recipient, send.messageType));
    }
    consumer.wakeup();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
