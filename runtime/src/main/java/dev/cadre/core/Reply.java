package dev.cadre.core;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The future an in-process send returns. However it completes (the reply, a failure, or a
 * cancellation by whoever holds it) it unties itself from the caller's token, and when it fails or
 * is cancelled it stops the handler too (after the handler itself failed, that is harmless).
 * Overriding the completions does this without a {@code whenComplete} stage per send; {@code
 * completeAsync} and {@code obtrude*} bypass it, and are not for futures a runtime hands out.
 */
final class Reply extends CompletableFuture<Object> {

  private static final Logger LOG = LoggerFactory.getLogger(Reply.class);

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
   * Unties the reply and stops the handler if the reply has just failed or been cancelled; a second
   * cancel() returns true again, and repeating this is harmless.
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

  /** Cancels {@code token}, logging what its callbacks throw: a handler's hook must not stop us. */
  static void cancelQuietly(CancellationToken token) {
    try {
      token.cancel();
    } catch (RuntimeException e) {
      LOG.warn("a cancellation callback of a handler failed", e);
    }
  }
}
