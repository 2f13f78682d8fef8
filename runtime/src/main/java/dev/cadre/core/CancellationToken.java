package dev.cadre.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cancels work in flight: a model call, a tool, a message being handled.
 *
 * <p>Whoever starts the work registers how to stop it with {@link #onCancel(Runnable)} (an HTTP
 * client cancels its call, a tool runner interrupts its thread); whoever wants it stopped calls
 * {@link #cancel()}. A callback registered after cancellation runs at once, so no race can lose it.
 * One token may be shared by everything a run does.
 */
public final class CancellationToken {

  private final Object lock = new Object();
  // Made on the first registration: most tokens (one per message) never get a callback.
  private List<Runnable> callbacks; // guarded by lock
  private volatile boolean cancelled;

  /** A fresh token that has not been cancelled. */
  public CancellationToken() {}

  /** A token nobody will cancel, for callers that have no use for cancellation. */
  public static CancellationToken none() {
    return new CancellationToken();
  }

  /** Cancels the token and runs every registered callback once. Later calls do nothing. */
  public void cancel() {
    List<Runnable> toRun;
    synchronized (lock) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toRun = callbacks == null ? List.of() : callbacks;
      callbacks = null;
    }
    RuntimeException first = null;
    for (Runnable callback : toRun) {
      try {
        callback.run();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  public boolean isCancelled() {
    return cancelled;
  }

  /**
   * Runs {@code callback} when the token is cancelled, or now if it already is.
   *
   * @return a handle that unregisters the callback, for work that finished first
   */
  public Registration onCancel(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    synchronized (lock) {
      if (!cancelled) {
        if (callbacks == null) {
          callbacks = new ArrayList<>(2);
        }
        callbacks.add(callback);
        return () -> {
          synchronized (lock) {
            if (callbacks != null) {
              callbacks.remove(callback);
            }
          }
        };
      }
    }
    callback.run();
    return () -> {};
  }

  /** Throws {@link CancelledException} if the token has been cancelled. */
  public void throwIfCancelled() {
    if (cancelled) {
      throw new CancelledException("cancelled");
    }
  }

  /** Unregisters a cancellation callback; closing twice is harmless. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
