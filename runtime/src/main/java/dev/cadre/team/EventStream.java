package dev.cadre.team;

import dev.cadre.core.CancelledException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A run's events as a blocking {@link Stream}, for {@link Team#stream}: the run's listener queues
 * each event, and the stream takes them in order, waiting for the next. It ends after the run's
 * Finished event, or, when the run failed, with the run's exception in its place. Closing the
 * stream cancels the run if it is still going.
 */
final class EventStream {

  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final String team;
  private final Runnable cancel;
  private final Function<Throwable, RuntimeException> rethrow;

  /**
   * @param cancel cancels the team's run
   * @param rethrow what the caller is to throw for the exception that failed the run
   */
  EventStream(String team, Runnable cancel, Function<Throwable, RuntimeException> rethrow) {
    this.team = team;
    this.cancel = cancel;
    this.rethrow = rethrow;
  }

  /** The run's listener: {@code listener} hears each event, then the stream gets it. */
  Consumer<TeamEvent> listener(Consumer<TeamEvent> listener) {
    return event -> {
      listener.accept(event);
      // A failed run's stream ends with its exception, not with its end.
      if (!failed(event)) {
        queue.add(event);
      }
    };
  }

  /** The events of {@code run}, the run that {@link #listener} listens to. */
  Stream<TeamEvent> of(CompletableFuture<TaskResult> run) {
    run.whenComplete(
        (result, error) -> {
          if (error != null) {
            queue.add(new Failed(error));
          }
        });
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(new Events(), Spliterator.ORDERED), false)
        .onClose(
            () -> {
              if (!run.isDone()) {
                cancel.run();
              }
            });
  }

  private static boolean failed(TeamEvent event) {
    return event instanceof TeamEvent.Finished finished
        && finished.result().stop().kind() == StopReason.Kind.FAILED;
  }

  /** Marks the end of a failed run in the queue. */
  private record Failed(Throwable error) {}

  /** Reads the run's events from the queue until the last one. */
  private final class Events implements Iterator<TeamEvent> {
    private Object next;
    private boolean ended;

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      if (ended) {
        return false;
      }
      try {
        next = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancel.run();
        throw new CancelledException("interrupted while reading team '" + team + "' events");
      }
      if (next instanceof Failed failed) {
        ended = true;
        next = null;
        throw rethrow.apply(failed.error());
      }
      return true;
    }

    @Override
    public TeamEvent next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      TeamEvent event = (TeamEvent) next;
      next = null;
      if (event instanceof TeamEvent.Finished) {
        ended = true;
      }
      return event;
    }
  }
}
