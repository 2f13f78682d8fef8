package dev.cadre.core;

import dev.cadre.core.RuntimeEvent.AgentFailed;
import dev.cadre.core.RuntimeEvent.MessageDropped;
import dev.cadre.core.RuntimeEvent.Stage;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AgentRuntime} for one JVM.
 *
 * <p>Each agent has a mailbox of two lanes, one for its messages and one for its control messages.
 * A lane with messages is drained by one task at a time on the JVM's shared executor ({@link
 * Threads#shared}), so an agent handles one message at a time in arrival order while different
 * agents run in parallel, and an idle agent holds no thread. That executor never queues (a virtual
 * thread, or a new platform thread, per task), which is what lets a handler block on a {@code send}
 * to another agent without starving the agent it waits for.
 *
 * <p>A {@link #call} to an idle agent drains its message lane on the calling thread instead: the
 * caller would only wait, and the hand-offs to a drain thread and back would cost more than the
 * handler (a team's turn is a few such calls). The lane is claimed exactly as a drain claims it, so
 * the one-at-a-time and arrival-order guarantees hold; messages that arrive meanwhile are left to a
 * drain of the shared executor.
 *
 * <p>Messages are passed by reference, not copied: they are meant to be immutable values.
 */
public final class InProcessRuntime implements AgentRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(InProcessRuntime.class);

  /** How long {@link #close()} waits, by default, for handlers in flight to return. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /** How a message is put in a mailbox. */
  private enum Lane {
    /** Queued on the message lane, drained on the shared executor. */
    QUEUED,
    /** On the message lane, handled on the calling thread when the agent is idle. */
    INLINE,
    /** On the control lane. */
    CONTROL
  }

  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final Duration closeTimeout;
  private final Map<String, Registration> types = new ConcurrentHashMap<>();
  private final Map<AgentId, Mailbox> mailboxes = new ConcurrentHashMap<>();
  private final IdGenerator messageIds;
  private final IdGenerator ids; // handed to teams on this runtime
  private final Interventions interventions = new Interventions();
  private final RuntimeListeners listeners = new RuntimeListeners();

  private final SubscriptionIndex subscriptions = new SubscriptionIndex();

  // Enqueueing (and making a mailbox) holds the read lock; close() takes the write lock to set
  // `closed`, and unregister() to take a type's mailboxes away: once either has, no message can
  // slip into a mailbox and be stranded there.
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile boolean closed;

  /** A runtime whose {@link #close()} waits up to {@link #DEFAULT_CLOSE_TIMEOUT} for handlers. */
  public InProcessRuntime() {
    this(DEFAULT_CLOSE_TIMEOUT);
  }

  /**
   * @param closeTimeout how long {@link #close()} (and {@link #unregister}) waits for handlers in
   *     flight to return after cancelling their tokens; handlers still running then are interrupted
   *     and their agents are not closed
   */
  public InProcessRuntime(Duration closeTimeout) {
    // Every runtime drains on the JVM's one executor: before Java 21 its pooled platform threads
    // then serve all runtimes, instead of each team's runtime keeping idle threads of its own
    // (at 10,000 concurrent teams that was a third of all threads, near the OS limit).
    this(closeTimeout, Threads.shared(), false);
  }

  /**
   * A runtime that takes its message ids from {@code ids}, and whose teams take their run ids and
   * made-up instance ids from it too ({@link #ids()}): for tests, whose runs then repeat their ids.
   * The other constructors give messages ids of a random prefix and a counter, and runs random
   * UUIDs.
   *
   * @param closeTimeout as for {@link #InProcessRuntime(Duration)}
   * @param ids where message ids, and the ids of the teams on this runtime, come from
   */
  public InProcessRuntime(Duration closeTimeout, IdGenerator ids) {
    this(closeTimeout, Threads.shared(), false, Objects.requireNonNull(ids, "ids"));
  }

  /** For tests: a runtime whose drains run on {@code executor}, which close() shuts down. */
  InProcessRuntime(Duration closeTimeout, ExecutorService executor) {
    this(closeTimeout, executor, true);
  }

  private InProcessRuntime(Duration closeTimeout, ExecutorService executor, boolean ownsExecutor) {
    this(closeTimeout, executor, ownsExecutor, null);
  }

  // ids: null for the default ids.
  private InProcessRuntime(
      Duration closeTimeout, ExecutorService executor, boolean ownsExecutor, IdGenerator ids) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.ownsExecutor = ownsExecutor;
    this.messageIds = ids == null ? new MessageIds() : ids;
    this.ids = ids == null ? IdGenerator.RANDOM : ids;
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    if (closeTimeout.isNegative()) {
      throw new IllegalArgumentException("closeTimeout must not be negative, was " + closeTimeout);
    }
    this.closeTimeout = closeTimeout;
  }

  /**
   * What the runtime holds now: for a process that wants to see that what it stopped using (a
   * closed team, say) was released.
   *
   * @param types the agent types registered
   * @param agents the agents with a mailbox: every agent that got a message, until its type is
   *     unregistered
   * @param subscriptions the subscriptions
   */
  public record Footprint(int types, int agents, int subscriptions) {}

  @Override
  public IdGenerator ids() {
    return ids;
  }

  /** What the runtime holds now. */
  public Footprint footprint() {
    return new Footprint(types.size(), mailboxes.size(), subscriptions.size());
  }

  @Override
  public void register(String type, AgentFactory factory) {
    Names.checkAgentType("agent type", type);
    Objects.requireNonNull(factory, "factory");
    checkOpen("register agent type \"" + type + "\"");
    if (types.putIfAbsent(type, new Registration(factory)) != null) {
      throw DeliveryFailures.alreadyRegistered(type);
    }
  }

  @Override
  public void unregister(String type) {
    Objects.requireNonNull(type, "type");
    List<Mailbox> retired;
    lifecycle.writeLock().lock();
    try {
      Registration registration = types.remove(type);
      if (registration == null) {
        throw DeliveryFailures.notRegistered(type, types.keySet());
      }
      retired = List.copyOf(registration.mailboxes);
      for (Mailbox mailbox : retired) {
        mailboxes.remove(mailbox.id, mailbox);
        mailbox.retired = true;
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
    for (Mailbox mailbox : retired) {
      mailbox.shutDown();
    }
    awaitTerminated(retired, "unregistering agent type \"" + type + "\"");
  }

  @Override
  public void addSubscription(Subscription subscription) {
    Objects.requireNonNull(subscription, "subscription");
    checkOpen("add subscription " + subscription.id());
    subscriptions.add(subscription);
  }

  @Override
  public void removeSubscription(String id) {
    Objects.requireNonNull(id, "id");
    subscriptions.remove(id);
  }

  @Override
  public void addInterventionHandler(InterventionHandler handler) {
    interventions.add(Objects.requireNonNull(handler, "handler"));
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
    return cast(send(message, recipient, sender, cancellation, Lane.QUEUED));
  }

  @Override
  public <R> R call(
      Object message, AgentId recipient, AgentId sender, CancellationToken cancellation)
      throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException(
          "interrupted before sending " + typeName(message) + " to " + recipient);
    }
    return Calls.await(send(message, recipient, sender, cancellation, Lane.INLINE));
  }

  @Override
  public <R> CompletableFuture<R> sendControl(
      Object message, AgentId recipient, AgentId sender, CancellationToken cancellation) {
    return cast(send(message, recipient, sender, cancellation, Lane.CONTROL));
  }

  private CompletableFuture<Object> send(
      Object message,
      AgentId recipient,
      AgentId sender,
      CancellationToken cancellation,
      Lane lane) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(recipient, "recipient");
    // The handler gets its own token: cancelling this one send must not cancel the caller's token,
    // which may stand for a whole run.
    CancellationToken handlerToken = new CancellationToken();
    MessageContext context =
        new MessageContext(sender, null, true, messageIds.next(), handlerToken);
    Reply reply = new Reply(handlerToken);
    if (cancellation != null) {
      reply.tieTo(
          cancellation.onCancel(
              () ->
                  reply.completeExceptionally(
                      DeliveryFailures.sendCancelled(typeName(message), recipient))));
    }
    if (!reply.isDone()) {
      dispatchSend(message, recipient, context, reply, lane);
    }
    return reply;
  }

  private void dispatchSend(
      Object message,
      AgentId recipient,
      MessageContext context,
      CompletableFuture<Object> reply,
      Lane lane) {
    Interventions.Verdict verdict;
    try {
      verdict = interventions.onSend(message, context, recipient);
    } catch (RuntimeException e) {
      reply.completeExceptionally(e);
      return;
    }
    if (verdict.dropped()) {
      emit(
          new MessageDropped(
              Stage.SEND,
              context.sender(),
              recipient,
              null,
              typeName(message),
              context.messageId(),
              verdict.dropper()));
      reply.completeExceptionally(
          DeliveryFailures.sendDropped(verdict.dropper(), typeName(message), recipient));
      return;
    }
    Object delivered = verdict.message();
    if (delivered == null) {
      reply.completeExceptionally(
          DeliveryFailures.nullFromIntervention(typeName(message), "send to " + recipient));
      return;
    }
    boolean open;
    Mailbox claimed = null;
    Delivery delivery = null;
    lifecycle.readLock().lock();
    try {
      open = !closed;
      Mailbox mailbox = open ? mailbox(recipient) : null;
      if (mailbox != null) {
        delivery = new Delivery(delivered, context, reply, null, Context.current());
        if (lane == Lane.CONTROL) {
          mailbox.controls.offer(delivery);
        } else if (lane == Lane.INLINE && mailbox.messages.claim()) {
          claimed = mailbox;
        } else {
          mailbox.messages.offer(delivery);
        }
      }
    } finally {
      lifecycle.readLock().unlock();
    }
    if (claimed != null) {
      // Outside the lock: the handler may send, register, or close the runtime.
      claimed.messages.drainOnCaller(delivery);
      return;
    }
    if (delivery != null) {
      return;
    }
    // Failed outside the lock: the caller's callbacks run on completion, and may close the runtime.
    if (!open) {
      reply.completeExceptionally(
          DeliveryFailures.closed("send " + typeName(delivered) + " to " + recipient));
      return;
    }
    AgentException error = unknownType(recipient, delivered);
    emitFailure(recipient, null, delivered, error, context.messageId());
    reply.completeExceptionally(error);
  }

  @Override
  public CompletableFuture<Void> publish(
      Object message, TopicId topic, AgentId sender, CancellationToken cancellation) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(topic, "topic");
    String messageId = messageIds.next();
    MessageContext published = new MessageContext(sender, topic, false, messageId, cancellation);
    Interventions.Verdict verdict;
    try {
      verdict = interventions.onPublish(message, published);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (verdict.dropped()) {
      emit(
          new MessageDropped(
              Stage.PUBLISH, sender, null, topic, typeName(message), messageId, verdict.dropper()));
      return CompletableFuture.completedFuture(null);
    }
    Object delivered = verdict.message();
    if (delivered == null) {
      return CompletableFuture.failedFuture(
          DeliveryFailures.nullFromIntervention(typeName(message), "publish to " + topic));
    }

    List<AgentId> recipients = subscriptions.recipients(topic, sender);
    List<AgentId> unknown = null;
    Context trace = Context.current();
    lifecycle.readLock().lock();
    try {
      if (closed) {
        return CompletableFuture.failedFuture(
            DeliveryFailures.closed("publish " + typeName(delivered) + " to " + topic));
      }
      for (AgentId recipient : recipients) {
        Mailbox mailbox = mailbox(recipient);
        if (mailbox == null) {
          if (unknown == null) {
            unknown = new ArrayList<>();
          }
          unknown.add(recipient);
          continue;
        }
        // A token per recipient, so closing the runtime cancels handlers, not the caller's token.
        CancellationToken handlerToken = new CancellationToken();
        CancellationToken.Registration link =
            cancellation == null ? null : cancellation.onCancel(handlerToken::cancel);
        MessageContext context = new MessageContext(sender, topic, false, messageId, handlerToken);
        mailbox.messages.offer(new Delivery(delivered, context, null, link, trace));
      }
    } finally {
      lifecycle.readLock().unlock();
    }
    if (unknown != null) {
      for (AgentId recipient : unknown) {
        emitFailure(recipient, topic, delivered, unknownType(recipient, delivered), messageId);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lifecycle.writeLock().unlock();
    }
    List<Mailbox> all = List.copyOf(mailboxes.values());
    for (Mailbox mailbox : all) {
      mailbox.shutDown();
    }
    if (awaitTerminated(all, "closing the runtime") && ownsExecutor) {
      executor.shutdown();
    }
  }

  /**
   * Waits up to the close timeout for {@code stopping}'s handlers to return and their agents to
   * close, except for the handlers running on this thread (close() or unregister() called by a
   * handler must not wait for that handler); interrupts the handlers still running after that.
   *
   * @return whether every one has terminated in time
   */
  private boolean awaitTerminated(List<Mailbox> stopping, String doing) {
    Thread caller = Thread.currentThread();
    CompletableFuture<?>[] pending =
        stopping.stream()
            .filter(m -> !m.drainedBy(caller))
            .map(m -> m.terminated)
            .toArray(CompletableFuture<?>[]::new);
    try {
      CompletableFuture.allOf(pending).get(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      String busy =
          stopping.stream()
              .filter(m -> !m.terminated.isDone() && !m.drainedBy(caller))
              .map(m -> m.id.toString())
              .collect(Collectors.joining(", "));
      LOG.warn(doing
              + ": handlers of "
              + busy
              + " ignored cancellation for "
              + closeTimeout
              + "; interrupting them, and those agents are not closed");
      interruptDrains(stopping, caller);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      interruptDrains(stopping, caller);
    } catch (ExecutionException e) {
      // terminated futures only ever complete normally
      throw new IllegalStateException(e);
    }
    return false;
  }

  /** Interrupts the handlers still running, and only them: the threads may serve other runtimes. */
  private void interruptDrains(List<Mailbox> mailboxes, Thread caller) {
    for (Mailbox mailbox : mailboxes) {
      mailbox.messages.interruptDrain(caller);
      mailbox.controls.interruptDrain(caller);
    }
    if (ownsExecutor && closed) {
      executor.shutdownNow();
    }
  }

  private void checkOpen(String action) {
    if (closed) {
      throw DeliveryFailures.closed(action);
    }
  }

  /**
   * The mailbox of {@code id}, made on the first message to it; null if its type is not registered.
   * Call it under the read lock, so no mailbox is made once the runtime is closed or the type is
   * unregistered.
   */
  private Mailbox mailbox(AgentId id) {
    // get first: computeIfAbsent would allocate its function on every message, not just the first
    Mailbox mailbox = mailboxes.get(id);
    if (mailbox == null) {
      Registration registration = types.get(id.type());
      if (registration == null) {
        return null;
      }
      mailbox =
          mailboxes.computeIfAbsent(
              id,
              key -> {
                Mailbox made = new Mailbox(key, registration.factory, this);
                registration.mailboxes.add(made);
                return made;
              });
    }
    return mailbox;
  }

  // For the mailboxes: what they need of the runtime.

  boolean closed() {
    return closed;
  }

  ExecutorService executor() {
    return executor;
  }

  Interventions interventions() {
    return interventions;
  }

  void emitFailure(
      AgentId agent, TopicId topic, Object message, AgentException error, String messageId) {
    emit(new AgentFailed(agent, topic, typeName(message), error.getMessage(), messageId));
  }

  void emit(RuntimeEvent event) {
    listeners.emit(event);
  }

  private AgentException unknownType(AgentId recipient, Object message) {
    return DeliveryFailures.unknownType(recipient, typeName(message), types.keySet());
  }

  private static String typeName(Object message) {
    return DeliveryFailures.typeName(message);
  }

  @SuppressWarnings("unchecked")
  private static <R> CompletableFuture<R> cast(CompletableFuture<Object> future) {
    return (CompletableFuture<R>) (CompletableFuture<?>) future;
  }

  /** A registered type: its factory, and the mailboxes of its agents, to retire on unregister. */
  private static final class Registration {
    final AgentFactory factory;
    // Added to under the read lock, read under the write lock.
    final Set<Mailbox> mailboxes = ConcurrentHashMap.newKeySet();

    Registration(AgentFactory factory) {
      this.factory = factory;
    }
  }
}