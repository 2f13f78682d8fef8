package dev.cadre.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Agent;
import dev.cadre.core.AgentException;
import dev.cadre.core.AgentFactory;
import dev.cadre.core.AgentId;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.DeliveryFailures;
import dev.cadre.core.Interventions;
import dev.cadre.core.Json;
import dev.cadre.core.MessageContext;
import dev.cadre.core.RuntimeEvent.MessageDropped;
import dev.cadre.core.RuntimeEvent.Stage;
import dev.cadre.core.Threads;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
  private final Map<AgentId, Slot> slots = new ConcurrentHashMap<>();
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

  /**
   * Stops the handler of message {@code id} for {@code agent}, or skips it if still queued. A
   * send's cancel names its correlation too and stops only that send: a handler re-run elsewhere
   * sends the same id again, and the sender it replaced (still running in a process that lost the
   * partition) must not cancel the live copy when it gives up.
   */
  private void cancel(AgentId agent, String id, String correlation) {
    Slot slot = slots.get(agent);
    if (slot != null) {
      slot.cancel(id, correlation);
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
    Slot slot = slots.computeIfAbsent(envelope.recipient(), id -> new Slot(id, work));
    Delivery delivery =
        new Delivery(envelope, work, record.offset(), TraceHeaders.extract(record.headers()));
    if (cancelled.contains(List.of(envelope.recipient(), envelope.id()))) {
      cancelQuietly(delivery.token);
    }
    if (envelope.kind() == Envelope.Kind.CONTROL) {
      slot.offerControl(delivery);
    } else {
      slot.offer(delivery);
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
    for (Slot slot : slots.values()) {
      slot.stop();
    }
    long deadline = System.nanoTime() + runtime.closeTimeout().toNanos();
    Thread closing = closer;
    for (Slot slot : slots.values()) {
      if (closing == null || !slot.drainedBy(closing)) {
        slot.awaitIdle(deadline);
      }
      slot.closeAgentWhenIdle();
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
      for (Iterator<Slot> it = slots.values().iterator(); it.hasNext(); ) {
        Slot slot = it.next();
        if (slot.work == work) {
          it.remove();
          slot.stop();
          slot.closeAgentWhenIdle();
        }
      }
      return work;
    }
  }

  /** A partition assigned here: its stored agents, and which of its messages are in flight. */
  private static final class PartitionWork {
    final TopicPartition tp;
    final StoredAgents stored;
    final PartitionWriter writer; // null for a local type: nothing is stored or committed
    final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
    volatile long highest = -1;
    boolean paused; // poller only
    volatile boolean revoked;

    PartitionWork(TopicPartition tp, StoredAgents stored, PartitionWriter writer) {
      this.tp = tp;
      this.stored = stored;
      this.writer = writer;
    }

    void dispatched(long offset) {
      inFlight.add(offset);
      highest = offset;
    }

    void acknowledged(long offset) {
      inFlight.remove(offset);
    }

    /**
     * The offset to commit: the first not acknowledged, or past the last dispatched; -1, nothing,
     * before anything was dispatched here (0 would move the group's offset back to the start).
     */
    long committable() {
      long last = highest;
      if (last < 0) {
        return -1;
      }
      // Handlers acknowledge on other threads: the set can empty between isEmpty() and first(),
      // which then throws; its iterator never does.
      Iterator<Long> first = inFlight.iterator();
      return first.hasNext() ? first.next() : last + 1;
    }
  }

  /** One message on its way to one agent here. */
  private static final class Delivery {
    final Envelope envelope;
    final PartitionWork work;
    final long offset;
    final CancellationToken token = new CancellationToken();
    final Context trace;

    Delivery(Envelope envelope, PartitionWork work, long offset, Context trace) {
      this.envelope = envelope;
      this.work = work;
      this.offset = offset;
      this.trace = trace;
    }

    /** Whether this is message {@code id}, and of send {@code correlation} when one is given. */
    boolean is(String id, String correlation) {
      return envelope.id().equals(id)
          && (correlation == null || correlation.equals(envelope.correlation()));
    }
  }

  /**
   * An agent hosted here: its two lanes (messages, and control messages beside them), the agent
   * once made, and the outcomes it remembers.
   */
  private final class Slot {
    final AgentId id;
    final PartitionWork work;
    final Lane messages = new Lane(false);
    final Lane controls = new Lane(true);
    // As stored on the state topic; read only when a message comes again (rarely), so a worker
    // taking a partition over does not parse every outcome there before it handles anything.
    final Map<String, byte[]> outcomes = new java.util.LinkedHashMap<>(); // drain only
    private JsonNode restoredState; // guarded by this
    // Made by whichever lane needs it first, under this slot's monitor; read without it once made.
    private volatile Agent agent;
    volatile boolean stopped;
    private boolean agentClosed; // guarded by this

    Slot(AgentId id, PartitionWork work) {
      this.id = id;
      this.work = work;
      StoredAgents.Stored stored;
      synchronized (work.stored) {
        stored = work.stored.take(id.key());
      }
      if (stored != null) {
        synchronized (this) {
          restoredState = stored.state;
        }
        outcomes.putAll(stored.outcomes);
      }
    }

    void offer(Delivery delivery) {
      messages.offer(delivery);
    }

    void offerControl(Delivery delivery) {
      controls.offer(delivery);
    }

    void cancel(String messageId, String correlation) {
      messages.cancel(messageId, correlation);
      controls.cancel(messageId, correlation);
    }

    /** No more handling here: cancels the handlers in flight; queued messages stay unacked. */
    void stop() {
      stopped = true;
      messages.stopHandler();
      controls.stopHandler();
    }

    /** Whether {@code thread} is running one of this agent's handlers. */
    boolean drainedBy(Thread thread) {
      return messages.drainer == thread || controls.drainer == thread;
    }

    private boolean busy() {
      return messages.scheduled.get() || controls.scheduled.get();
    }

    void awaitIdle(long deadline) {
      while (busy() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    void closeAgentWhenIdle() {
      if (!busy()) {
        closeAgent();
      } // else the last drain to end closes it when it sees it is stopped
    }

    /** Called by a drain that ends because the slot stopped, after it released its lane. */
    private void stoppedDrainEnded() {
      if (work.revoked || closing) {
        closeAgentWhenIdle();
      }
    }

    synchronized void closeAgent() {
      if (agentClosed || agent == null) {
        return;
      }
      agentClosed = true;
      try {
        agent.close();
      } catch (Throwable e) {
        LOG.warn("agent " + id + " failed to close", e);
      }
    }

    /** One of the slot's queues, drained by one task at a time on the shared executor. */
    private final class Lane implements Runnable {
      final boolean control;
      final Queue<Delivery> queue = new ConcurrentLinkedQueue<>();
      final AtomicBoolean scheduled = new AtomicBoolean();
      volatile Delivery current;
      volatile Thread drainer;

      Lane(boolean control) {
        this.control = control;
      }

      void offer(Delivery delivery) {
        queue.offer(delivery);
        if (scheduled.compareAndSet(false, true)) {
          Threads.shared().execute(this);
        }
      }

      void cancel(String messageId, String correlation) {
        Delivery inFlight = current;
        if (inFlight != null && inFlight.is(messageId, correlation)) {
          cancelQuietly(inFlight.token);
        }
        for (Delivery queued : queue) {
          if (queued.is(messageId, correlation)) {
            cancelQuietly(queued.token);
          }
        }
      }

      void stopHandler() {
        Delivery inFlight = current;
        if (inFlight != null) {
          cancelQuietly(inFlight.token);
        }
      }

      @Override
      public void run() {
        drainer = Thread.currentThread();
        try {
          while (true) {
            Delivery delivery = stopped ? null : queue.poll();
            if (delivery == null) {
              scheduled.set(false);
              if (stopped) {
                stoppedDrainEnded();
                return;
              }
              if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
              }
              continue;
            }
            current = delivery;
            try {
              if (control) {
                handleControl(delivery);
              } else {
                handle(delivery);
              }
            } catch (Throwable e) {
              LOG.error("delivery to " + id + " failed", e);
            } finally {
              current = null;
              Thread.interrupted();
            }
          }
        } finally {
          drainer = null;
        }
      }
    }

    /**
     * Handles a control message and replies; nothing is stored, and the reply once written
     * acknowledges it. Its sends get ids derived from it, apart from the message handler's.
     */
    private void handleControl(Delivery delivery) {
      Envelope envelope = delivery.envelope;
      String messageType = envelope.messageType();
      if (delivery.token.isCancelled()) {
        writeThenAcknowledge(delivery, List.of());
        return;
      }
      Outcome outcome;
      Object result = null;
      Throwable failure = null;
      AgentException error = null;
      try {
        Agent target = agent();
        Object message = runtime.codec().read(envelope.body(), messageType);
        MessageContext context =
            new MessageContext(envelope.sender(), null, true, envelope.id(), delivery.token);
        runtime.enterControl(envelope.id(), delivery.work.writer);
        try (Scope traced = delivery.trace.makeCurrent()) {
          result = target.onControl(message, context);
        } finally {
          runtime.exitControl();
        }
      } catch (Throwable e) {
        failure = e;
        error = DeliveryFailures.handlerFailed(id, messageType, e);
      }
      if (stopped) {
        return; // not acknowledged: the next owner handles it again
      }
      if (failure == null) {
        outcome = respond(envelope, result);
      } else if (delivery.token.isCancelled()) {
        outcome = Outcome.CANCELLED;
      } else {
        runtime.emitFailure(id, null, messageType, error, envelope.id());
        if (runtime.nodeId().equals(envelope.replyTo())) {
          runtime.replies().attachCause(envelope.correlation(), failure);
        }
        outcome = failure("agent", error.getMessage(), failure);
      }
      writeThenAcknowledge(
          delivery,
          outcome == Outcome.CANCELLED
              ? List.of()
              : List.of(runtime.replyRecord(envelope, id, outcome)));
    }

    /**
     * Writes what handling the delivery came to, as one unit, and acknowledges it with the write,
     * so the commit that makes them visible carries its offset too. A local type stores nothing.
     */
    private void writeThenAcknowledge(
        Delivery delivery, List<ProducerRecord<String, byte[]>> records) {
      writeThenAcknowledge(delivery, records, null);
    }

    /** As above; {@code step} is the {@link FaultPoints} step the write completes, or null. */
    private void writeThenAcknowledge(
        Delivery delivery, List<ProducerRecord<String, byte[]>> records, String step) {
      PartitionWriter writer = delivery.work.writer;
      if (writer == null) {
        records.forEach(runtime::produce);
        delivery.work.acknowledged(delivery.offset);
        return;
      }
      writer
          .write(records, () -> delivery.work.acknowledged(delivery.offset), step)
          .whenComplete(
              (done, error) -> {
                if (error instanceof PartitionWriter.Closed) {
                  fenced(delivery.envelope);
                } else if (error != null) {
                  LOG.warn("what " + id + " wrote for " + delivery.envelope.messageType()
                          + " did not reach Kafka; the message is handled again: " + error);
                }
              });
    }

    /** Says that a handler here ended after its partition left: nothing of it is written. */
    private void fenced(Envelope envelope) {
      LOG.info(
          "fenced: " + id + " finished " + envelope.messageType() + " after its partition left "
              + runtime.nodeId() + "; nothing of it is written here, its next owner handles it");
    }

    private void handle(Delivery delivery) {
      Envelope envelope = delivery.envelope;
      String messageType = envelope.messageType();
      if (delivery.token.isCancelled()) {
        finish(delivery, Outcome.CANCELLED, null, false);
        return;
      }
      Outcome prior = priorOutcome(envelope.id());
      // A cancelled outcome only says a sender gave up: a copy of the message that arrives later,
      // from a re-run of the sending handler that still waits for it, is handled.
      if (prior != null && !Outcome.CANCELLED.kind().equals(prior.kind())) {
        // Handled before (by this worker or one that died): answer as then, do nothing again.
        replyThenAcknowledge(delivery, prior);
        return;
      }
      Agent target;
      try {
        target = agent();
      } catch (Throwable e) {
        fail(delivery, DeliveryFailures.factoryFailed(id, messageType, e), e);
        return;
      }
      Object message;
      try {
        message = runtime.codec().read(envelope.body(), messageType);
      } catch (RuntimeException e) {
        fail(delivery, new AgentException(id, messageType, "agent " + id + " cannot read its message: " + e.getMessage(), e), e);
        return;
      }
      MessageContext context =
          new MessageContext(envelope.sender(), envelope.topic(), envelope.rpc(), envelope.id(), delivery.token);
      Object result = null;
      Throwable failure = null;
      runtime.enterHandler(id, envelope.id(), delivery.work.writer);
      try (Scope traced = delivery.trace.makeCurrent()) {
        result = target.onMessage(message, context);
      } catch (Throwable e) {
        failure = e;
      } finally {
        runtime.exitHandler(id);
      }
      if (stopped) {
        fenced(envelope);
        return; // not acknowledged: the next owner handles it again
      }
      if (failure != null) {
        if (delivery.token.isCancelled()) {
          finish(delivery, Outcome.CANCELLED, target, false);
        } else {
          fail(delivery, DeliveryFailures.handlerFailed(id, messageType, failure), failure);
        }
        return;
      }
      if (!envelope.rpc()) {
        finish(delivery, Outcome.DONE, target, false);
        return;
      }
      finish(delivery, respond(envelope, result), target, true);
    }

    private Outcome respond(Envelope envelope, Object result) {
      Interventions.Verdict verdict;
      try {
        verdict = runtime.interventions().onResponse(result, id, envelope.sender());
      } catch (RuntimeException e) {
        return failure("error", e.getMessage(), e);
      }
      if (verdict.dropped()) {
        runtime.emit(
            new MessageDropped(
                Stage.RESPONSE,
                id,
                envelope.sender(),
                null,
                result == null ? null : DeliveryFailures.typeName(result),
                envelope.id(),
                verdict.dropper()));
        return new Outcome(
            "failure",
            null,
            new Envelope.Failure(
                "dropped",
                DeliveryFailures.replyDropped(verdict.dropper(), id, envelope.messageType()).getMessage(),
                null,
                null));
      }
      try {
        return new Outcome("value", runtime.codec().write(verdict.message()), null);
      } catch (RuntimeException e) {
        AgentException error =
            new AgentException(
                id,
                envelope.messageType(),
                "agent " + id + " replied to " + envelope.messageType() + " with a value that cannot be sent: " + e.getMessage(),
                e);
        return failure("agent", error.getMessage(), e);
      }
    }

    private void fail(Delivery delivery, AgentException error, Throwable cause) {
      runtime.emitFailure(id, delivery.envelope.topic(), delivery.envelope.messageType(), error, delivery.envelope.id());
      if (delivery.envelope.rpc() && runtime.nodeId().equals(delivery.envelope.replyTo())) {
        runtime.replies().attachCause(delivery.envelope.correlation(), cause);
      }
      finish(delivery, failure("agent", error.getMessage(), cause), agent, delivery.envelope.rpc());
    }

    private Outcome failure(String kind, String message, Throwable cause) {
      return new Outcome(
          "failure", null, new Envelope.Failure(kind, message, cause.getClass().getName(), cause.getMessage()));
    }

    private Agent agent() throws Exception {
      Agent made = agent;
      if (made != null) {
        return made;
      }
      synchronized (this) {
        if (agent == null) {
          Agent created = factory.create(id, runtime);
          if (created == null) {
            throw DeliveryFailures.factoryReturnedNull(id);
          }
          if (restoredState != null) {
            created.loadState(restoredState);
            restoredState = null;
          }
          agent = created;
        }
        return agent;
      }
    }

    /** The outcome stored for message {@code id}, or null if it has none or none readable. */
    private Outcome priorOutcome(String id) {
      byte[] stored = outcomes.get(id);
      if (stored == null) {
        return null;
      }
      try {
        return Json.mapper().readValue(stored, Outcome.class);
      } catch (IOException e) {
        LOG.warn("the stored outcome of message " + id + " to " + this.id + " is unreadable, so the"
                + " message is handled as new: " + e);
        return null;
      }
    }

    /** Stores the outcome (and the agent's state), then replies, then acknowledges. */
    private void finish(Delivery delivery, Outcome outcome, Agent target, boolean reply) {
      Envelope envelope = delivery.envelope;
      byte[] outcomeBytes = StoredAgents.bytes(Json.mapper().valueToTree(outcome));
      outcomes.put(envelope.id(), outcomeBytes);
      String evicted = null;
      if (outcomes.size() > OUTCOME_WINDOW) {
        Iterator<String> oldest = outcomes.keySet().iterator();
        evicted = oldest.next();
        oldest.remove();
      }
      String stateTopic = runtime.config().stateTopic(type);
      int partition = delivery.work.tp.partition();
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>(4);
      if (!local) {
        records.add(
            new ProducerRecord<>(
                stateTopic, partition, StoredAgents.outcomeKey(envelope.id(), id.key()), outcomeBytes));
        if (evicted != null) {
          records.add(
              new ProducerRecord<>(stateTopic, partition, StoredAgents.outcomeKey(evicted, id.key()), null));
        }
        if (target != null) {
          try {
            JsonNode state = target.saveState();
            if (state != null) {
              records.add(
                  new ProducerRecord<>(
                      stateTopic,
                      partition,
                      StoredAgents.snapshotKey(id.key()),
                      StoredAgents.bytes(StoredAgents.snapshot(state))));
            }
          } catch (Throwable e) {
            LOG.warn("agent " + id + " could not save its state after " + envelope.messageType()
                    + "; if it moves to another worker it starts from its last saved state: " + e);
          }
        }
      }
      if (reply) {
        records.add(runtime.replyRecord(envelope, id, outcome));
      }
      writeThenAcknowledge(delivery, records, local ? null : FaultPoints.WRITTEN);
    }

    private void replyThenAcknowledge(Delivery delivery, Outcome outcome) {
      writeThenAcknowledge(
          delivery,
          delivery.envelope.rpc() && !"cancelled".equals(outcome.kind())
              ? List.of(runtime.replyRecord(delivery.envelope, id, outcome))
              : List.of());
    }
  }

  private static void cancelQuietly(CancellationToken token) {
    try {
      token.cancel();
    } catch (RuntimeException e) {
      LOG.warn("a cancellation callback of a handler failed", e);
    }
  }
}
