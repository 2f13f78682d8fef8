package dev.cadre.core.contract;

import static dev.cadre.core.contract.TestAgents.TIMEOUT_SECONDS;
import static dev.cadre.core.contract.TestAgents.await;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.Agent;
import dev.cadre.core.AgentException;
import dev.cadre.core.AgentId;
import dev.cadre.core.MessageContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.cadre.core.AgentRuntime#sendControl}: a control message reaches an agent that is busy
 * with a message, without waiting behind it; control messages come one at a time, in order.
 */
public abstract class ControlContract extends RuntimeContract {

  /** Works until resumed; "pause" and "resume" are its control messages. */
  private static final class Pausable implements Agent {
    final CountDownLatch working = new CountDownLatch(1);
    final CountDownLatch paused = new CountDownLatch(1);
    final CountDownLatch resumed = new CountDownLatch(1);

    @Override
    public Object onMessage(Object message, MessageContext context) throws Exception {
      working.countDown();
      return resumed.await(TIMEOUT_SECONDS, SECONDS) ? "worked" : "never resumed";
    }

    @Override
    public Object onControl(Object message, MessageContext context) {
      if (message.equals("pause")) {
        paused.countDown();
        return "paused while " + (working.getCount() == 0 ? "working" : "idle");
      }
      resumed.countDown();
      return "resumed";
    }
  }

  @Test
  void aControlMessageReachesAnAgentWhileItHandlesAMessage() throws Exception {
    Pausable pausable = new Pausable();
    runtime.register("pausable", (id, rt) -> pausable);
    AgentId agent = new AgentId("pausable", "p");
    CompletableFuture<String> work = runtime.send("work", agent);
    assertThat(pausable.working.await(TIMEOUT_SECONDS, SECONDS)).isTrue();

    String paused = await(runtime.sendControl("pause", agent, null, null));

    assertThat(paused).isEqualTo("paused while working");
    assertThat(work).isNotDone();
    assertThat((String) await(runtime.sendControl("resume", agent, null, null)))
        .isEqualTo("resumed");
    assertThat(await(work)).isEqualTo("worked");
  }

  @Test
  void controlMessagesAreHandledOneAtATimeInArrivalOrder() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    List<Object> handled = Collections.synchronizedList(new ArrayList<>());
    runtime.register(
        "controlled",
        (id, rt) ->
            new Agent() {
              @Override
              public Object onMessage(Object message, MessageContext context) {
                return "message";
              }

              @Override
              public Object onControl(Object message, MessageContext context) {
                maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                Thread.yield();
                handled.add(message);
                inFlight.decrementAndGet();
                return message;
              }
            });
    AgentId agent = new AgentId("controlled", "c");
    List<CompletableFuture<Object>> replies = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      replies.add(runtime.sendControl(i, agent, null, null));
    }
    for (CompletableFuture<Object> reply : replies) {
      await(reply);
    }

    assertThat(maxInFlight).hasValue(1);
    assertThat(handled).hasSize(50);
    assertThat(handled.stream().map(n -> ((Number) n).intValue())).isSorted();
  }

  @Test
  void aControlMessageMakesTheAgentAndOneWithoutAControlHandlerFailsNamingIt() throws Exception {
    AtomicInteger made = new AtomicInteger();
    runtime.register(
        "plain",
        (id, rt) -> {
          made.incrementAndGet();
          return (message, context) -> "message " + message;
        });
    AgentId plain = new AgentId("plain", "p");

    assertThatThrownBy(() -> await(runtime.sendControl("pause", plain, null, null)))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("agent plain/p failed handling java.lang.String")
        .hasMessageContaining("takes no control messages");
    assertThat((String) await(runtime.send("hi", plain))).isEqualTo("message hi");
    assertThat(made).hasValue(1);
  }
}
