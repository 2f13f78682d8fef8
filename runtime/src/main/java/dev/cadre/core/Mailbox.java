package dev.cadre.core;

import dev.cadre.core.RuntimeEvent.MessageDropped;
import dev.cadre.core.RuntimeEvent.Stage;
import io.opentelemetry.context.Scope;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent of an {@link InProcessRuntime}: the agent, made on its first message, and its two
 * lanes, one for its messages and one for its control messages. Each lane is drained by one task
 * at a time on the runtime's executor, or by a caller that claims it while it is idle, so the
 * agent handles one message a lane at a time, in arrival order. The mailbox terminates (and
 * closes the agent) once both lanes have, after the runtime closed or the type was unregistered.
 */
final class Mailbox {

  // The runtime's logger: what goes wrong in a mailbox is the runtime's to report.
  private static final Logger LOG = LoggerFactory.getLogger(InProcessRuntime.class);

  final AgentId id;
  final AgentFactory factory;
  private final InProcessRuntime runtime;
  final Drain messages = new Drain(this, false);
  final Drain controls = new Drain(this, true);
  final CompletableFuture<Void> terminated = new CompletableFuture<>();
  private final AtomicInteger lanesOpen = new AtomicInteger(2);
  // Made by whichever lane needs it first; read without a lock once made.
  private volatile Agent agent;
  // Set under the write lock when the type is unregistered; read by the drains.
  volatile boolean retired;

  Mailbox(AgentId id, AgentFactory factory, InProcessRuntime runtime) {
    this.id = id;
    this.factory = factory;
    this.runtime = runtime;
  }

  boolean stopping() {
    return runtime.closed() || retired;
  }

  /** Whether {@code thread} is running one of this agent's handlers. */
  boolean drainedBy(Thread thread) {
    return messages.drainer == thread || controls.drainer == thread;
  }

  /** After close() or unregister(): stop the handlers, let the lanes wind up. */
  void shutDown() {
    messages.shutDown();
    controls.shutDown();
  }

