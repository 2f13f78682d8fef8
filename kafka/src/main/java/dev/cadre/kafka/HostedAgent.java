package dev.cadre.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Agent;
import dev.cadre.core.AgentException;
import dev.cadre.core.AgentId;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.DeliveryFailures;
import dev.cadre.core.Interventions;
import dev.cadre.core.Json;
import dev.cadre.core.MessageContext;
import dev.cadre.core.RuntimeEvent.MessageDropped;
import dev.cadre.core.RuntimeEvent.Stage;
import dev.cadre.core.Threads;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent of a {@link TypeHost}'s assigned partitions, in this process: its two lanes (messages,
 * and control messages beside them), the agent once made (restored from its stored state before its
 * first message), the outcomes it remembers, and the handling of each message up to the write that
 * acknowledges it.
 */
final class HostedAgent {
  private static final Logger LOG = LoggerFactory.getLogger(TypeHost.class);

  private final TypeHost host;
  private final KafkaAgentRuntime runtime;
  final AgentId id;
  final PartitionWork work;
  final Lane messages = new Lane(false);
  final Lane controls = new Lane(true);
  // As stored on the state topic; read only when a message comes again (rarely), so a worker
  // taking a partition over does not parse every outcome there before it handles anything.
  final Map<String, byte[]> outcomes = new LinkedHashMap<>(); // drain only
  private JsonNode restoredState; // guarded by this
  // Made by whichever lane needs it first, under this object's monitor; read without it once made.
  private volatile Agent agent;
  volatile boolean stopped;
  private boolean agentClosed; // guarded by this

