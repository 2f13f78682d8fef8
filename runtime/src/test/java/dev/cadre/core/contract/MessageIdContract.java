package dev.cadre.core.contract;

import static dev.cadre.core.contract.TestAgents.TIMEOUT_SECONDS;
import static dev.cadre.core.contract.TestAgents.await;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.core.AgentFactory;
import dev.cadre.core.AgentId;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.TopicId;
import dev.cadre.core.TypeSubscription;
import dev.cadre.core.contract.TestAgents.Flush;
import dev.cadre.core.contract.TestAgents.Note;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Message ids: every send and every publish gets its own, all recipients of one publish see the
 * same, and two runtimes never hand out the same.
 */
public abstract class MessageIdContract extends RuntimeContract {

  private static final int THREADS = 4;
  private static final int PER_THREAD = 2_000;

  /** Replies with the id of the message it handles. */
  private static final AgentFactory ID_ECHO = (id, rt) -> (message, context) -> context.messageId();

  @Test
  void concurrentSendsAndPublishesEachGetTheirOwnId() throws Exception {
    Queue<String> publishIds = new ConcurrentLinkedQueue<>();
    Map<String, Integer> recipientsPerPublish = new ConcurrentHashMap<>();
    runtime.register("echo", ID_ECHO);
    AgentFactory counting =
        (id, rt) ->
            (message, context) -> {
              if (!(message instanceof Note)) {
                return null; // the Flush that waits for the publishes
              }
              recipientsPerPublish.merge(context.messageId(), 1, Integer::sum);
              publishIds.add(context.messageId());
              return null;
            };
    runtime.register("left", counting);
    runtime.register("right", counting);
    runtime.addSubscription(new TypeSubscription("news", "left"));
    runtime.addSubscription(new TypeSubscription("news", "right"));

    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService senders = Executors.newFixedThreadPool(THREADS);
    List<Future<List<String>>> sent = new ArrayList<>();
    try {
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        sent.add(
            senders.submit(
                () -> {
                  start.await(TIMEOUT_SECONDS, SECONDS);
                  List<CompletableFuture<String>> replies = new ArrayList<>();
                  List<CompletableFuture<Void>> published = new ArrayList<>();
                  for (int i = 0; i < PER_THREAD; i++) {
                    // Several echo agents, so ids are drawn on several threads at once too.
                    replies.add(runtime.send("m", new AgentId("echo", "e" + (i % 3))));
                    published.add(runtime.publish(new Note("n"), new TopicId("news", "t" + thread)));
                  }
                  for (CompletableFuture<Void> delivered : published) {
                    await(delivered);
                  }
                  List<String> ids = new ArrayList<>();
                  for (CompletableFuture<String> reply : replies) {
                    ids.add(await(reply));
                  }
                  return ids;
                }));
      }
      List<String> sendIds = new ArrayList<>();
      for (Future<List<String>> ids : sent) {
        sendIds.addAll(ids.get(TIMEOUT_SECONDS, SECONDS));
      }
      for (int t = 0; t < THREADS; t++) {
        // Every publish is in its recipients' mailboxes and a send queues behind it: all handled.
        flushSubscribers(runtime, "t" + t);
      }

      assertThat(sendIds).hasSize(THREADS * PER_THREAD).doesNotHaveDuplicates();
      assertThat(recipientsPerPublish).hasSize(THREADS * PER_THREAD);
      assertThat(recipientsPerPublish.values()).containsOnly(2);
      assertThat(publishIds).doesNotContainAnyElementsOf(sendIds);
    } finally {
      senders.shutdownNow();
    }
  }

  @Test
  void twoRuntimesNeverHandOutTheSameId() throws Exception {
    Set<String> first = ids(PER_THREAD);
    Set<String> second = ids(PER_THREAD);

    assertThat(first).hasSize(PER_THREAD);
    assertThat(second).hasSize(PER_THREAD).doesNotContainAnyElementsOf(first);
  }

  /** The ids of {@code count} sends through a new runtime. */
  private Set<String> ids(int count) throws Exception {
    try (AgentRuntime runtime = newRuntime()) {
      runtime.register("echo", ID_ECHO);
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < count; i++) {
        ids.add(await(runtime.send("m", new AgentId("echo", "e"))));
      }
      return ids;
    }
  }

  private static void flushSubscribers(AgentRuntime runtime, String key) throws Exception {
    for (String type : List.of("left", "right")) {
      await(runtime.send(new Flush(), new AgentId(type, key)));
    }
  }
}