  Agent agent() throws Exception {
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
        agent = created;
      }
      return agent;
    }
  }

  /** A lane has terminated: the last one closes the agent, after both lanes' last handlers. */
  void laneTerminated() {
    if (lanesOpen.decrementAndGet() > 0) {
      return;
    }
    Agent made = agent;
    if (made != null) {
      try {
        made.close();
      } catch (Throwable e) {
        LOG.warn("agent " + id + " failed to close", e);
      }
    }
    terminated.complete(null);
  }

  RuntimeException stoppedBeforeHandled(Delivery delivery) {
    String messageType = typeName(delivery.message);
    return runtime.closed()
        ? DeliveryFailures.closedBeforeHandled(id, messageType)
        : DeliveryFailures.unregisteredBeforeHandled(id, messageType);
  }

  /**
   * One lane of a mailbox: its queue, drained by one task at a time, guarded by {@code scheduled};
   * its compare-and-set also publishes what one drain leaves to the next.
   */
  static final class Drain implements Runnable {
    final Mailbox box;
    final boolean control;
    final Queue<Delivery> queue = new ConcurrentLinkedQueue<>();
    final AtomicBoolean scheduled = new AtomicBoolean();
    volatile Delivery current;
    // The thread running the drain, if any. A field, not a ThreadLocal, which would cost a map
    // entry per drain; close() only compares it with its own thread.
    volatile Thread drainer;
    private boolean done; // drain only: the lane has terminated

    Drain(Mailbox box, boolean control) {
      this.box = box;
      this.control = control;
    }

    void offer(Delivery delivery) {
      queue.offer(delivery);
      schedule();
    }

    void schedule() {
      if (scheduled.compareAndSet(false, true)) {
        start();
      }
    }

    /** Claims the idle lane for the calling thread, as a drain task would claim it. */
    boolean claim() {
      return scheduled.compareAndSet(false, true);
    }

    private void start() {
      try {
        box.runtime.executor().execute(this);
      } catch (RejectedExecutionException | OutOfMemoryError e) {
        // No thread to drain this lane (the JVM or the OS has run out of them): fail what is
        // queued, naming why, rather than leave its senders waiting for ever.
        cannotStart(e);
      }
    }

    private void cannotStart(Throwable error) {
      for (Delivery delivery; (delivery = queue.poll()) != null; ) {
        String messageType = typeName(delivery.message);
        fail(
            delivery,
            new AgentException(
                box.id,
                messageType,
                "cannot deliver "
                    + messageType
                    + " to agent "
                    + box.id
                    + ": no thread to run it: "
                    + error,
                error));
        delivery.finish();
      }
      scheduled.set(false);
      // An offer that saw `scheduled` still set relied on this drain: try again for it.
      if (!queue.isEmpty()) {
        schedule();
      }
    }

    /**
     * Called after the runtime closed or the type was unregistered: stops the handler in flight,
     * and lets the drain wind the lane up; an idle lane is wound up here and now, which spares a
     * thread for a lane with nothing to do.
     */
    void shutDown() {
      Delivery inFlight = current;
      if (inFlight != null) {
        inFlight.abort(box.stoppedBeforeHandled(inFlight));
      }
      if (claim()) {
        try {
          terminate();
        } finally {
          scheduled.set(false);
        }
      }
    }

    /** Interrupts this lane's drain if it still runs on a thread other than {@code caller}. */
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

    private synchronized void endDrain(boolean pooled) {
      // A drain started by the next offer may already have taken over.
      if (drainer == Thread.currentThread()) {
        drainer = null;
      }
      if (pooled) {
        // An interrupt aimed at the handler must not outlive it on a pooled thread.
        Thread.interrupted();
      }
    }

    @Override
    public void run() {
      startDrain();
      try {
        while (true) {
          if (box.stopping()) {
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
            // Re-check after releasing: an offer (or a close) that saw `scheduled` still true
            // relied on this drain to pick its work up.
            if (!hasWork() || !scheduled.compareAndSet(false, true)) {
              return;
            }
            continue;
          }
          deliver(delivery);
        }
      } finally {
        endDrain(true);
      }
    }

    /**
     * Handles {@code mine} on the calling thread, which has claimed the lane; messages queued
     * before it go first. Whatever arrives meanwhile is left to a drain of the shared executor.
     */
    void drainOnCaller(Delivery mine) {
      startDrain();
      try {
        if (box.stopping()) {
          queue.offer(mine);
          terminate();
          return;
        }
        if (queue.isEmpty()) {
          deliver(mine);
          return;
        }
        queue.offer(mine);
        for (Delivery delivery; (delivery = queue.poll()) != null; ) {
          if (box.stopping()) {
            queue.offer(delivery); // fails with the rest, in terminate()
            terminate();
            return;
          }
          deliver(delivery);
          if (delivery == mine) {
            return;
          }
        }
      } finally {
        // The interrupt status is the caller's again: deliver() cleared what the handler left.
        endDrain(false);
        scheduled.set(false);
        if (hasWork() && scheduled.compareAndSet(false, true)) {
          start();
        }
      }
    }

    private boolean hasWork() {
      return !queue.isEmpty() || (box.stopping() && !done);
    }

    private void deliver(Delivery delivery) {
      current = delivery;
      try {
        // close() sets `closed` then reads `current`; this writes `current` then reads `closed`,
        // so a delivery taken while the runtime closes is aborted by one side or the other.
        if (box.stopping()) {
          delivery.abort(box.stoppedBeforeHandled(delivery));
          return;
        }
        handle(delivery);
      } catch (Throwable e) {
        // Only an intervention or listener can get here; the lane must keep draining.
        delivery.abort(e);
        LOG.warn("delivery to " + box.id + " failed", e);
      } finally {
        current = null;
        // A handler may have interrupted its own thread through a cancellation hook; the next
        // handler on this thread, or the caller it ran for, must start clean.
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
        target = box.agent();
      } catch (Throwable e) {
        fail(delivery, DeliveryFailures.factoryFailed(box.id, messageType, e));
        return;
      }
      Object result;
      try (Scope ignored = delivery.trace.makeCurrent()) {
        result =
            control
                ? target.onControl(delivery.message, context)
                : target.onMessage(delivery.message, context);
      } catch (Throwable e) {
        // Errors too: an agent's AssertionError or StackOverflowError must not wedge its mailbox.
        if (context.cancellation().isCancelled()) {
          // Whatever a handler throws once cancelled (CancelledException, an I/O error from an
          // aborted call, InterruptedException) is the cancellation taking effect, not a failure.
          if (delivery.reply != null) {
            delivery.reply.completeExceptionally(cancelled(delivery, e));
          }
        } else {
          fail(delivery, DeliveryFailures.handlerFailed(box.id, messageType, e));
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
        verdict = box.runtime.interventions().onResponse(result, box.id, requester);
      } catch (RuntimeException e) {
        delivery.reply.completeExceptionally(e);
        return;
      }
      if (verdict.dropped()) {
        box.runtime.emit(
            new MessageDropped(
                Stage.RESPONSE,
                box.id,
                requester,
                null,
                result == null ? null : typeName(result),
                delivery.context.messageId(),
                verdict.dropper()));
        delivery.reply.completeExceptionally(
            DeliveryFailures.replyDropped(verdict.dropper(), box.id, typeName(delivery.message)));
        return;
      }
      delivery.reply.complete(verdict.message());
    }

    private void fail(Delivery delivery, AgentException error) {
      // Listeners hear of it before the sender's future fails, so both views agree.
      box.runtime.emitFailure(
          box.id, delivery.context.topic(), delivery.message, error, delivery.context.messageId());
      if (delivery.reply != null) {
        delivery.reply.completeExceptionally(error);
      }
    }

    private CancelledException cancelled(Delivery delivery, Throwable cause) {
      CancelledException e = DeliveryFailures.sendCancelled(typeName(delivery.message), box.id);
      if (cause != null) {
        e.initCause(cause);
      }
      return e;
    }

    /**
     * Fails what is still queued and tells the mailbox the lane is done; runs on the drain (or on
     * whoever claimed the idle lane), after any handler.
     */
    private void terminate() {
      if (done) {
        return;
      }
      done = true;
      for (Delivery delivery; (delivery = queue.poll()) != null; ) {
        RuntimeException error = box.stoppedBeforeHandled(delivery);
        if (error instanceof AgentException unregistered && delivery.reply == null) {
          // A publish has no sender to tell; listeners hear of it, as of any failed publish.
          box.runtime.emitFailure(
              box.id,
              delivery.context.topic(),
              delivery.message,
              unregistered,
              delivery.context.messageId());
        }
        delivery.abort(error);
        delivery.finish();
      }
      box.laneTerminated();
    }
  }

  private static String typeName(Object message) {
    return DeliveryFailures.typeName(message);
  }
}
