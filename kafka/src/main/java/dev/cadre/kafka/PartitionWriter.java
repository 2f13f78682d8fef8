package dev.cadre.kafka;

import dev.cadre.core.Threads;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the handlers of one partition of a hosted type write, in Kafka transactions: their
 * outgoing messages, each agent's state and each message's outcome, replies, and the partition's
 * consumed offset. Handlers write into the open transaction, and the writer commits it itself, on
 * a thread of its own, as soon as something is in it (a group commit of whatever the partition's
 * handlers wrote since the last one), then opens the next. What handlers write while a commit is
 * in flight waits, without blocking them, for the next transaction: so the busier a partition, the
 * more each commit carries. Each partition commits on its own, so a worker's partitions commit side
 * by side, and a handler's reply waits for no other partition's commit and for no poll loop. The
 * type's poller hands the writer the partition's consumed offset after each poll ({@link
 * #offerOffset}); an offset goes with a transaction when it is due.
 *
 * <p>One handled message's outcome, state and reply are written as one unit ({@link #write}): a
 * commit never falls between them, so a crash leaves either all of them or none. Its outgoing
 * messages may commit earlier than its outcome (a handler that sends and waits for the reply needs
 * its send committed, or the recipient would never read it): the handler run again after a crash
 * sends them with the same ids, and their recipients skip what they handled.
 *
 * <p>The transactional id is the partition's ({@code <group>.<partition>}), the same in every
 * process, so the worker that takes the partition over fences the one it replaces the moment it
 * opens its writer ({@link KafkaProducer#initTransactions}): the old owner's open transaction is
 * aborted at once, so read_committed readers are not held up until a transaction timeout, and any
 * write or commit the old owner tries later fails. Every commit also carries the consumer's group
 * metadata with the offset, so the group coordinator refuses a commit from a member that lost the
 * partition even before anyone took it over. (A transactional id per process, as KIP-447 allows,
 * would leave a killed worker's open transaction to hold readers back until it timed out, and the
 * broker only checks for those every 10 s by default: longer than the takeover this runtime aims
 * for. Measured on the test broker: a record committed after an abandoned open transaction became
 * readable (read_committed) 0.8 s after the "kill" when the next producer had the same id,
 * producer start included, and 5.7 s after it with another id and a 5 s transaction timeout.)
 *
 * <p>What a transaction costs: a send between processes waits for the handler's commit, which
 * takes the place of the second acknowledged write (outcome, then reply) it needed before, so a
 * sequential send's p50 stayed where it was (BENCHMARKS.md, scenario 8). An offset commit is dearer
 * than the rest of a transaction, so offsets go with some of them only.
 */
final class PartitionWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionWriter.class);

  /** What a write or commit on a writer that cannot write any more fails with. */
  static final class Closed extends IllegalStateException {
    Closed(String message) {
      super(message);
    }
  }

  private final TopicPartition tp;
  private final KafkaProducer<String, byte[]> producer;
  private final Runnable failed;
  private final java.util.concurrent.Executor committer;
  // Units written while a commit is in flight: Kafka takes no record then, and a handler should
  // not wait for the commit, so they join the next transaction as soon as it opens. Guarded by
  // this, like committing; a unit is never split between transactions.
  private final Queue<Unit> waiting = new ArrayDeque<>();
  private boolean committing;
  // Set when the poller waits to make the last commit before the partition moves: the committer
  // then stops after its commit in flight and leaves the rest to that one.
  private boolean lastWanted;
  private volatile boolean dirty;
  private volatile boolean closed;
  // The offset and group metadata the poller last offered: what a commit that carries an offset
  // sends. Guarded by this.
  private long offeredOffset = -1;
  private ConsumerGroupMetadata offeredGroup;
  // Touched by whichever thread holds the commit (committing), so by one at a time.
  private long committedOffset = -1;
  private long offsetCommittedAt = System.nanoTime();

  /** An offset goes with a transaction at least this often, when it moved. */
  static final long OFFSET_INTERVAL_NANOS = 500_000_000L;

  /**
   * An offset goes with a transaction once this many messages were handled since the last: far
   * fewer than an agent's window of outcomes ({@link TypeHost#OUTCOME_WINDOW}), so a message
   * redelivered after a crash is still recognised.
   */
  static final int OFFSET_MESSAGES = 256;

  /** Records written as one unit, what to run once they are in the transaction, and its future. */
  private record Unit(
      List<ProducerRecord<String, byte[]>> records,
      Runnable then,
      String step,
      CompletableFuture<RecordMetadata> written) {}

  private PartitionWriter(
      TopicPartition tp,
      KafkaProducer<String, byte[]> producer,
      Runnable failed,
      java.util.concurrent.Executor committer) {
    this.tp = tp;
    this.producer = producer;
    this.failed = failed;
    this.committer = committer;
  }

  /**
   * Builds the producer of partition {@code tp}'s writer in {@code group}, without opening it: an
   * unopened producer fences nobody, so a process builds one ahead for each partition it may take
   * over, and a takeover pays only the round trips of {@link #open} (building a producer costs
   * more than they do on a loaded machine, and a worker taking over many partitions builds them
   * all at once).
   */
  static KafkaProducer<String, byte[]> newProducer(
      Properties producerProps, String group, TopicPartition tp) {
    Properties props = new Properties();
    props.putAll(producerProps);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group + "." + tp.partition());
    props.put(
        ProducerConfig.CLIENT_ID_CONFIG,
        producerProps.getProperty(ProducerConfig.CLIENT_ID_CONFIG) + "-" + tp);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Opens the writer of partition {@code tp} with {@code producer} (from {@link #newProducer} for
   * that partition): fences whichever process wrote for the partition before (its open
   * transaction is aborted) and opens a transaction. The producer is closed if that fails.
   *
   * @param failed called, on the committer's thread, when a commit failed: the writer is closed
   *     then, and what it had written since its last commit is lost, so the partition's messages
   *     must be handled again (by rejoining the group)
   * @param committer where commits run; one at a time per writer
   */
  static PartitionWriter open(
      KafkaProducer<String, byte[]> producer,
      TopicPartition tp,
      Runnable failed,
      java.util.concurrent.Executor committer) {
    try {
      producer.initTransactions();
      producer.beginTransaction();
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    return new PartitionWriter(tp, producer, failed, committer);
  }

  TopicPartition partition() {
    return tp;
  }

  /**
   * Adds {@code records} to the open transaction as one unit, then runs {@code then} (a message's
   * acknowledgement) before any commit can follow; during a commit the unit waits for the next
   * transaction, without blocking the caller. A writer closed (its partition moved, or fenced)
   * writes nothing and fails the future. The future completes, off the producer's I/O thread, when
   * the broker has the records (not yet committed).
   *
   * @param step the {@link FaultPoints} step this write completes, for the tests that halt a
   *     worker there (once the broker has the records, before any commit); null for none
   */
  CompletableFuture<RecordMetadata> write(
      List<ProducerRecord<String, byte[]>> records, Runnable then, String step) {
    Unit unit = new Unit(records, then, step, new CompletableFuture<>());
    if (sendOrQueue(unit)) {
      committer.execute(this::commitWhileDirty);
    }
    return unit.written;
  }

  /** What {@link #writeHoldingCommit} did: the unit's future, and whether the caller holds the commit. */
  record HeldWrite(CompletableFuture<RecordMetadata> written, boolean commitHeld) {}

  /**
   * As {@link #write(List, Runnable, String)}, for the last unit of a handling, but when no commit
   * is in flight the caller takes the commit instead of waking the committer for it, and must
   * then either make it ({@link #commitHeld}, once its agent has let go of its thread) or hand it
   * over ({@link #handOverCommit}). A send between processes so waits for no thread hand-off on
   * its way back. An interrupt flag the handler left set is kept aside meanwhile: Kafka would take
   * it as a reason to give up the write, and the message's outcome with it.
   */
  HeldWrite writeHoldingCommit(
      List<ProducerRecord<String, byte[]>> records, Runnable then, String step) {
    Unit unit = new Unit(records, then, step, new CompletableFuture<>());
    boolean interrupted = Thread.interrupted();
    try {
      return new HeldWrite(unit.written, sendOrQueue(unit));
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Makes the commit the caller took with {@link #writeHoldingCommit}, on the caller's thread; if
   * more was written meanwhile, or an offset fell due, the committer goes on from there.
   */
  void commitHeld() {
    boolean interrupted = Thread.interrupted();
    try {
      if (commitOnce()) {
        committer.execute(this::commitWhileDirty);
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Leaves the commit the caller took with {@link #writeHoldingCommit} to the committer. */
  void handOverCommit() {
    committer.execute(this::commitWhileDirty);
  }

  /**
   * Sends {@code unit} into the open transaction and takes the commit, or queues it behind the
   * commit in flight; a closed writer fails it. Returns whether the caller now holds the commit.
   */
  private boolean sendOrQueue(Unit unit) {
    synchronized (this) {
      if (closed) {
        unit.written.completeExceptionally(
            new Closed("partition " + tp + " is no longer handled here: nothing more is written for it"));
        return false;
      }
      if (committing) {
        waiting.add(unit);
        return false;
      }
      send(unit);
      committing = true;
      return true;
    }
  }

  /** One record, as its own unit; {@code step} as for {@link #write(List, Runnable, String)}. */
  CompletableFuture<RecordMetadata> write(ProducerRecord<String, byte[]> record, String step) {
    return write(List.of(record), null, step);
  }

  private void send(Unit unit) {
    try {
      CompletableFuture<?>[] each = new CompletableFuture<?>[unit.records.size()];
      for (int i = 0; i < each.length; i++) {
        CompletableFuture<RecordMetadata> one = new CompletableFuture<>();
        each[i] = one;
        producer.send(
            unit.records.get(i),
            (metadata, error) -> {
              if (error != null) {
                one.completeExceptionally(error);
              } else {
                one.complete(metadata);
              }
            });
      }
      dirty = true;
      if (unit.then != null) {
        unit.then.run();
      }
      if (unit.step != null) {
        FaultPoints.reached(unit.step, tp.topic(), producer::flush);
      }
      CompletableFuture.allOf(each)
          .whenCompleteAsync(
              (done, error) -> {
                if (error != null) {
                  unit.written.completeExceptionally(error);
                } else {
                  unit.written.complete(
                      each.length == 0 ? null : (RecordMetadata) each[each.length - 1].getNow(null));
                }
              },
              Threads.shared());
    } catch (RuntimeException e) {
      // The transaction cannot commit now: its commit fails and the partition is handled again.
      dirty = true;
      unit.written.completeExceptionally(e);
    }
  }

  /**
   * Takes the partition's offset after a poll: {@code offset} is the first message not yet
   * handled (-1: none consumed yet), {@code group} the consumer's metadata, so the group
   * coordinator refuses the commit of a member that lost the partition. When the offset is due
   * (see {@link #offsetDue}) and no commit is in flight, commits it now, on the committer.
   */
  void offerOffset(long offset, ConsumerGroupMetadata group) {
    synchronized (this) {
      offeredOffset = offset;
      offeredGroup = group;
      if (closed || committing || lastWanted || !(offset > committedOffset && offsetDue(offset))) {
        return;
      }
      committing = true;
    }
    committer.execute(this::commitWhileDirty);
  }

  /**
   * The committer's loop: commits, sends what waited meanwhile into the next transaction, and
   * commits again while anything is in it. Runs with {@code committing} held.
   */
  private void commitWhileDirty() {
    while (commitOnce()) {
      // commits again: something was written, or an offset fell due, during the last one
    }
  }

  /**
   * Commits the open transaction, then sends what waited meanwhile into the next one. Runs with
   * {@code committing} held, and returns whether it still is (something is left to commit);
   * otherwise it has let go of it.
   */
  private boolean commitOnce() {
    long offset;
    ConsumerGroupMetadata group;
    synchronized (this) {
      if (closed || lastWanted) {
        committing = false;
        notifyAll();
        return false;
      }
      offset = offeredOffset;
      group = offeredGroup;
      dirty = false;
    }
    try {
      commitHeld(offset, group, false);
    } catch (RuntimeException e) {
      failed.run();
      return false;
    }
    synchronized (this) {
      // A unit written after the commit's last look at the queue joins this transaction now.
      sendWaiting();
      if (!dirty && !(offeredOffset > committedOffset && offsetDue(offeredOffset))) {
        committing = false;
        notifyAll();
        return false;
      }
      return true;
    }
  }

  /**
   * The last commit before the partition moves (revoked, or the host closing), with the offset
   * {@code offset} and {@code group}'s metadata: waits for the commit in flight, then commits
   * what was written since on this thread. Runs on the type's poller only.
   *
   * @throws RuntimeException when the commit fails: the writer is closed, and what was written in
   *     the transaction is lost, so its messages must be handled again
   */
  void commitLast(long offset, ConsumerGroupMetadata group) {
    synchronized (this) {
      lastWanted = true;
      boolean interrupted = false;
      while (committing && !closed) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (closed) {
        return;
      }
      offeredOffset = Math.max(offeredOffset, offset);
      offeredGroup = group;
      sendWaiting();
      if (!dirty && offset <= committedOffset) {
        return; // nothing written, and the offset is where it was: nothing to commit
      }
      committing = true;
      dirty = false;
    }
    commitHeld(offset, group, true);
    synchronized (this) {
      committing = false;
      notifyAll();
    }
  }

  /**
   * Commits the open transaction and opens the next, with the offset when it moved and is due (or
   * this is the {@code last} commit), by whichever thread holds {@code committing}.
   */
  private void commitHeld(long offset, ConsumerGroupMetadata group, boolean last) {
    try {
      boolean withOffset =
          group != null && offset > committedOffset && (last || offsetDue(offset));
      if (withOffset) {
        producer.sendOffsetsToTransaction(Map.of(tp, new OffsetAndMetadata(offset)), group);
      }
      FaultPoints.reached(FaultPoints.BEFORE_COMMIT, tp.topic());
      producer.commitTransaction();
      if (withOffset) {
        committedOffset = offset;
        offsetCommittedAt = System.nanoTime();
      }
      synchronized (this) {
        producer.beginTransaction();
        sendWaiting();
      }
    } catch (RuntimeException e) {
      LOG.warn("fenced: the transaction of " + tp + " in group "
              + (group == null ? "(none yet)" : group.groupId())
              + " was not committed (" + e
              + "); its messages are handled again by the partition's owner");
      close();
      throw e;
    }
  }

  /** Puts the units that waited for a commit into the open transaction. Holds this. */
  private void sendWaiting() {
    for (Unit unit; (unit = waiting.poll()) != null; ) {
      send(unit);
    }
  }

  /**
   * Whether a transaction should carry the offset now. Committing an offset costs a round trip to
   * the group coordinator, more than the rest of a commit (about 16 ms against 2.5 on a 2-core
   * machine), so an offset goes with a transaction only every {@link #OFFSET_INTERVAL_NANOS} or
   * {@link #OFFSET_MESSAGES} messages, and with the last one before the partition moves. A lagging
   * offset is safe: the messages past it that were handled have their outcomes in the same
   * transactions as their effects, so the next owner finds them handled and only answers again.
   */
  private boolean offsetDue(long offset) {
    return offset - committedOffset >= OFFSET_MESSAGES
        || System.nanoTime() - offsetCommittedAt >= OFFSET_INTERVAL_NANOS;
  }

  /** Whether a commit failed or the writer was closed. */
  boolean isClosed() {
    return closed;
  }

  /**
   * Stops writing: the open transaction is left to the partition's next owner, whose writer aborts
   * it (a commit that should keep it must come first).
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      notifyAll();
      for (Unit unit; (unit = waiting.poll()) != null; ) {
        unit.written.completeExceptionally(
            new Closed("partition " + tp + " is no longer handled here: nothing more is written for it"));
      }
    }
    producer.close(Duration.ZERO);
  }
}
