package dev.cadre.core.contract;

import static dev.cadre.core.contract.TestAgents.TIMEOUT_SECONDS;
import static dev.cadre.core.contract.TestAgents.await;
import static dev.cadre.core.contract.TestAgents.failure;
import static dev.cadre.core.contract.TestAgents.flush;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.AgentId;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.TopicId;
import dev.cadre.core.TypeSubscription;
import dev.cadre.core.contract.TestAgents.Flush;
import dev.cadre.core.contract.TestAgents.Note;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cancellation of sends and publishes through the caller's token or the returned future: the
 * handler's token is cancelled, and a cancellation is not reported as a failure.
 */
public abstract class CancellationContract extends RuntimeContract {

  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AgentId slow = new AgentId("slow", "s");

  /**
   * An agent whose "wait" message blocks until its token is cancelled, like a model call that
   * honours cancellation; it keeps every message it handles and answers {@link Flush} with them.
   */
  @BeforeEach
  void registerSlowAgent() {
    runtime.register(
        "slow",
        (id, rt) -> {
          List<Object> handled = new ArrayList<>();
          return (message, context) -> {
            if (message instanceof Flush) {
              return List.copyOf(handled);
            }
            handled.add(message);
            if (message.equals(new Note("wait"))) {
              started.countDown();
              CountDownLatch cancelled = new CountDownLatch(1);
              context.cancellation().onCancel(cancelled::countDown);
              if (!cancelled.await(TIMEOUT_SECONDS, SECONDS)) {
                return "never cancelled";
              }
              stopped.countDown();
              context.cancellation().throwIfCancelled();
            }
            return "done";
          };
        });
  }

  @Test
  void cancellingTheCallersTokenStopsTheHandler() throws Exception {
    CancellationToken token = new CancellationToken();
    CompletableFuture<String> reply = runtime.send(new Note("wait"), slow, null, token);
    assertThat(started.await(TIMEOUT_SECONDS, SECONDS)).isTrue();

    token.cancel();

    assertThat(stopped.await(TIMEOUT_SECONDS, SECONDS)).isTrue();
    assertThat(failure(reply))
        .isInstanceOf(CancelledException.class)
        .hasMessage("the send of " + Note.class.getName() + " to slow/s was cancelled");
    // The agent is free again, and a cancellation is not reported as a failure.
    assertThat(flush(runtime, slow)).containsExactly(new Note("wait"));
    assertThat(events.drain()).isEmpty();
  }

  @Test
  void cancellingTheReturnedFutureStopsTheHandlerButNotTheCallersToken() throws Exception {
    CancellationToken token = new CancellationToken();
    CompletableFuture<String> reply = runtime.send(new Note("wait"), slow, null, token);
    assertThat(started.await(TIMEOUT_SECONDS, SECONDS)).isTrue();

    reply.cancel(true);

    assertThat(stopped.await(TIMEOUT_SECONDS, SECONDS)).isTrue();
    assertThat(reply).isCancelled();
    assertThat(token.isCancelled()).isFalse();
    assertThat(flush(runtime, slow)).containsExactly(new Note("wait"));
  }

  @Test
  void cancellingTheFutureOfASendWithoutATokenStopsTheHandler() throws Exception {
    CompletableFuture<String> reply = runtime.send(new Note("wait"), slow);
    assertThat(started.await(TIMEOUT_SECONDS, SECONDS)).isTrue();

    reply.cancel(true);

    assertThat(stopped.await(TIMEOUT_SECONDS, SECONDS)).isTrue();
    assertThat(flush(runtime, slow)).containsExactly(new Note("wait"));
  }

  @Test
  void failingTheReturnedFutureStopsTheHandler() throws Exception {
    CancellationToken token = new CancellationToken();
    CompletableFuture<String> reply = runtime.send(new Note("wait"), slow, null, token);
    assertThat(started.await(TIMEOUT_SECONDS, SECONDS)).isTrue();

    reply.completeExceptionally(new IllegalStateException("gave up"));

    assertThat(stopped.await(TIMEOUT_SECONDS, SECONDS)).isTrue();
    assertThat(failure(reply)).hasMessage("gave up");
    assertThat(token.isCancelled()).isFalse();
  }

  @Test
  void aSendWhoseTokenIsAlreadyCancelledFailsAtOnceAndIsNeverHandled() throws Exception {
    CancellationToken token = new CancellationToken();
    token.cancel();

    CompletableFuture<String> reply = runtime.send(new Note("never"), slow, null, token);

    assertThat(failure(reply)).isInstanceOf(CancelledException.class);
    assertThat(flush(runtime, slow)).isEmpty();
  }

  @Test
  void aSendCancelledWhileQueuedIsNeverHandled() throws Exception {
    CancellationToken first = new CancellationToken();
    CompletableFuture<String> busy = runtime.send(new Note("wait"), slow, null, first);
    assertThat(started.await(TIMEOUT_SECONDS, SECONDS)).isTrue();
    CancellationToken second = new CancellationToken();
    CompletableFuture<String> queued = runtime.send(new Note("queued"), slow, null, second);

    second.cancel();
    first.cancel();

    assertThatThrownBy(() -> await(queued)).isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> await(busy)).isInstanceOf(CancellationException.class);
    assertThat(flush(runtime, slow)).containsExactly(new Note("wait"));
  }

  @Test
  void cancellingAPublishersTokenCancelsTheHandlersOfThatPublish() throws Exception {
    runtime.addSubscription(new TypeSubscription("work", "slow"));
    CancellationToken token = new CancellationToken();
    await(runtime.publish(new Note("wait"), new TopicId("work", "s"), null, token));
    assertThat(started.await(TIMEOUT_SECONDS, SECONDS)).isTrue();

    token.cancel();

    assertThat(stopped.await(TIMEOUT_SECONDS, SECONDS)).isTrue();
    assertThat(flush(runtime, slow)).containsExactly(new Note("wait"));
    assertThat(events.drain()).isEmpty();
  }
}
