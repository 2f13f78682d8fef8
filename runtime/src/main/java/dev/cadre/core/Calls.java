package dev.cadre.core;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Waits for a send's reply as {@link AgentRuntime#call} does: the failure thrown as it is. */
final class Calls {

  private Calls() {}

  /**
   * The reply, or its failure thrown unwrapped; a caller interrupted while it waits cancels the
   * send, so its handler is told.
   */
  @SuppressWarnings("unchecked")
  static <R> R await(CompletableFuture<?> reply) throws InterruptedException {
    try {
      return (R) reply.get();
    } catch (ExecutionException | CancellationException e) {
      throw failureOf(reply);
    } catch (InterruptedException e) {
      reply.cancel(true);
      throw e;
    }
  }

  /** What a completed, failed future failed with; get() rewraps a cancellation on JDK 23+. */
  private static RuntimeException failureOf(CompletableFuture<?> reply) {
    Throwable stored = reply.handle((value, error) -> error).getNow(null);
    while (stored instanceof CompletionException && stored.getCause() != null) {
      stored = stored.getCause();
    }
    if (stored instanceof RuntimeException runtimeException) {
      return runtimeException;
    }
    if (stored instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(String.valueOf(stored), stored);
  }
}
