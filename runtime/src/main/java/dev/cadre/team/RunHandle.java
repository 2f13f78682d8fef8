package dev.cadre.team;

import dev.cadre.core.CancellationToken;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One run of a {@link Team} as its caller sees it: the listener its events go to, its
 * cancellation, what failed it when it failed in this process, and the future of its result. The
 * result is the run's Finished event when the run publishes events, else the manager's reply; a
 * result whose stop is a failure completes the future with a {@link TeamRunException}.
 */
final class RunHandle {
  final String team;
  final String runId;
  final Consumer<TeamEvent> listener;
  final CancellationToken cancellation = new CancellationToken();
  final CompletableFuture<TaskResult> future = new CompletableFuture<>();
  // What failed the run, when it failed in this process.
  final AtomicReference<Throwable> cause = new AtomicReference<>();
  // Frees the team for its next run, before the caller learns that this one ended.
  volatile Runnable onEnd = () -> {};

  /** @param listener where the run's events go; null when the run publishes none */
  RunHandle(String team, String runId, Consumer<TeamEvent> listener) {
    this.team = team;
    this.runId = runId;
    this.listener = listener;
  }

  /** Hands the listener one of the run's events; the Finished event ends the run. */
  void deliver(TeamEvent event) {
    try {
      listener.accept(event);
    } finally {
      if (event instanceof TeamEvent.Finished finished) {
        onEnd.run();
        complete(finished.result());
      }
    }
  }

  /** Ends the run with the manager's reply, when no events were published. */
  void succeed(TaskResult result) {
    onEnd.run();
    complete(result);
  }

  private void complete(TaskResult result) {
    if (result.stop().kind() == StopReason.Kind.FAILED) {
      // The manager reports a failure as data, so it crosses processes; here it is thrown.
      future.completeExceptionally(new TeamRunException(team, result, cause.get()));
    } else {
      future.complete(result);
    }
  }

  /** Ends the run with an exception that the run did not report as data. */
  void fail(Throwable error) {
    onEnd.run();
    future.completeExceptionally(error);
  }
}
