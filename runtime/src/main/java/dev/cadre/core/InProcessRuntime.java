package dev.cadre.core;

import dev.cadre.core.RuntimeEvent.AgentFailed;
import dev.cadre.core.RuntimeEvent.MessageDropped;
import dev.cadre.core.RuntimeEvent.Stage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Collectors;

/**
 * The {@link AgentRuntime} for one JVM.
 *
 * <p>Each agent has a mailbox. A mailbox with messages is drained by one task at a time on the
 * JVM's shared executor ({@link Threads#shared}), so an agent handles one message at a time in arrival
 * order while different agents run in parallel, and an idle agent holds no thread. That executor
 * never queues (a virtual thread, or a new platform thread, per task), which is what lets a handler
 * block on a {@code send} to another agent without starving the agent it waits for.
 *
 * <p>Messages are passed by reference, not copied: they are meant to be immutable values.
 */
public final class InProcessRuntime implements AgentRuntime {

  private static final System.Logger LOG = System.getLogger(InProcessRuntime.class.getName());

  /** How long {@link #close()} waits, by default, for handlers in flight to return. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final Duration closeTimeout;
  private final Map<String, AgentFactory> factories = new ConcurrentHashMap<>();
  private final Map<AgentId, Mailbox> mailboxes = new ConcurrentHashMap<>();
  private final MessageIds messageIds = new MessageIds();
  private final Interventions interventions = new Interventions();
  private final RuntimeListeners listeners = new RuntimeListeners();

  private final SubscriptionIndex subscriptions = new SubscriptionIndex();

  // Enqueueing holds the read lock and close() takes the write lock to set `closed`: once close()
  // has set it, no message can slip into a mailbox and be stranded there.
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile boolean closed;

  /** A runtime whose {@link #close()} waits up to {@link #DEFAULT_CLOSE_TIMEOUT} for handlers. */
  public InProcessRuntime() {
    this(DEFAULT_CLOSE_TIMEOUT);
  }

  /**
   * @param closeTimeout how long {@link #close()} waits for handlers in flight to return after
   *     cancelling their tokens; handlers still running then are interrupted and their agents are
   *     not closed
   */
  public InProcessRuntime(Duration closeTimeout) {
    // Every runtime drains on the JVM's one executor: before Java 21 its pooled platform threads
    // then serve all runtimes, instead of each team's runtime keeping idle threads of its own
    // (at 10,000 concurrent teams that was a third of all threads, near the OS limit).
    this(closeTimeout, Threads.shared(), false);
  }

  /** For tests: a runtime whose drains run on {@code executor}, which close() shuts down. */
  InProcessRuntime(Duration closeTimeout, ExecutorService executor) {
    this(closeTimeout, executor, true);
  }

  private InProcessRuntime(Duration closeTimeout, ExecutorService executor, boolean ownsExecutor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.ownsExecutor = ownsExecutor;
    Objects.requireNonNull(closeTimeout, "closeTimeout");
    if (closeTimeout.isNegative()) {
      throw new IllegalArgumentException("closeTimeout must not be negative, was " + closeTimeout);
    }
    this.closeTimeout = closeTimeout;
  }

