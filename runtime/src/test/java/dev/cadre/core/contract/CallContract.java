package dev.cadre.core.contract;

import static dev.cadre.core.contract.TestAgents.TIMEOUT_SECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.AgentException;
import dev.cadre.core.AgentId;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.contract.TestAgents.Note;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.cadre.core.AgentRuntime#call}: a send that waits for its reply. Whether or not the
 * runtime runs the handler on the calling thread, the handler sees what a send's handler sees, the
 * agent still handles one message at a time in arrival order, and cancellation still reaches it.
 */
public abstract class CallContract extends RuntimeContract {

  record Numbered(int sender, int seq) {}

  @Test
  void callReturnsTheReplyAndThrowsAFailureAsItIs() throws Exception {
    runtime.register("echo", (id, rt) -> (message, context) -> "echo " + message);
    runtime.register(
        "probe",
        (id, rt) -> (message, context) -> List.of(context.sender(), context.rpc(), id.key()));
    runtime.register(
        "faulty",
        (id, rt) ->
            (message, context) -> {
              throw new IllegalStateException("boom");
            });
    AgentId caller = new AgentId("caller", "c");

    String echoed = runtime.call("hi", new AgentId("echo", "1"), null, null);
    List<Object> seen = runtime.call("x", new AgentId("probe", "p"), caller, null);

    assertThat(echoed).isEqualTo("echo hi");
    assertThat(seen).containsExactly(caller, true, "p");
    assertThatThrownBy(() -> runtime.call(new Note("x"), new AgentId("faulty", "f"), null, null))
        .isInstanceOf(AgentException.class)
        .hasMessage(
            "agent faulty/f failed handling "
                + Note.class.getName()
                + ": java.lang.IllegalStateException: boom")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> runtime.call("x", new AgentId("ghost", "g"), null, null))
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("no agent type \"ghost\" is registered");
  }

  @Test
  void callsAndSendsToOneAgentAreHandledOneAtATimeInEachSendersOrder() throws Exception {
    int senders = 4;
    int perSender = 150;
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    List<Numbered> handled = Collections.synchronizedList(new ArrayList<>());
    runtime.register(
        "counter",
        (id, rt) ->
            (message, context) -> {
              maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              Thread.yield(); // widens the window in which an overlapping handler would be seen
              handled.add((Numbered) message);
              inFlight.decrementAndGet();
              return null;
            });
    AgentId counter = new AgentId("counter", "one");
    CyclicBarrier start = new CyclicBarrier(senders);
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      List<Future<List<CompletableFuture<Object>>>> sent = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        int sender = s;
        sent.add(
            pool.submit(
                () -> {
                  start.await(TIMEOUT_SECONDS, SECONDS);
                  List<CompletableFuture<Object>> replies = new ArrayList<>();
                  for (int i = 0; i < perSender; i++) {
                    // Odd senders wait for each reply, even ones pipeline: calls meet queued sends.
                    if (sender % 2 == 1) {
                      runtime.call(new Numbered(sender, i), counter, null, null);
                    } else {
                      replies.add(runtime.send(new Numbered(sender, i), counter));
                    }
                  }
                  return replies;
                }));
      }
      for (Future<List<CompletableFuture<Object>>> batch : sent) {
        for (CompletableFuture<Object> reply : batch.get(TIMEOUT_SECONDS * 3, SECONDS)) {
          TestAgents.await(reply);
        }
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(maxInFlight).hasValue(1);
    assertThat(handled).hasSize(senders * perSender);
    for (int s = 0; s < senders; s++) {
      int sender = s;
      assertThat(handled.stream().filter(n -> n.sender() == sender).map(Numbered::seq))
          .as("order of sender %d", sender)
          .isSorted()
          .hasSize(perSender);
    }
  }

  @Test
  void aCallFromAHandlerReachesAnotherAgentAndItsReplyComesBack() throws Exception {
    runtime.register("back", (id, rt) -> (message, context) -> "back:" + context.sender().key());
    runtime.register(
        "front",
        (id, rt) ->
            (message, context) -> {
              String first = rt.call(message, new AgentId("back", "b"), id, context.cancellation());
              String second = rt.call(message, new AgentId("back", "b"), id, context.cancellation());
              return first + "," + second;
            });

    String reply = runtime.call("x", new AgentId("front", "f"), null, null);

    assertThat(reply).isEqualTo("back:f,back:f");
  }

  @Test
  void cancellingTheCallersTokenCancelsTheHandlerAndTheCallThrows() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    runtime.register(
        "slow",
        (id, rt) ->
            (message, context) -> {
              started.countDown();
              CountDownLatch cancelled = new CountDownLatch(1);
              context.cancellation().onCancel(cancelled::countDown);
              cancelled.await(TIMEOUT_SECONDS, SECONDS);
              context.cancellation().throwIfCancelled();
              return "never cancelled";
            });
    CancellationToken token = new CancellationToken();
    ExecutorService canceller = Executors.newSingleThreadExecutor();
    try {
      canceller.submit(
          () -> {
            started.await(TIMEOUT_SECONDS, SECONDS);
            token.cancel();
            return null;
          });

      assertThatThrownBy(() -> runtime.call("wait", new AgentId("slow", "s"), null, token))
          .isInstanceOf(CancelledException.class)
          .hasMessage("the send of java.lang.String to slow/s was cancelled");
    } finally {
      canceller.shutdownNow();
    }
    assertThat(events.drain()).isEmpty();
  }
}
