package dev.cadre.core.contract;

import static dev.cadre.core.contract.TestAgents.TIMEOUT_SECONDS;
import static dev.cadre.core.contract.TestAgents.await;
import static dev.cadre.core.contract.TestAgents.recorder;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.Agent;
import dev.cadre.core.AgentId;
import dev.cadre.core.MessageContext;
import dev.cadre.core.TopicId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.cadre.core.AgentRuntime#close()}: pending sends fail, handlers in flight are cancelled,
 * agents are closed, and new work is refused. The runtime is closed again after the test, so close
 * must be idempotent, as {@link AutoCloseable} recommends.
 */
public abstract class CloseContract extends RuntimeContract {

  @Test
  void closeFailsPendingSendsClosesAgentsAndRefusesNewWork() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger closes = new AtomicInteger();
    List<Object> handled = Collections.synchronizedList(new ArrayList<>());
    runtime.register(
        "worker",
        (id, rt) ->
            new Agent() {
              @Override
              public Object onMessage(Object message, MessageContext context) throws Exception {
                handled.add(message);
                started.countDown();
                CountDownLatch stop = new CountDownLatch(1);
                context.cancellation().onCancel(stop::countDown);
                stop.await(TIMEOUT_SECONDS, SECONDS);
                return "done";
              }

              @Override
              public void close() {
                closes.incrementAndGet();
              }
            });
    AgentId worker = new AgentId("worker", "w");
    CompletableFuture<String> inFlight = runtime.send("first", worker);
    assertThat(started.await(TIMEOUT_SECONDS, SECONDS)).isTrue();
    CompletableFuture<String> queued = runtime.send("second", worker);

    runtime.close();

    assertThatThrownBy(() -> await(inFlight))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runtime closed before agent worker/w finished handling");
    assertThatThrownBy(() -> await(queued))
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runtime closed");
    assertThat(handled).containsExactly("first");
    assertThat(closes).hasValue(1);
    assertThatThrownBy(() -> await(runtime.send("third", worker)))
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the runtime is closed: cannot send java.lang.String to worker/w");
    assertThatThrownBy(() -> await(runtime.publish("x", new TopicId("t", "s"))))
        .cause()
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> runtime.register("late", (id, rt) -> recorder()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot register agent type \"late\"");
  }
}