  @Override
  public void register(String type, AgentFactory factory) {
    Names.checkAgentType("agent type", type);
    Objects.requireNonNull(factory, "factory");
    checkOpen("register agent type \"" + type + "\"");
    if (factories.putIfAbsent(type, factory) != null) {
      throw DeliveryFailures.alreadyRegistered(type);
    }
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
      dispatchSend(message, recipient, context, reply);
    }
    return cast(reply);
  }

  private void dispatchSend(
      Object message, AgentId recipient, MessageContext context, CompletableFuture<Object> reply) {
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
    lifecycle.readLock().lock();
    try {
      open = !closed;
      Mailbox mailbox = open ? mailbox(recipient) : null;
      if (mailbox != null) {
        mailbox.offer(new Delivery(delivered, context, reply, null, Context.current()));
        return;
      }
    } finally {
      lifecycle.readLock().unlock();
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
        mailbox.offer(new Delivery(delivered, context, null, link, trace));
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
    // close() called by a handler must not wait for that handler to return.
    Thread caller = Thread.currentThread();
    CompletableFuture<?>[] pending =
        all.stream()
            .filter(m -> m.drainer != caller)
            .map(m -> m.terminated)
            .toArray(CompletableFuture<?>[]::new);
    try {
      CompletableFuture.allOf(pending).get(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (ownsExecutor) {
        executor.shutdown();
      }
    } catch (TimeoutException e) {
      String busy =
          all.stream()
              .filter(m -> !m.terminated.isDone() && m.drainer != caller)
              .map(m -> m.id.toString())
              .collect(Collectors.joining(", "));
      LOG.log(
          System.Logger.Level.WARNING,
          "closing the runtime: handlers of "
              + busy
              + " ignored cancellation for "
              + closeTimeout
              + "; interrupting them, and those agents are not closed");
      interruptDrains(all, caller);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      interruptDrains(all, caller);
    } catch (ExecutionException e) {
      // terminated futures only ever complete normally
      throw new IllegalStateException(e);
    }
  }

  /** Interrupts the handlers still running, and only them: the threads may serve other runtimes. */
  private void interruptDrains(List<Mailbox> mailboxes, Thread caller) {
    for (Mailbox mailbox : mailboxes) {
      mailbox.interruptDrain(caller);
    }
    if (ownsExecutor) {
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
   * Call it under the read lock, so no mailbox is made once the runtime is closed.
   */
  private Mailbox mailbox(AgentId id) {
    // get first: computeIfAbsent would allocate its function on every message, not just the first
    Mailbox mailbox = mailboxes.get(id);
    if (mailbox == null) {
      AgentFactory factory = factories.get(id.type());
      if (factory == null) {
        return null;
      }
      mailbox = mailboxes.computeIfAbsent(id, key -> new Mailbox(key, factory));
    }
    return mailbox;
  }

  private void emitFailure(
      AgentId agent, TopicId topic, Object message, AgentException error, String messageId) {
    emit(new AgentFailed(agent, topic, typeName(message), error.getMessage(), messageId));
  }

  private void emit(RuntimeEvent event) {
    listeners.emit(event);
  }

  private AgentException unknownType(AgentId recipient, Object message) {
    return DeliveryFailures.unknownType(recipient, typeName(message), factories.keySet());
  }

  private static String typeName(Object message) {
    return DeliveryFailures.typeName(message);
  }

  private static void cancelQuietly(CancellationToken token) {
    try {
      token.cancel();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a cancellation callback of a handler failed", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <R> CompletableFuture<R> cast(CompletableFuture<Object> future) {
    return (CompletableFuture<R>) (CompletableFuture<?>) future;
  }

  /**
   * The future a send returns. However it completes (the reply, a failure, or a cancellation by
   * whoever holds it) it unties itself from the caller's token, and when it fails or is cancelled
   * it stops the handler too (after the handler itself failed, that is harmless). Overriding the
   * completions does this without a {@code whenComplete} stage per send; {@code completeAsync} and
   * {@code obtrude*} bypass it, and are not for futures a runtime hands out.
   */
  private static final class Reply extends CompletableFuture<Object> {
    private final CancellationToken handlerToken;
    private volatile CancellationToken.Registration link;

    Reply(CancellationToken handlerToken) {
      this.handlerToken = handlerToken;
    }

    /** Ties the reply to the caller's token, through the registration that cancels it. */
    void tieTo(CancellationToken.Registration registration) {
      link = registration;
      if (isDone()) {
        // Completed while the registration was being made, so untie() did not see it.
        registration.close();
      }
    }

    @Override
    public boolean complete(Object value) {
      boolean completed = super.complete(value);
      if (completed) {
        untie();
      }
      return completed;
    }

    @Override
    public boolean completeExceptionally(Throwable error) {
      return stopHandlerIf(super.completeExceptionally(error));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return stopHandlerIf(super.cancel(mayInterruptIfRunning));
    }

    /**
     * Unties the reply and stops the handler if the reply has just failed or been cancelled; a
     * second cancel() returns true again, and repeating this is harmless.
     */
    private boolean stopHandlerIf(boolean failedNow) {
      if (failedNow) {
        untie();
        cancelQuietly(handlerToken);
      }
      return failedNow;
    }

    private void untie() {
      CancellationToken.Registration registration = link;
      if (registration != null) {
        registration.close();
      }
    }
  }

  /** One message on its way to one agent. */
  private static final class Delivery {
    final Object message;
    final MessageContext context;
    final CompletableFuture<Object> reply; // null for a publish
    final CancellationToken.Registration link; // a publish's tie to the caller's token, or null
    // The sender's OpenTelemetry context, current while the handler runs: the one place a trace
    // crosses from the sending thread to the handler's, so the handler's spans are the sender's
    // children. Capturing it is a thread-local read; with no SDK it is the root context.
    final Context trace;

    Delivery(
        Object message,
        MessageContext context,
        CompletableFuture<Object> reply,
        CancellationToken.Registration link,
        Context trace) {
      this.message = message;
      this.context = context;
      this.reply = reply;
      this.link = link;
      this.trace = trace;
    }

    void abort(Throwable error) {
      if (reply != null) {
        reply.completeExceptionally(error);
      }
      cancelQuietly(context.cancellation());
    }

    void finish() {
      if (link != null) {
        link.close();
      }
    }
  }

  /**
   * An agent's queue, and the agent once created. At most one drain task runs per mailbox, guarded
   * by {@code scheduled}; its compare-and-set also publishes {@code agent} from one drain to the
   * next.
   */
  private final class Mailbox implements Runnable {
    final AgentId id;
    final AgentFactory factory;
    final Queue<Delivery> queue = new ConcurrentLinkedQueue<>();
    final AtomicBoolean scheduled = new AtomicBoolean();
    final CompletableFuture<Void> terminated = new CompletableFuture<>();
    volatile Delivery current;
    // The thread running the drain, if any. A field, not a ThreadLocal, which would cost a map
    // entry per drain; close() only compares it with its own thread.
    volatile Thread drainer;
    Agent agent;

    Mailbox(AgentId id, AgentFactory factory) {
      this.id = id;
      this.factory = factory;
    }

    void offer(Delivery delivery) {
      queue.offer(delivery);
      schedule();
    }

    void schedule() {
      if (scheduled.compareAndSet(false, true)) {
        try {
          executor.execute(this);
        } catch (RejectedExecutionException | OutOfMemoryError e) {
          // No thread to drain this mailbox (the JVM or the OS has run out of them): fail what is
          // queued, naming why, rather than leave its senders waiting for ever.
          cannotStart(e);
        }
      }
    }

    private void cannotStart(Throwable error) {
      for (Delivery delivery; (delivery = queue.poll()) != null; ) {
        String messageType = typeName(delivery.message);
        fail(
            delivery,
            new AgentException(
                id,
                messageType,
                "cannot deliver " + messageType + " to agent " + id + ": no thread to run it: " + error,
                error));
        delivery.finish();
      }
      scheduled.set(false);
      // An offer that saw `scheduled` still set relied on this drain: try again for it.
      if (!queue.isEmpty()) {
        schedule();
      }
    }

    /** Called by close() after setting {@code closed}: stop the handler, let the drain wind up. */
    void shutDown() {
      Delivery inFlight = current;
      if (inFlight != null) {
        inFlight.abort(closedBeforeHandled(inFlight));
      }
      schedule();
    }

    /** Interrupts this mailbox's drain if it is still running on a thread other than {@code caller}. */
    synchronized void interruptDrain(Thread caller) {
      Thread thread = drainer;
      if (thread != null && thread != caller) {
        thread.interrupt();
      }
    }

    // Under the monitor, so interruptDrain never reaches a thread that has moved on to other work.
    private synchronized void startDrain() {
      drainer = Thread.currentThread();
    }

    private synchronized void endDrain() {
      // A drain started by the next offer may already have taken over.
      if (drainer == Thread.currentThread()) {
        drainer = null;
      }
      // An interrupt aimed at the handler must not outlive it on a pooled thread.
      Thread.interrupted();
    }

    @Override
    public void run() {
      startDrain();
      try {
        while (true) {
          if (closed) {
            terminate();
          }
          Delivery delivery = queue.poll();
          if (delivery == null) {
            // Let the senders run once before giving the thread back: on a busy machine they are
            // often about to add more, and ending this drain only to start another on their next
            // message costs a thread hand-off each time, which dominated a 10-way publish on JDK
            // 17's pooled platform threads.
            Thread.yield();
            delivery = queue.poll();
          }
          if (delivery == null) {
            scheduled.set(false);
            // Re-check after releasing: an offer (or close) that saw `scheduled` still true relied
            // on this drain to pick its work up.
            boolean more = !queue.isEmpty() || (closed && !terminated.isDone());
            if (!more || !scheduled.compareAndSet(false, true)) {
              return;
            }
            continue;
          }
          deliver(delivery);
        }
      } finally {
        endDrain();
      }
    }

    private void deliver(Delivery delivery) {
      current = delivery;
      try {
        // close() sets `closed` then reads `current`; this writes `current` then reads `closed`,
        // so a delivery taken while the runtime closes is aborted by one side or the other.
        if (closed) {
          delivery.abort(closedBeforeHandled(delivery));
          return;
        }
        handle(delivery);
      } catch (Throwable e) {
        // Only an intervention or listener can get here; the mailbox must keep draining.
        delivery.abort(e);
        LOG.log(System.Logger.Level.WARNING, "delivery to " + id + " failed", e);
      } finally {
        current = null;
        // A handler may have interrupted its own thread through a cancellation hook; the next
        // handler on this thread must start clean.
        Thread.interrupted();
        delivery.finish();
      }
    }

    private void handle(Delivery delivery) {
      MessageContext context = delivery.context;
      String messageType = typeName(delivery.message);
      if (context.cancellation().isCancelled()
          || (delivery.reply != null && delivery.reply.isDone())) {
        // Cancelled while queued: the handler never sees it.
        if (delivery.reply != null) {
          delivery.reply.completeExceptionally(cancelled(delivery, null));
        }
        return;
      }
      Agent target;
      try {
        target = agent();
      } catch (Throwable e) {
        fail(
            delivery,
            DeliveryFailures.factoryFailed(id, messageType, e));
        return;
      }
      Object result;
      try (Scope ignored = delivery.trace.makeCurrent()) {
        result = target.onMessage(delivery.message, context);
      } catch (Throwable e) {
        // Errors too: an agent's AssertionError or StackOverflowError must not wedge its mailbox.
        if (context.cancellation().isCancelled()) {
          // Whatever a handler throws once cancelled (CancelledException, an I/O error from an
          // aborted call, InterruptedException) is the cancellation taking effect, not a failure.
          if (delivery.reply != null) {
            delivery.reply.completeExceptionally(cancelled(delivery, e));
          }
        } else {
          fail(
              delivery,
              DeliveryFailures.handlerFailed(id, messageType, e));
        }
        return;
      }
      if (delivery.reply != null) {
        respond(delivery, result);
      }
    }

    private void respond(Delivery delivery, Object result) {
      AgentId requester = delivery.context.sender();
      Interventions.Verdict verdict;
      try {
        verdict = interventions.onResponse(result, id, requester);
      } catch (RuntimeException e) {
        delivery.reply.completeExceptionally(e);
        return;
      }
      if (verdict.dropped()) {
        emit(
            new MessageDropped(
                Stage.RESPONSE,
                id,
                requester,
                null,
                result == null ? null : typeName(result),
                delivery.context.messageId(),
                verdict.dropper()));
        delivery.reply.completeExceptionally(
            DeliveryFailures.replyDropped(verdict.dropper(), id, typeName(delivery.message)));
        return;
      }
      delivery.reply.complete(verdict.message());
    }

    private Agent agent() throws Exception {
      if (agent == null) {
        Agent created = factory.create(id, InProcessRuntime.this);
        if (created == null) {
          throw DeliveryFailures.factoryReturnedNull(id);
        }
        agent = created;
      }
      return agent;
    }

    private void fail(Delivery delivery, AgentException error) {
      // Listeners hear of it before the sender's future fails, so both views agree.
      emitFailure(
          id, delivery.context.topic(), delivery.message, error, delivery.context.messageId());
      if (delivery.reply != null) {
        delivery.reply.completeExceptionally(error);
      }
    }

    private CancelledException cancelled(Delivery delivery, Throwable cause) {
      CancelledException e = DeliveryFailures.sendCancelled(typeName(delivery.message), id);
      if (cause != null) {
        e.initCause(cause);
      }
      return e;
    }

    private IllegalStateException closedBeforeHandled(Delivery delivery) {
      return DeliveryFailures.closedBeforeHandled(id, typeName(delivery.message));
    }

    /** Fails what is still queued and closes the agent; runs on the drain, after any handler. */
    private void terminate() {
      if (terminated.isDone()) {
        return;
      }
      for (Delivery delivery; (delivery = queue.poll()) != null; ) {
        delivery.abort(closedBeforeHandled(delivery));
        delivery.finish();
      }
      if (agent != null) {
        try {
          agent.close();
        } catch (Throwable e) {
          LOG.log(System.Logger.Level.WARNING, "agent " + id + " failed to close", e);
        }
      }
      terminated.complete(null);
    }
  }
}