  HostedAgent(TypeHost host, AgentId id, PartitionWork work) {
    this.host = host;
    this.runtime = host.runtime();
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

  /** Called by a drain that ends because this agent stopped, after it released its lane. */
  private void stoppedDrainEnded() {
    if (work.revoked || host.closing()) {
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

  /** One of this agent's queues, drained by one task at a time on the shared executor. */
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
          PartitionWriter commit = delivery.commitHeld;
          if (commit == null) {
            continue;
          }
          delivery.commitHeld = null;
          if (!queue.isEmpty() || stopped) {
            // More to handle: handled while the committer commits, they share the next commit.
            commit.handOverCommit();
            continue;
          }
          // The lane lets go first, so a message that comes during the commit is handled beside
          // it (on another thread) and joins the next commit; this thread then commits, with no
          // hand-off between the handler's last write and its commit.
          drainer = null;
          scheduled.set(false);
          commit.commitHeld();
          if (stopped || queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
            return;
          }
          drainer = Thread.currentThread();
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
    TypeHost.Outcome outcome;
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
      outcome = TypeHost.Outcome.CANCELLED;
    } else {
      runtime.emitFailure(id, null, messageType, error, envelope.id());
      if (runtime.nodeId().equals(envelope.replyTo())) {
        runtime.replies().attachCause(envelope.correlation(), failure);
      }
      outcome = failure("agent", error.getMessage(), failure);
    }
    writeThenAcknowledge(
        delivery,
        outcome == TypeHost.Outcome.CANCELLED
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
    PartitionWriter.HeldWrite last =
        writer.writeHoldingCommit(
            records, () -> delivery.work.acknowledged(delivery.offset), step);
    if (last.commitHeld()) {
      delivery.commitHeld = writer; // made by the lane once it has let go of the agent
    }
    last.written()
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
      finish(delivery, TypeHost.Outcome.CANCELLED, null, false);
      return;
    }
    TypeHost.Outcome prior = priorOutcome(envelope.id());
    // A cancelled outcome only says a sender gave up: a copy of the message that arrives later,
    // from a re-run of the sending handler that still waits for it, is handled.
    if (prior != null && !TypeHost.Outcome.CANCELLED.kind().equals(prior.kind())) {
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
      AgentException error =
          new AgentException(
              id, messageType, "agent " + id + " cannot read its message: " + e.getMessage(), e);
      fail(delivery, error, e);
      return;
    }
    MessageContext context =
        new MessageContext(
            envelope.sender(), envelope.topic(), envelope.rpc(), envelope.id(), delivery.token);
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
        finish(delivery, TypeHost.Outcome.CANCELLED, target, false);
      } else {
        fail(delivery, DeliveryFailures.handlerFailed(id, messageType, failure), failure);
      }
      return;
    }
    if (!envelope.rpc()) {
      finish(delivery, TypeHost.Outcome.DONE, target, false);
      return;
    }
    finish(delivery, respond(envelope, result), target, true);
  }

  private TypeHost.Outcome respond(Envelope envelope, Object result) {
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
      return new TypeHost.Outcome(
          "failure",
          null,
          new Envelope.Failure(
              "dropped",
              DeliveryFailures.replyDropped(verdict.dropper(), id, envelope.messageType())
                  .getMessage(),
              null,
              null));
    }
    try {
      return new TypeHost.Outcome("value", runtime.codec().write(verdict.message()), null);
    } catch (RuntimeException e) {
      AgentException error =
          new AgentException(
              id,
              envelope.messageType(),
              "agent " + id + " replied to " + envelope.messageType()
                  + " with a value that cannot be sent: " + e.getMessage(),
              e);
      return failure("agent", error.getMessage(), e);
    }
  }

  private void fail(Delivery delivery, AgentException error, Throwable cause) {
    Envelope envelope = delivery.envelope;
    runtime.emitFailure(id, envelope.topic(), envelope.messageType(), error, envelope.id());
    if (envelope.rpc() && runtime.nodeId().equals(envelope.replyTo())) {
      runtime.replies().attachCause(envelope.correlation(), cause);
    }
    finish(delivery, failure("agent", error.getMessage(), cause), agent, envelope.rpc());
  }

  private TypeHost.Outcome failure(String kind, String message, Throwable cause) {
    return new TypeHost.Outcome(
        "failure",
        null,
        new Envelope.Failure(kind, message, cause.getClass().getName(), cause.getMessage()));
  }

  private Agent agent() throws Exception {
    Agent made = agent;
    if (made != null) {
      return made;
    }
    synchronized (this) {
      if (agent == null) {
        Agent created = host.factory().create(id, runtime);
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
  private TypeHost.Outcome priorOutcome(String id) {
    byte[] stored = outcomes.get(id);
    if (stored == null) {
      return null;
    }
    try {
      return Json.mapper().readValue(stored, TypeHost.Outcome.class);
    } catch (IOException e) {
      LOG.warn("the stored outcome of message " + id + " to " + this.id + " is unreadable, so the"
              + " message is handled as new: " + e);
      return null;
    }
  }

  /** Stores the outcome (and the agent's state), then replies, then acknowledges. */
  private void finish(Delivery delivery, TypeHost.Outcome outcome, Agent target, boolean reply) {
    Envelope envelope = delivery.envelope;
    byte[] outcomeBytes = StoredAgents.bytes(Json.mapper().valueToTree(outcome));
    outcomes.put(envelope.id(), outcomeBytes);
    String evicted = null;
    if (outcomes.size() > TypeHost.OUTCOME_WINDOW) {
      Iterator<String> oldest = outcomes.keySet().iterator();
      evicted = oldest.next();
      oldest.remove();
    }
    String stateTopic = runtime.config().stateTopic(host.type());
    int partition = delivery.work.tp.partition();
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>(4);
    if (!host.local()) {
      records.add(
          new ProducerRecord<>(
              stateTopic,
              partition,
              StoredAgents.outcomeKey(envelope.id(), id.key()),
              outcomeBytes));
      if (evicted != null) {
        records.add(
            new ProducerRecord<>(
              stateTopic, partition, StoredAgents.outcomeKey(evicted, id.key()), null));
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
    writeThenAcknowledge(delivery, records, host.local() ? null : FaultPoints.WRITTEN);
  }

  private void replyThenAcknowledge(Delivery delivery, TypeHost.Outcome outcome) {
    writeThenAcknowledge(
        delivery,
        delivery.envelope.rpc() && !"cancelled".equals(outcome.kind())
            ? List.of(runtime.replyRecord(delivery.envelope, id, outcome))
            : List.of());
  }

static void cancelQuietly(CancellationToken token) {
  try {
    token.cancel();
  } catch (RuntimeException e) {
    LOG.warn("a cancellation callback of a handler failed", e);
  }
}
}
