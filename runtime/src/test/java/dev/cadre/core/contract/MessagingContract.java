package dev.cadre.core.contract;

import static dev.cadre.core.contract.TestAgents.TIMEOUT_SECONDS;
import static dev.cadre.core.contract.TestAgents.await;
import static dev.cadre.core.contract.TestAgents.flush;
import static dev.cadre.core.contract.TestAgents.recorder;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.AgentId;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.TopicId;
import dev.cadre.core.TypeSubscription;
import dev.cadre.core.contract.TestAgents.Note;
import dev.cadre.core.contract.TestAgents.Sequencer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/** Sends and their replies, registration, lazy creation, and ordering and concurrency of agents. */
public abstract class MessagingContract extends RuntimeContract {

  @Test
  void sendReturnsTheReplyAndNullIsAValidReply() throws Exception {
    runtime.register("echo", (id, rt) -> (message, context) -> "echo " + message);
    runtime.register("silent", (id, rt) -> (message, context) -> null);

    String reply = await(runtime.send("hi", new AgentId("echo", "1")));
    Object nothing = await(runtime.send("hi", new AgentId("silent", "1")));

    assertThat(reply).isEqualTo("echo hi");
    assertThat(nothing).isNull();
  }

  @Test
  void handlerSeesSenderAndADirectSendContext() throws Exception {
    runtime.register(
        "probe", (id, rt) -> (message, context) -> List.of(context.sender(), context.rpc()));
    AgentId caller = new AgentId("caller", "c");

    List<Object> seen =
        await(runtime.send("x", new AgentId("probe", "1"), caller, CancellationToken.none()));

    assertThat(seen).containsExactly(caller, true);
  }

  @Test
  void agentsAreCreatedLazilyOncePerKey() throws Exception {
    Map<AgentId, Integer> created = new ConcurrentHashMap<>();
    List<AgentRuntime> runtimesSeen = Collections.synchronizedList(new ArrayList<>());
    runtime.register(
        "lazy",
        (id, rt) -> {
          created.merge(id, 1, Integer::sum);
          runtimesSeen.add(rt);
          return recorder();
        });
    runtime.addSubscription(new TypeSubscription("news", "lazy"));
    assertThat(created).isEmpty();

    await(runtime.send(new Note("1"), new AgentId("lazy", "a")));
    await(runtime.send(new Note("2"), new AgentId("lazy", "a")));
    await(runtime.publish(new Note("3"), new TopicId("news", "a")));
    await(runtime.send(new Note("4"), new AgentId("lazy", "b")));

    assertThat(flush(runtime, new AgentId("lazy", "a")))
        .containsExactly(new Note("1"), new Note("2"), new Note("3"));
    assertThat(created)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(new AgentId("lazy", "a"), 1, new AgentId("lazy", "b"), 1));
    assertThat(runtimesSeen).containsOnly(runtime);
  }

  @Test
  void oneAgentHandlesOneMessageAtATimeInEachSendersOrder() throws Exception {
    int senders = 4;
    int perSender = 300;
    Sequencer sequencer = new Sequencer();
    runtime.register("counter", (id, rt) -> sequencer);
    AgentId counter = new AgentId("counter", "one");
    sequencer.sendFromThreads(senders, perSender, message -> runtime.send(message, counter));

    sequencer.assertOneAtATimeInEachSendersOrder(senders, perSender);
  }

  @Test
  void differentAgentsHandleMessagesAtTheSameTime() throws Exception {
    // Each handler waits for the other to arrive: only if both are in flight at once do they pass.
    CyclicBarrier both = new CyclicBarrier(2);
    runtime.register(
        "party",
        (id, rt) ->
            (message, context) -> {
              both.await(TIMEOUT_SECONDS, SECONDS);
              return "met";
            });

    CompletableFuture<String> a = runtime.send("x", new AgentId("party", "a"));
    CompletableFuture<String> b = runtime.send("x", new AgentId("party", "b"));

    assertThat(await(a)).isEqualTo("met");
    assertThat(await(b)).isEqualTo("met");
  }

  @Test
  void handlersBlockedOnSendsToOtherAgentsDoNotStarveThem() throws Exception {
    // Every front handler is held in flight until all are, then each blocks on a send to one
    // shared back agent. A runtime that capped its threads at fewer than fronts + 1 would hang.
    int fronts = 64;
    CountDownLatch allInFlight = new CountDownLatch(fronts);
    AgentId back = new AgentId("back", "shared");
    runtime.register("back", (id, rt) -> (message, context) -> "back:" + message);
    runtime.register(
        "front",
        (id, rt) ->
            (message, context) -> {
              allInFlight.countDown();
              if (!allInFlight.await(TIMEOUT_SECONDS, SECONDS)) {
                throw new AssertionError("front handlers never were all in flight together");
              }
              Object reply =
                  rt.send(message, back, id, context.cancellation()).get(TIMEOUT_SECONDS, SECONDS);
              return id.key() + "->" + reply;
            });

    List<CompletableFuture<String>> replies = new ArrayList<>();
    for (int i = 0; i < fronts; i++) {
      replies.add(runtime.send("m" + i, new AgentId("front", "f" + i)));
    }

    for (int i = 0; i < fronts; i++) {
      assertThat(await(replies.get(i))).isEqualTo("f" + i + "->back:m" + i);
    }
  }

  @Test
  void registeringATypeTwiceIsRejectedNamingIt() {
    runtime.register("writer", (id, rt) -> recorder());

    assertThatThrownBy(() -> runtime.register("writer", (id, rt) -> recorder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agent type \"writer\" is already registered");
    assertThatThrownBy(() -> runtime.register("bad type", (id, rt) -> recorder()))
        .hasMessageContaining("agent type \"bad type\" is invalid");
  }
}
