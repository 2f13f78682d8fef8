package dev.cadre.benchmarks.floor;

import dev.cadre.benchmarks.Messaging;
import dev.cadre.benchmarks.Tally;
import dev.cadre.core.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The floor for message passing: hand-written actors with nothing but what an actor needs. Each
 * has a {@link ConcurrentLinkedQueue} mailbox drained by at most one task at a time on an executor
 * from {@link Threads#newExecutor} (the kind Cadre's runtime uses), and a send replies through a
 * {@link CompletableFuture}. No ids, lookups, interventions, listeners, cancellation or closing
 * protocol; a publish is a loop over a hand-wired list of subscribers.
 */
public final class FloorMessaging implements Messaging {

  private final ExecutorService executor = Threads.newExecutor("floor-actor");
  private final Actor echo = new Actor(message -> message);
  private final List<Actor> subscribers = new ArrayList<>();

  public FloorMessaging(Tally tally) {
    for (int i = 0; i < SUBSCRIBERS; i++) {
      int index = i;
      subscribers.add(
          new Actor(
              message -> {
                tally.handled(index, message);
                return null;
              }));
    }
  }

  @Override
  public String name() {
    return "floor";
  }

  @Override
  public CompletableFuture<Object> send(Object message) {
    CompletableFuture<Object> reply = new CompletableFuture<>();
    echo.offer(new Envelope(message, reply));
    return reply;
  }

  @Override
  public void publish(Object message) {
    for (Actor subscriber : subscribers) {
      subscriber.offer(new Envelope(message, null));
    }
  }

  @Override
  public void close() {
    executor.shutdown();
  }

  /** A message and where its reply goes; {@code reply} is null for a publish. */
  private record Envelope(Object message, CompletableFuture<Object> reply) {}

  private final class Actor implements Runnable {
    private final Function<Object, Object> behaviour;
    private final Queue<Envelope> mailbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    Actor(Function<Object, Object> behaviour) {
      this.behaviour = behaviour;
    }

    void offer(Envelope envelope) {
      mailbox.offer(envelope);
      if (scheduled.compareAndSet(false, true)) {
        executor.execute(this);
      }
    }

    @Override
    public void run() {
      while (true) {
        Envelope envelope = mailbox.poll();
        if (envelope == null) {
          scheduled.set(false);
          // An offer that saw `scheduled` still true left its message to this drain.
          if (mailbox.isEmpty() || !scheduled.compareAndSet(false, true)) {
            return;
          }
          continue;
        }
        try {
          Object result = behaviour.apply(envelope.message());
          if (envelope.reply() != null) {
            envelope.reply().complete(result);
          }
        } catch (RuntimeException e) {
          if (envelope.reply() != null) {
            envelope.reply().completeExceptionally(e);
          }
        }
      }
    }
  }
}
