package dev.cadre.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.AgentFactory;
import dev.cadre.core.AgentId;
import dev.cadre.core.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles the messages of one agent type in this process.
 *
 * <p>A hosted type is read by a consumer in the type's group, so the workers that host it share its
 * partitions and each agent (all messages of one key land in one partition) is handled by one worker
 * at a time, in order. Records are handed to per-agent queues drained on the shared executor, so
 * different agents run at once while each handles one message at a time.
 *
 * <p>What handling a message writes goes into Kafka transactions, one writer per partition (see
 * {@link PartitionWriter}): the messages its handler sends or publishes, then, as one unit, the
 * message's outcome, the agent's new state and a send's reply; the poller commits each partition's
 * transaction with the partition's offset, up to the first message not yet handled, as soon as
 * something is in it. Consumers read committed records only. So a crash at any step leaves a
 * message either handled (outcome, state, reply and offset all there) or not (none of them): the
 * next owner of the partition fences the old one, restores the agents' state from the state topic
 * and handles again what was not committed; the outcomes kept there make a message it finds
 * already handled a no-op (a send gets its recorded reply again), and the messages a re-run handler
 * sends carry the same ids as the first time, so their recipients skip what they handled. A handler
 * that waits for the reply to a send needs that send committed before its outcome: that is the
 * one place a handler's effects are split, and the ids make it harmless.
 *
 * <p>A partition's agents live here only while it is assigned here: revoked or lost, its agents
 * are stopped and dropped with everything kept for them; assigned again, even to this process, its
 * agents are made anew by the factory and given their stored state before their first message. A
 * commit that fails (the writer fenced by a new owner, the group moved on, the broker gone past the
 * transaction) drops the partition's agents likewise, and the host rejoins its group.
 *
 * <p>A control message ({@link dev.cadre.core.AgentRuntime#sendControl}) goes to its agent's
 * control lane as soon as it is read: a second queue per agent, drained by one task at a time
 * beside the agent's messages, so it reaches an agent busy with a message. It is acknowledged once
 * its reply is written, and nothing of it is stored: redelivered after a crash, it is handled
 * again.
 *
 * <p>A local type ({@link dev.cadre.core.AgentRuntime#registerLocal}) is read from every partition,
 * from the end, by each process that registers it, with nothing stored or committed: it observes
 * live messages. Its sends are handled only in the sending process.
 */
final class TypeHost implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TypeHost.class);

  /** How many outcomes of recent messages each agent keeps, to recognise a redelivered copy. */
  static final int OUTCOME_WINDOW = 1024;

  /** A partition with this many messages in flight is paused until half of them are done. */
  private static final int MAX_IN_FLIGHT = 10_000;

  /** What handling one message came to, as stored on the state topic. */
  record Outcome(String kind, JsonNode body, Envelope.Failure failure) {
    static final Outcome DONE = new Outcome("done", null, null);
    static final Outcome CANCELLED = new Outcome("cancelled", null, null);
  }

  private final KafkaAgentRuntime runtime;
  private final String type;
  private final AgentFactory factory;
  private final boolean local;
  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaConsumer<String, byte[]> stateReader;
  private final Map<Integer, PartitionWork> partitions = new ConcurrentHashMap<>();
  private final Rebalance rebalance = new Rebalance();
  private final Map<AgentId, HostedAgent> hosted = new ConcurrentHashMap<>();
  private final SpareProducers spareProducers; // null for a local type
  // Set by a writer whose commit failed, to wake the poller to rejoin the group.
  private final AtomicBoolean rejoinWanted = new AtomicBoolean();
  private final Thread poller;
  private volatile boolean closing;
  // The thread that closes this host: when it is one of the host's own handlers (an agent that
  // unregisters its own type), shutting down does not wait for that handler.
  private volatile Thread closer;

  TypeHost(
      KafkaAgentRuntime runtime,
      String type,
      AgentFactory factory,
      boolean local,
      KafkaConsumer<String, byte[]> consumer,
      KafkaConsumer<String, byte[]> stateReader) {
    this.runtime = runtime;
    this.type = type;
    this.factory = factory;
    this.local = local;
    this.topic = runtime.config().agentTopic(type);
    this.consumer = consumer;
    this.stateReader = stateReader;
    this.spareProducers =
        local
            ? null
            : new SpareProducers(
                runtime.writerProps(),
                runtime.config().consumerGroup(type),
                topic,
                runtime.writerBuilder());
    if (local) {
      List<TopicPartition> all = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        all.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(all);
      consumer.seekToEnd(all);
      for (TopicPartition tp : all) {
        consumer.position(tp);
        partitions.put(tp.partition(), new PartitionWork(tp, new StoredAgents(), null));
      }
    } else {
      for (int partition = 0; partition < runtime.config().partitions(); partition++) {
        spareProducers.build(partition);
      }
      consumer.subscribe(List.of(topic), rebalance);
    }
    this.poller = new Thread(this::poll, "cadre-kafka-" + type + "-" + runtime.nodeId());
    poller.setDaemon(true);
    poller.start();
  }

  KafkaAgentRuntime runtime() {
    return runtime;
  }

  String type() {
    return type;
  }

  AgentFactory factory() {
    return factory;
  }

  /** Whether this type is local: read from every partition, nothing stored or committed. */
  boolean local() {
    return local;
  }

  boolean closing() {
    return closing;
  }

  /**
   * Stops the handler of message {@code id} for {@code recipient}, or skips it if still queued. A
   * send's cancel names its correlation too and stops only that send: a handler re-run elsewhere
   * sends the same id again, and the sender it replaced (still running in a process that lost the
   * partition) must not cancel the live copy when it gives up.
   */
  private void cancel(AgentId recipient, String id, String correlation) {
    HostedAgent agent = hosted.get(recipient);
    if (agent != null) {
      agent.cancel(id, correlation);
    }
  }

  private void poll() {
    try {
      while (!closing) {
        ConsumerRecords<String, byte[]> records;
        try {
          records = consumer.poll(rejoinWanted.get() ? Duration.ZERO : Duration.ofMillis(100));
        } catch (WakeupException e) {
          if (closing) {
            break;
          }
          records = ConsumerRecords.empty(); // a commit failed: rejoin
        }
        dispatch(records);
        if (!local) {
          offerOffsetsAndThrottle();
        }
      }
    } catch (RuntimeException e) {
      if (!closing) {
        LOG.error("the consumer of agent type " + type + " stopped", e);
      }
    } finally {
      shutDown();
    }
  }

  /**
   * Hands a poll's records to their agents. A message whose cancel record came in the same poll
   * (a worker catching up on a send its sender gave up on) is queued cancelled, so its handler is
   * skipped: handed over first, it could start before the cancel record was read.
   */
  private void dispatch(ConsumerRecords<String, byte[]> records) {
    List<ConsumerRecord<String, byte[]>> messages = new ArrayList<>(records.count());
    List<Envelope> envelopes = new ArrayList<>(records.count());
    Set<List<Object>> cancelled = new HashSet<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      Envelope envelope;
      try {
        envelope = MessageCodec.decode(record.value());
      } catch (Exception e) {
        LOG.warn(
            "skipping the record at " + topic + "-" + record.partition() + "@" + record.offset()
                + ": not a Cadre message: " + e);
        continue;
      }
      if (envelope.kind() == Envelope.Kind.CANCEL) {
        cancelled.add(List.of(envelope.recipient(), envelope.id()));
      }
      messages.add(record);
      envelopes.add(envelope);
    }
    for (int i = 0; i < messages.size(); i++) {
      dispatch(messages.get(i), envelopes.get(i), cancelled);
    }
  }

  private void dispatch(
      ConsumerRecord<String, byte[]> record, Envelope envelope, Set<List<Object>> cancelled) {
    PartitionWork work = partitions.get(record.partition());
    if (work == null) {
      return; // revoked while the poll returned
    }
    if (envelope.kind() == Envelope.Kind.CANCEL) {
      cancel(envelope.recipient(), envelope.id(), envelope.correlation());
      return;
    }
    if (local && envelope.rpc() && !runtime.nodeId().equals(envelope.replyTo())) {
      return; // a send to a local type is handled by the sender's own process
    }
    work.dispatched(record.offset());
    HostedAgent agent =
        hosted.computeIfAbsent(envelope.recipient(), id -> new HostedAgent(this, id, work));
    Delivery delivery =
        new Delivery(envelope, work, record.offset(), TraceHeaders.extract(record.headers()));
    if (cancelled.contains(List.of(envelope.recipient(), envelope.id()))) {
      HostedAgent.cancelQuietly(delivery.token);
    }
    if (envelope.kind() == Envelope.Kind.CONTROL) {
      agent.offerControl(delivery);
    } else {
      agent.offer(delivery);
    }
  }

  /** Called by a writer whose commit failed: wakes the poller from its poll to rejoin. */
  private void commitFailed() {
    if (rejoinWanted.compareAndSet(false, true)) {
      consumer.wakeup();
    }
  }

  /**
   * After a poll: hands each partition's writer its consumed offset (the writers commit by
   * themselves, the offset with some of their commits), pauses a partition with too many messages
   * in flight, and rejoins the group for the partitions whose commit failed.
   */
  private void offerOffsetsAndThrottle() {
    rejoinWanted.set(false);
    ConsumerGroupMetadata group = null;
    List<TopicPartition> failed = new ArrayList<>();
    for (PartitionWork work : partitions.values()) {
      if (group == null) {
        group = consumer.groupMetadata();
      }
      if (work.writer.isClosed()) {
        failed.add(work.tp);
        continue;
      }
      work.writer.offerOffset(work.committable(), group);
      int inFlight = work.inFlight.size();
      if (!work.paused && inFlight > MAX_IN_FLIGHT) {
        consumer.pause(List.of(work.tp));
        work.paused = true;
      } else if (work.paused && inFlight < MAX_IN_FLIGHT / 2) {
        consumer.resume(List.of(work.tp));
        work.paused = false;
      }
    }
    if (!failed.isEmpty()) {
      rejoin(failed);
    }
  }

  /**
   * After commits of {@code failed} failed: what was written there since the last commit is lost,
   * and the agents here went past what is stored. Drops those partitions' agents and rejoins the
   * group, so whichever process gets the partitions (this one too) makes them anew from their
   * stored state and handles the uncommitted messages again.
   */
  private void rejoin(List<TopicPartition> failed) {
    LOG.warn(
        runtime.nodeId() + " drops " + failed + " of " + type
            + " after a failed commit and rejoins");
    for (TopicPartition tp : failed) {
      PartitionWork work = rebalance.release(tp);
      if (work != null) {
        work.writer.close();
        spareProducers.build(tp.partition());
      }
    }
    try {
      consumer.unsubscribe();
    } catch (WakeupException e) {
      consumer.unsubscribe();
    }
    consumer.subscribe(List.of(topic), rebalance);
  }

  /**
   * Runs on the poller as it ends: stop handlers, close agents (an agent whose handler outlives the
   * close timeout is closed by its drain once the handler returns), commit what is done, leave.
   */
  private void shutDown() {
    for (HostedAgent agent : hosted.values()) {
      agent.stop();
    }
    long deadline = System.nanoTime() + runtime.closeTimeout().toNanos();
    Thread closing = closer;
    for (HostedAgent agent : hosted.values()) {
      if (closing == null || !agent.drainedBy(closing)) {
        agent.awaitIdle(deadline);
      }
      agent.closeAgentWhenIdle();
    }
    try {
      if (!local) {
        ConsumerGroupMetadata group = consumer.groupMetadata();
        for (PartitionWork work : partitions.values()) {
          try {
            work.writer.commitLast(work.committable(), group);
          } catch (RuntimeException e) {
            LOG.warn("final commit of " + work.tp + " failed: " + e);
          } finally {
            work.writer.close();
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("final commit of " + type + " failed: " + e);
    } finally {
      if (spareProducers != null) {
        spareProducers.close();
      }
      // Leaves the group, so the others take the partitions over at once.
      consumer.close(Duration.ofSeconds(5));
      if (stateReader != null) {
        stateReader.close(Duration.ZERO);
      }
    }
  }

  /** Stops handling, waits for the handlers in flight (up to the close timeout) and leaves. */
  @Override
  public void close() {
    closer = Thread.currentThread();
    closing = true;
    consumer.wakeup();
    try {
      poller.join(runtime.closeTimeout().toMillis() + 10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Reads the stored agents of the partitions just assigned, before their first message is handled
   * here: all partitions in one pass, so a worker taking over several waits for the slowest one
   * rather than for the sum of them.
   */
  private Map<Integer, StoredAgents> restore(
      Collection<TopicPartition> assigned, CompletableFuture<?> fenced) {
    Map<TopicPartition, StoredAgents> stored = new HashMap<>();
    for (TopicPartition tp : assigned) {
      stored.put(
          new TopicPartition(runtime.config().stateTopic(type), tp.partition()), new StoredAgents());
    }
    stateReader.assign(stored.keySet());
    stateReader.seekToBeginning(stored.keySet());
    // Read what is committed while the writers open; once they have fenced the last owner (so it
    // can commit nothing more), read on to the end that leaves.
    readToEnd(stored);
    fenced.join();
    readToEnd(stored);
    Map<Integer, StoredAgents> byPartition = new HashMap<>();
    stored.forEach((state, agents) -> byPartition.put(state.partition(), agents));
    return byPartition;
  }

  /** Applies the state records from the reader's positions up to the partitions' ends now. */
  private void readToEnd(Map<TopicPartition, StoredAgents> stored) {
    // Waits out a broker outage as any write does: a restart is no reason to give partitions up.
    Duration timeout = runtime.config().brokerOutageWindow();
    Map<TopicPartition, Long> ends = stateReader.endOffsets(stored.keySet(), timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<TopicPartition> reading = new HashSet<>(stored.keySet());
    while (true) {
      reading.removeIf(state -> stateReader.position(state, timeout) >= ends.get(state));
      if (reading.isEmpty()) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new KafkaUnavailableException(
            "could not read the state of " + reading + " from Kafka at "
                + runtime.config().bootstrapServers() + " within brokerOutageWindow " + timeout
                + " (CADRE_KAFKA_OUTAGE_WINDOW)", null);
      }
      for (ConsumerRecord<String, byte[]> record : stateReader.poll(Duration.ofMillis(100))) {
        TopicPartition state = new TopicPartition(record.topic(), record.partition());
        try {
          stored.get(state).apply(record.key(), record.value());
        } catch (Exception e) {
          LOG.warn("skipping unreadable state at " + state + "@" + record.offset(),
              e);
        }
      }
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
      if (assigned.isEmpty()) {
        return;
      }
      long started = System.nanoTime();
      // Opening a partition's writer fences its last owner and aborts what it left open; the state
      // is read meanwhile, and read to its end once more after that, so it holds all that was
      // committed and nothing the last owner can still add.
      CompletableFuture<Map<TopicPartition, PartitionWriter>> opening =
          CompletableFuture.supplyAsync(() -> openWriters(assigned), Threads.shared());
      long[] opened = new long[1];
      CompletableFuture<?> fenced = opening.thenRun(() -> opened[0] = System.nanoTime());
      Map<Integer, StoredAgents> stored;
      try {
        stored = restore(assigned, fenced);
      } catch (RuntimeException e) {
        opening.thenAccept(writers -> writers.values().forEach(PartitionWriter::close));
        throw unwrap(e);
      }
      Map<TopicPartition, PartitionWriter> writers = opening.join();
      for (TopicPartition tp : assigned) {
        partitions.put(
            tp.partition(), new PartitionWork(tp, stored.get(tp.partition()), writers.get(tp)));
      }
      // Logged once their state is read: until then the moved agents answer nothing.
      LOG.info(runtime.nodeId()
              + " now handles "
              + assigned
              + " (their writers opened in "
              + (opened[0] - started) / 1_000_000
              + " ms, their stored state read by "
              + (System.nanoTime() - started) / 1_000_000
              + " ms)");
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
      if (!revoked.isEmpty()) {
        LOG.info(runtime.nodeId() + " hands over " + revoked);
      }
      ConsumerGroupMetadata group = null;
      for (TopicPartition tp : revoked) {
        PartitionWork work = release(tp);
        if (work == null) {
          continue;
        }
        // Still a member: what was handled here is committed before the partition moves.
        try {
          if (group == null) {
            group = consumer.groupMetadata();
          }
          work.writer.commitLast(work.committable(), group);
        } catch (RuntimeException e) {
          LOG.warn("commit on revoke of " + tp + " failed: " + e);
        } finally {
          work.writer.close();
          spareProducers.build(tp.partition());
        }
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> lost) {
      LOG.warn(
          runtime.nodeId() + " lost " + lost + " (its group membership expired, so another worker"
              + " may already handle them): the messages in flight there are stopped unacknowledged");
      for (TopicPartition tp : lost) {
        PartitionWork work = release(tp);
        if (work != null) {
          // Not committed: the next owner's writer aborts what is open, and handles it again.
          work.writer.close();
          spareProducers.build(tp.partition());
        }
      }
    }

    /** The failure of a step that ran on another thread, as that step threw it. */
    private RuntimeException unwrap(RuntimeException e) {
      return e instanceof java.util.concurrent.CompletionException
              && e.getCause() instanceof RuntimeException cause
          ? cause
          : e;
    }

    /**
     * Opens the writers of the partitions just assigned, all at once, with the producers built
     * ahead for them: each fences the partition's last owner, which takes a round trip or two to
     * the transaction coordinator.
     */
    private Map<TopicPartition, PartitionWriter> openWriters(Collection<TopicPartition> assigned) {
      Map<TopicPartition, CompletableFuture<PartitionWriter>> opening = new HashMap<>();
      for (TopicPartition tp : assigned) {
        opening.put(
            tp,
            CompletableFuture.supplyAsync(
                () ->
                    PartitionWriter.open(
                        spareProducers.take(tp),
                        tp,
                        TypeHost.this::commitFailed,
                        Threads.shared()),
                Threads.shared()));
      }
      Map<TopicPartition, PartitionWriter> writers = new HashMap<>();
      RuntimeException failure = null;
      for (Map.Entry<TopicPartition, CompletableFuture<PartitionWriter>> entry : opening.entrySet()) {
        try {
          writers.put(entry.getKey(), entry.getValue().join());
        } catch (java.util.concurrent.CompletionException e) {
          failure =
              e.getCause() instanceof RuntimeException cause
                  ? cause
                  : new IllegalStateException(e.getCause());
        }
      }
      if (failure != null) {
        writers.values().forEach(PartitionWriter::close);
        throw failure;
      }
      return writers;
    }

    /** Stops the partition's agents here: their unacknowledged messages go to the next owner. */
    private PartitionWork release(TopicPartition tp) {
      PartitionWork work = partitions.remove(tp.partition());
      if (work == null) {
        return null;
      }
      work.revoked = true;
      for (Iterator<HostedAgent> it = hosted.values().iterator(); it.hasNext(); ) {
        HostedAgent agent = it.next();
        if (agent.work == work) {
          it.remove();
          agent.stop();
          agent.closeAgentWhenIdle();
        }
      }
      return work;
    }
  }

}
