package dev.cadre.core;

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

  private static final Registration NOTHING = () -> {};

  // Registered callbacks in order, as a linked list whose nodes are their registrations: one object
  // per registration, unregistered in constant time (a send registers one and closes it on reply).
  private Node first; // guarded by this
  private Node last; // guarded by this
  private volatile boolean cancelled;

  /** A fresh token that has not been cancelled. */
  public CancellationToken() {}

  /** A token nobody will cancel, for callers that have no use for cancellation. */
  public static CancellationToken none() {
    return new CancellationToken();
  }

  /** Cancels the token and runs every registered callback once. Later calls do nothing. */
  public void cancel() {
    Node toRun;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toRun = first;
      // Unlinked under the lock, so a registration closed from here on leaves the list alone.
      for (Node node = first; node != null; node = node.next) {
        node.linked = false;
      }
      first = null;
      last = null;
    }
    RuntimeException failure = null;
    for (Node node = toRun; node != null; node = node.next) {
      try {
        node.callback.run();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Whether the token was cancelled. */
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
    synchronized (this) {
      if (!cancelled) {
        Node node = new Node(this, callback);
        node.prev = last;
        if (last == null) {
          first = node;
        } else {
          last.next = node;
        }
        last = node;
        return node;
      }
    }
    callback.run();
    return NOTHING;
  }

  /** Throws {@link CancelledException} if the token has been cancelled. */
  public void throwIfCancelled() {
    if (cancelled) {
      throw new CancelledException("cancelled");
    }
  }

  private void unlink(Node node) {
    synchronized (this) {
      if (!node.linked) {
        return;
      }
      node.linked = false;
      if (node.prev == null) {
        first = node.next;
      } else {
        node.prev.next = node.next;
      }
      if (node.next == null) {
        last = node.prev;
      } else {
        node.next.prev = node.prev;
      }
      node.prev = null;
      node.next = null;
    }
  }

  /** A registered callback, and the handle that unregisters it. */
  private static final class Node implements Registration {
    final CancellationToken token;
    final Runnable callback;
    Node prev; // guarded by token
    Node next; // guarded by token
    boolean linked = true; // guarded by token

    Node(CancellationToken token, Runnable callback) {
      this.token = token;
      this.callback = callback;
    }

    @Override
    public void close() {
      token.unlink(this);
    }
  }

  /** Unregisters a cancellation callback; closing twice is harmless. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
