package dev.cadre.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.AgentException;
import dev.cadre.core.AgentFactory;
import dev.cadre.core.AgentId;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.DeliveryFailures;
import dev.cadre.core.InterventionHandler;
import dev.cadre.core.Interventions;
import dev.cadre.core.MessageContext;
import dev.cadre.core.MessageIds;
import dev.cadre.core.RuntimeEvent.AgentFailed;
import dev.cadre.core.RuntimeEvent.MessageDropped;
import dev.cadre.core.RuntimeEvent.Stage;
import dev.cadre.core.RuntimeEvent;
import dev.cadre.core.RuntimeListener;
import dev.cadre.core.RuntimeListeners;
import dev.cadre.core.Subscription;
import dev.cadre.core.TopicId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AgentRuntime} across processes, on Apache Kafka. Every process (a worker) runs one;
 * together they run one system, and an agent or team written for the in-process runtime runs here
 * unchanged.
 *
 * <ul>
 *   <li><b>Addressing.</b> The messages for agents of a type travel on the type's topic ({@link
 *       KafkaRuntimeConfig#agentTopic}), keyed by the agent's key, so one agent's messages stay in
 *       one partition, in order.
 *   <li><b>Hosting.</b> A process hosts the types it registers that its config {@link
 *       KafkaRuntimeConfig#hosts hosts}; the processes that host a type share its partitions as one
 *       consumer group, so workers can join, leave or die and the type's agents move among them.
 *       Registering a type it does not host still lets the process address it.
 *   <li><b>Send and publish.</b> A send's reply comes back on the replies topic to the process that
 *       sent it, matched by a correlation id unique per send; it fails after {@link
 *       KafkaRuntimeConfig#sendTimeout} with an error naming the agent type. Subscriptions are on a
 *       compacted topic every process reads. Cancelling a publisher's token stops the handlers of
 *       its publishes for up to {@code sendTimeout} after each publish.
 *   <li><b>Delivery and state.</b> At least once on the wire, once in effect: see {@link TypeHost}.
 *       Messages a handler sends or publishes get ids derived from the message it handles, so the
 *       same handler run again after a crash sends the same ids, which their recipients recognise.
 *       An agent's state ({@link dev.cadre.core.Agent#saveState}) moves with its partition.
 *   <li><b>Events.</b> Each process reports to its listeners what happens in it: a handler's failure
 *       is reported where the handler ran.
 * </ul>
 *
 * <p>Messages, replies and state must be values Jackson can write and read back (records, lists,
 * maps, strings, numbers); their classes must be in {@link KafkaRuntimeConfig#trustedPackages}.
 */
public final class KafkaAgentRuntime implements AgentRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaAgentRuntime.class);

  private final KafkaRuntimeConfig config;
  private final String nodeId = String.format("%016x", new SecureRandom().nextLong());
  private final MessageIds messageIds = new MessageIds();
  private final MessageCodec codec;
  private final KafkaCluster cluster;
  private final KafkaProducer<String, byte[]> producer;
  private final ScheduledExecutorService timer;
  // Builds the hosted types' writers' producers ahead (see PartitionWriter#newProducer), one at
  // a time, so a starting worker does not build dozens at once.
  private final java.util.concurrent.ExecutorService writerBuilder;
  private final ReplyInbox replies;
  private final SubscriptionDirectory subscriptions;
  private final Map<String, AgentFactory> factories = new ConcurrentHashMap<>();
  private final Map<String, TypeHost> hosts = new ConcurrentHashMap<>();
  private final Set<String> knownTypes = ConcurrentHashMap.newKeySet();
  private final Object registrations = new Object();
  private final Map<AgentId, Handling> handling = new ConcurrentHashMap<>();
  private final ThreadLocal<Handling> handlingHere = new ThreadLocal<>();
  private final Interventions interventions = new Interventions();
  private final RuntimeListeners listeners = new RuntimeListeners();
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final Duration closeTimeout = Duration.ofSeconds(10);
  private final AtomicBoolean closeCalled = new AtomicBoolean();
  private volatile boolean closed;

  private KafkaAgentRuntime(KafkaRuntimeConfig config) {
    this.config = config;
    this.codec = new MessageCodec(config.trustedPackages());
    this.cluster = KafkaCluster.open(config);
    KafkaProducer<String, byte[]> producer = null;
    ScheduledExecutorService timer = null;
    ReplyInbox replies = null;
    try {
      cluster.ensureRuntimeTopics();
      producer = new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer());
      timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "cadre-kafka-timer-" + nodeId);
                t.setDaemon(true);
                return t;
              });
      this.producer = producer;
      this.timer = timer;
      this.writerBuilder =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "cadre-kafka-writers-" + nodeId);
                t.setDaemon(true);
                return t;
              });
      int replyPartition = Math.floorMod(nodeId.hashCode(), config.partitions());
      BrokerWatch broker =
          new BrokerWatch(cluster::probe, watchInterval(config), config.brokerOutageWindow());
      replies =
          new ReplyInbox(
              this,
              newConsumer(null),
              new TopicPartition(config.repliesTopic(), replyPartition),
              broker);
      this.replies = replies;
      timer.scheduleWithFixedDelay(
          replies::checkBroker,
          broker.intervalNanos(),
          broker.intervalNanos(),
          TimeUnit.NANOSECONDS);
      this.subscriptions =
          new SubscriptionDirectory(
              this, newConsumer(null), config.subscriptionsTopic(), config.startupTimeout());
    } catch (RuntimeException e) {
      if (replies != null) {
        replies.close();
      }
      if (producer != null) {
        producer.close(Duration.ZERO);
      }
      if (timer != null) {
        timer.shutdownNow();
      }
      cluster.close();
      throw e;
    }
  }

  /**
   * Connects to the cluster, checks it is ready, creates the runtime's topics and reads the
   * system's subscriptions.
   *
   * @throws KafkaUnavailableException when the broker does not answer within the startup timeout
   */
  public static KafkaAgentRuntime start(KafkaRuntimeConfig config) {
    return new KafkaAgentRuntime(Objects.requireNonNull(config, "config"));
  }

  public KafkaRuntimeConfig config() {
    return config;
  }

  /** This process's id among the workers: random, new each start. */
  public String nodeId() {
    return nodeId;
  }

  @Override
  public void register(String type, AgentFactory factory) {
    register(type, factory, false);
  }

  @Override
  public void registerLocal(String type, AgentFactory factory) {
    register(type, factory, true);
  }

  private void register(String type, AgentFactory factory, boolean local) {
    AgentId.checkType(type);
    Objects.requireNonNull(factory, "factory");
    checkOpen("register agent type \"" + type + "\"");
    // One registration or unregistration at a time: a type unregistered while it was being
    // registered would otherwise leave its host behind.
    synchronized (registrations) {
      if (factories.putIfAbsent(type, factory) != null) {
        throw DeliveryFailures.alreadyRegistered(type);
      }
      try {
        cluster.ensureTypeTopics(type);
        knownTypes.add(type);
        if (!local && config.hosts(type)) {
          cluster.configureGroup(type);
        }
        if (local || config.hosts(type)) {
          hosts.put(
              type,
              new TypeHost(
                  this,
                  type,
                  factory,
                  local,
                  newConsumer(local ? null : config.consumerGroup(type)),
                  local ? null : newConsumer(null)));
        }
      } catch (RuntimeException e) {
        factories.remove(type, factory);
        throw e;
      }
    }
  }

  /**
   * Stops hosting {@code type} in this process and forgets its factory. The type's consumer leaves
   * its group, committing what was handled here, so the other processes that host the type take its
   * partitions over at once; what was queued or in flight here was not acknowledged, and is handled
   * by them (or by whichever process registers the type next), its agents' state with it.
   *
   * <p>The type's topics stay. The type belongs to the system, not to this process: other
   * processes may host it, send to it or have messages for it on their way, and a topic deleted
   * under them would lose those messages and, with the broker's auto-creation off, make their sends
   * fail. Deleting the topics of types nobody uses any more is an operator's decision, made with
   * Kafka's own tools.
   */
  @Override
  public void unregister(String type) {
    Objects.requireNonNull(type, "type");
    TypeHost host;
    synchronized (registrations) {
      if (factories.remove(type) == null) {
        throw DeliveryFailures.notRegistered(type, factories.keySet());
      }
      host = hosts.remove(type);
      // Known here, forgotten: the topic exists, and a later send learns that from the cluster.
      knownTypes.remove(type);
    }
    if (host != null) {
      host.close();
    }
  }

  @Override
  public void addSubscription(Subscription subscription) {
    Objects.requireNonNull(subscription, "subscription");
    checkOpen("add subscription " + subscription.id());
    if (!subscriptions.contains(subscription.id())) {
      subscriptions.add(subscription);
    }
  }

  @Override
  public void removeSubscription(String id) {
    Objects.requireNonNull(id, "id");
    if (!subscriptions.contains(id)) {
      throw new IllegalArgumentException(
          "no subscription with id \"" + id + "\" among the system's subscriptions");
    }
    subscriptions.remove(id);
  }

  @Override
  public void addInterventionHandler(InterventionHandler handler) {
    interventions.add(handler);
  }

  @Override
  public void addListener(RuntimeListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeListener(RuntimeListener listener) {
    listeners.remove(listener);
  }

  @Override
  public <R> CompletableFuture<R> send(
      Object message, AgentId recipient, AgentId sender, CancellationToken cancellation) {
    return send(message, recipient, sender, cancellation, Envelope.Kind.SEND);
  }

  /**
   * Writes the control message to the agent's topic like a send; the process that hosts the agent
   * hands it to the agent's control lane as soon as it reads it (see {@link TypeHost}).
   */
  @Override
  public <R> CompletableFuture<R> sendControl(
      Object message, AgentId recipient, AgentId sender, CancellationToken cancellation) {
    return send(message, recipient, sender, cancellation, Envelope.Kind.CONTROL);
  }

  private <R> CompletableFuture<R> send(
      Object message,
      AgentId recipient,
      AgentId sender,
      CancellationToken cancellation,
      Envelope.Kind kind) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(recipient, "recipient");
    Handling handler = handling(sender);
    String id = nextId(handler, "agent " + recipient);
    String messageType = DeliveryFailures.typeName(message);
    PendingSend pending =
        new PendingSend(replies, id, messageIds.next(), recipient, sender, messageType);
    pending.writer = handler == null ? null : handler.writer;
    if (cancellation != null) {
      pending.tieTo(
          cancellation.onCancel(
              () ->
                  pending.completeExceptionally(
                      DeliveryFailures.sendCancelled(messageType, recipient))));
    }
    if (!pending.isDone()) {
      dispatchSend(
          message, recipient, new MessageContext(sender, null, true, id, null), pending, kind);
    }
    @SuppressWarnings("unchecked")
    CompletableFuture<R> reply = (CompletableFuture<R>) (CompletableFuture<?>) pending;
    return reply;
  }

  private void dispatchSend(
      Object message,
      AgentId recipient,
      MessageContext context,
      PendingSend pending,
      Envelope.Kind kind) {
    Interventions.Verdict verdict;
    try {
      verdict = interventions.onSend(message, context, recipient);
    } catch (RuntimeException e) {
      pending.completeExceptionally(e);
      return;
    }
    String messageType = DeliveryFailures.typeName(message);
    if (verdict.dropped()) {
      emit(
          new MessageDropped(
              Stage.SEND, context.sender(), recipient, null, messageType, context.messageId(), verdict.dropper()));
      pending.completeExceptionally(DeliveryFailures.sendDropped(verdict.dropper(), messageType, recipient));
      return;
    }
    Object delivered = verdict.message();
    if (delivered == null) {
      pending.completeExceptionally(
          DeliveryFailures.nullFromIntervention(messageType, "send to " + recipient));
      return;
    }
    String deliveredType = DeliveryFailures.typeName(delivered);
    lifecycle.readLock().lock();
    try {
      if (closed) {
        pending.completeExceptionally(DeliveryFailures.closed("send " + deliveredType + " to " + recipient));
        return;
      }
      if (!typeExists(recipient.type())) {
        AgentException error = unknownType(recipient, deliveredType);
        emitFailure(recipient, null, deliveredType, error, context.messageId());
        pending.completeExceptionally(error);
        return;
      }
      JsonNode body;
      try {
        body = codec.write(delivered);
      } catch (RuntimeException e) {
        pending.completeExceptionally(e);
        return;
      }
      Envelope envelope =
          new Envelope(
              kind,
              context.messageId(),
              pending.correlation,
              recipient,
              context.sender(),
              null,
              nodeId,
              replies.partition(),
              deliveredType,
              body,
              null);
      replies.expect(pending, config.sendTimeout());
      CompletableFuture<RecordMetadata> written = produceTo(recipient, envelope, pending.writer);
      // From here a cancel record is written after the message, on its partition, by this one
      // producer, so it follows the message even if the broker has not acknowledged it yet: were
      // it to wait for the acknowledgement, a handler could take the message before it.
      pending.sent();
      written.whenComplete(
              (metadata, error) -> {
                if (error != null) {
                  pending.completeExceptionally(
                      new AgentException(
                          recipient,
                          deliveredType,
                          "cannot send " + deliveredType + " to " + recipient + ": " + kafkaRefused(error),
                          error));
                }
              });
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public CompletableFuture<Void> publish(
      Object message, TopicId topic, AgentId sender, CancellationToken cancellation) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(topic, "topic");
    Handling handler = handling(sender);
    String id = nextId(handler, "topic " + topic);
    MessageContext published = new MessageContext(sender, topic, false, id, cancellation);
    String messageType = DeliveryFailures.typeName(message);
    Interventions.Verdict verdict;
    try {
      verdict = interventions.onPublish(message, published);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (verdict.dropped()) {
      emit(new MessageDropped(Stage.PUBLISH, sender, null, topic, messageType, id, verdict.dropper()));
      return CompletableFuture.completedFuture(null);
    }
    Object delivered = verdict.message();
    if (delivered == null) {
      return CompletableFuture.failedFuture(
          DeliveryFailures.nullFromIntervention(messageType, "publish to " + topic));
    }
    String deliveredType = DeliveryFailures.typeName(delivered);
    List<AgentId> recipients = subscriptions.recipients(topic, sender);
    List<AgentId> reached = new ArrayList<>(recipients.size());
    List<CompletableFuture<RecordMetadata>> produced = new ArrayList<>(recipients.size());
    lifecycle.readLock().lock();
    try {
      if (closed) {
        return CompletableFuture.failedFuture(
            DeliveryFailures.closed("publish " + deliveredType + " to " + topic));
      }
      JsonNode body = recipients.isEmpty() ? null : codec.write(delivered);
      for (AgentId recipient : recipients) {
        if (!typeExists(recipient.type())) {
          emitFailure(recipient, topic, deliveredType, unknownType(recipient, deliveredType), id);
          continue;
        }
        reached.add(recipient);
        produced.add(
            produceTo(
                recipient,
                new Envelope(
                    Envelope.Kind.PUBLISH, id, null, recipient, sender, topic, null, null, deliveredType, body, null),
                handler == null ? null : handler.writer));
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    } finally {
      lifecycle.readLock().unlock();
    }
    if (cancellation != null && !reached.isEmpty()) {
      CancellationToken.Registration tie =
          cancellation.onCancel(
              () -> {
                for (AgentId recipient : reached) {
                  cancelHandler(recipient, id, null, null);
                }
              });
      // A publisher cannot tell when handlers in other processes are done; untie after as long as
      // a send would wait, so a long-lived token does not hold one callback per publish for ever.
      try {
        timer.schedule(tie::close, config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        tie.close();
      }
    }
    return CompletableFuture.allOf(produced.toArray(CompletableFuture[]::new))
        .handle(
            (done, error) -> {
              if (error != null) {
                throw new IllegalStateException(
                    "cannot publish " + deliveredType + " to " + topic + ": " + kafkaRefused(error), error);
              }
              return null;
            });
  }

  /**
   * Stops this process's part of the system: fails the sends still waiting here, stops hosting (the
   * other workers take the agents over), and releases the clients. Bounded even when the broker is
   * gone: within {@code closeTimeout} (10 s) for handlers and sends in progress, and a few seconds
   * for each client to give up on the broker; what was not written by then is not acknowledged
   * either, so the next owner handles it.
   */
  @Override
  public void close() {
    if (!closeCalled.compareAndSet(false, true)) {
      return;
    }
    closed = true;
    // Waits for the sends being written now; one held up by a missing broker is cut off when the
    // producer closes below.
    try {
      if (lifecycle.writeLock().tryLock(closeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        lifecycle.writeLock().unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    replies.close();
    List<CompletableFuture<Void>> stopping = new ArrayList<>();
    for (TypeHost host : hosts.values()) {
      stopping.add(CompletableFuture.runAsync(host::close, dev.cadre.core.Threads.shared()));
    }
    CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
    subscriptions.close();
    producer.close(Duration.ofSeconds(5));
    timer.shutdownNow();
    writerBuilder.shutdownNow();
    cluster.close();
  }

  // ---- for the parts of this runtime

  MessageCodec codec() {
    return codec;
  }

  ReplyInbox replies() {
    return replies;
  }

  Interventions interventions() {
    return interventions;
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  /** Where producers are built ahead for the writers of partitions this process may take. */
  java.util.concurrent.Executor writerBuilder() {
    return writerBuilder;
  }

  Duration closeTimeout() {
    return closeTimeout;
  }

  /**
   * Writes a record; the future completes when the broker has it, off the producer's I/O thread:
   * what follows a write often writes again, and a write that has to wait for topic metadata on
   * that thread would wait for itself.
   */
  CompletableFuture<RecordMetadata> produce(ProducerRecord<String, byte[]> record) {
    CompletableFuture<RecordMetadata> written = new CompletableFuture<>();
    try {
      producer.send(
          record,
          (metadata, error) ->
              dev.cadre.core.Threads.shared()
                  .execute(
                      () -> {
                        if (error != null) {
                          written.completeExceptionally(error);
                        } else {
                          written.complete(metadata);
                        }
                      }));
    } catch (RuntimeException e) {
      written.completeExceptionally(e);
    }
    return written;
  }

  /**
   * Writes a message for {@code recipient}, with the sender's trace context in its headers: in the
   * transaction of the handler that sends it ({@code writer}), or at once outside a handler.
   */
  private CompletableFuture<RecordMetadata> produceTo(
      AgentId recipient, Envelope envelope, PartitionWriter writer) {
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(config.agentTopic(recipient.type()), recipient.key(), MessageCodec.encode(envelope));
    TraceHeaders.inject(record.headers());
    if (writer == null) {
      return produce(record);
    }
    return writer.write(record, envelope.kind() == Envelope.Kind.CANCEL ? null : FaultPoints.PRODUCED);
  }

  /**
   * Tells the handler of message {@code id} for {@code recipient} that its sender gave up; through
   * the writer the message went through, if it is still open, so the cancel follows the message.
   */
  void cancelHandler(AgentId recipient, String id, String correlation, PartitionWriter writer) {
    if (closed) {
      return;
    }
    produceTo(
        recipient,
        new Envelope(Envelope.Kind.CANCEL, id, correlation, recipient, null, null, null, null, null, null, null),
        writer == null || writer.isClosed() ? null : writer);
  }

  /** Sends the outcome of a send back to the process that sent it. */
  CompletableFuture<RecordMetadata> reply(Envelope send, AgentId responder, TypeHost.Outcome outcome) {
    return produce(replyRecord(send, responder, outcome));
  }

  /** The record that carries the outcome of a send back to the process that sent it. */
  ProducerRecord<String, byte[]> replyRecord(
      Envelope send, AgentId responder, TypeHost.Outcome outcome) {
    Envelope reply =
        new Envelope(
            Envelope.Kind.REPLY,
            send.id(),
            send.correlation(),
            responder,
            null,
            null,
            null,
            null,
            send.messageType(),
            outcome.body(),
            outcome.failure());
    return new ProducerRecord<>(
        config.repliesTopic(), send.replyPartition(), send.replyTo(), MessageCodec.encode(reply));
  }

  /** A handler running here: the ids of what it sends, and the transaction it writes in. */
  private record Handling(DerivedIds ids, PartitionWriter writer) {}

  /**
   * Marks {@code agent} as handling message {@code messageId}, for the ids of what it sends and the
   * transaction ({@code writer}, null for none) its messages go into.
   */
  void enterHandler(AgentId agent, String messageId, PartitionWriter writer) {
    Handling handler = new Handling(new DerivedIds(messageId), writer);
    handling.put(agent, handler);
    handlingHere.set(handler);
  }

  void exitHandler(AgentId agent) {
    handling.remove(agent);
    handlingHere.remove();
  }

  /**
   * Marks this thread as handling control message {@code messageId}: what it sends gets ids derived
   * from that message, without touching the ids of the message the agent may be handling at the
   * same time on another thread.
   */
  void enterControl(String messageId, PartitionWriter writer) {
    handlingHere.set(new Handling(new DerivedIds(messageId), writer));
  }

  void exitControl() {
    handlingHere.remove();
  }

  /**
   * The id of a message sent now to {@code destination}. While a handler runs, the id is derived
   * from the id of the message it handles ({@link DerivedIds}), so a handler run again sends the
   * same ids. The handler is the one running on this thread, whoever the message names as its
   * sender (a team's participant container publishes its events as the manager, which may be
   * handling a message in this process at the same time: counting those on the manager's count
   * would make the manager's ids depend on where its participants run); a send from another thread
   * counts on its sender's handler.
   */
  private String nextId(Handling handler, String destination) {
    return handler == null ? messageIds.next() : handler.ids.next(destination);
  }

  /** The handler a message sent now by {@code sender} comes from, or null for none. */
  private Handling handling(AgentId sender) {
    Handling handler = handlingHere.get();
    if (handler == null && sender != null) {
      handler = handling.get(sender);
    }
    return handler;
  }

  private boolean typeExists(String type) {
    if (knownTypes.contains(type)) {
      return true;
    }
    knownTypes.addAll(cluster.agentTypes());
    return knownTypes.contains(type);
  }

  private AgentException unknownType(AgentId recipient, String messageType) {
    // A topic just created may not be listed yet: the types registered here are known for sure.
    Set<String> types = new java.util.TreeSet<>(cluster.agentTypes());
    types.addAll(factories.keySet());
    return DeliveryFailures.unknownType(recipient, messageType, types);
  }

  void emitFailure(AgentId agent, TopicId topic, String messageType, AgentException error, String messageId) {
    emit(new AgentFailed(agent, topic, messageType, error.getMessage(), messageId));
  }

  void emit(RuntimeEvent event) {
    listeners.emit(event);
  }

  private void checkOpen(String action) {
    if (closed) {
      throw DeliveryFailures.closed(action);
    }
  }

  private String kafkaRefused(Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
      return "Kafka at "
          + config.bootstrapServers()
          + " did not take it within brokerOutageWindow "
          + config.brokerOutageWindow()
          + " (CADRE_KAFKA_OUTAGE_WINDOW): "
          + cause;
    }
    return "Kafka at " + config.bootstrapServers() + " did not take it: " + cause;
  }

  /** How often a process waiting on the broker asks whether it is there: a tenth of the window. */
  private static Duration watchInterval(KafkaRuntimeConfig config) {
    Duration tenth = config.brokerOutageWindow().dividedBy(10);
    Duration most = Duration.ofSeconds(1);
    Duration least = Duration.ofMillis(50);
    return tenth.compareTo(most) > 0 ? most : tenth.compareTo(least) < 0 ? least : tenth;
  }

  /**
   * How long the clients wait before they try a broker again, at most. Kafka's default (1 s) is a
   * good part of a short session timeout: after a broker restart, a worker that waits that long to
   * reconnect, and again to find its group's coordinator, can miss its session and lose its
   * partitions, which moves every agent for nothing.
   */
  static final int RECONNECT_BACKOFF_MAX_MS = 250;

  /** A transactional writer's first retry backoff (see {@link #writerProps}). */
  static final int WRITER_RETRY_BACKOFF_MS = 10;

  private static int millis(Duration duration) {
    return (int) Math.min(duration.toMillis(), Integer.MAX_VALUE);
  }

  /** One broker request's bound: the request timeout, within the outage window. */
  private int requestMillis() {
    return Math.min(millis(config.requestTimeout()), millis(config.brokerOutageWindow()));
  }

  private Properties producerProps() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "cadre-" + nodeId);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // A write rides out an outage as long as the window: retried, then failed naming the window.
    int window = millis(config.brokerOutageWindow());
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestMillis());
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, window);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, window);
    props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, RECONNECT_BACKOFF_MAX_MS);
    props.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, RECONNECT_BACKOFF_MAX_MS);
    // With no broker reachable, Kafka's default "rebootstrap" forgets every topic's metadata, and
    // each write after it blocks its caller's thread (a send, a handler) for want of metadata,
    // up to max.block.ms. Kept, the metadata lets a write join the queue for the broker's return
    // at once. (Rebootstrap helps only when every broker came back at a new address.)
    props.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
    return props;
  }

  /**
   * The settings of a partition's transactional writer ({@link PartitionWriter}). Its transaction
   * timeout is the outage window: a transaction open while the broker is away is not aborted for
   * its age while the runtime still waits for the broker. A killed worker's open transaction does
   * not wait for the timeout: the partition's next owner aborts it as it opens its writer.
   */
  Properties writerProps() {
    Properties props = producerProps();
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, millis(config.brokerOutageWindow()));
    // Opening a writer right after its partition's last owner died is answered "concurrent
    // transactions" until the broker has aborted what that owner left open (a few ms), and the
    // producer waits retry.backoff.ms before it asks again: 100 ms by default, paid on every
    // takeover. Backoffs still grow to RECONNECT_BACKOFF_MAX_MS while the broker is away.
    props.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, WRITER_RETRY_BACKOFF_MS);
    return props;
  }

  private KafkaConsumer<String, byte[]> newConsumer(String group) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "cadre-" + nodeId + (group == null ? "" : "-" + group));
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestMillis());
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, requestMillis());
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    props.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, RECONNECT_BACKOFF_MAX_MS);
    props.put(ConsumerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, RECONNECT_BACKOFF_MAX_MS);
    // A worker taking partitions over may wait the whole window for their state (in the poll);
    // the group must not take it for a stuck consumer meanwhile.
    props.put(
        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
        Math.max(300_000, millis(config.brokerOutageWindow().plusMinutes(1))));
    if (group != null) {
      props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
      props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
    }
    return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
