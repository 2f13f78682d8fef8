package dev.cadre.core;

import static dev.cadre.core.TestAgents.TIMEOUT_SECONDS;
import static dev.cadre.core.TestAgents.await;
import static dev.cadre.core.TestAgents.flush;
import static dev.cadre.core.TestAgents.recorder;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.TestAgents.Events;
import dev.cadre.core.TestAgents.Note;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessRuntimeTest {

  private final InProcessRuntime runtime = new InProcessRuntime();

  @AfterEach
  void close() {
    runtime.close();
  }

  record Numbered(int sender, int seq) {}

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
  void withNoThreadToDrainAMailboxItsMessagesFailNamingTheAgentAndLaterOnesGetThrough()
      throws Exception {
    // An executor that, like a JVM out of native threads, cannot start the first two drains.
    ExecutorService threads = Executors.newCachedThreadPool();
    AtomicInteger refusals = new AtomicInteger(2);
    ExecutorService starved =
        new java.util.concurrent.AbstractExecutorService() {
          @Override
          public void execute(Runnable task) {
            if (refusals.getAndDecrement() > 0) {
              throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
            }
            threads.execute(task);
          }

          @Override
          public void shutdown() {
            threads.shutdown();
          }

          @Override
          public List<Runnable> shutdownNow() {
            return threads.shutdownNow();
          }

          @Override
          public boolean isShutdown() {
            return threads.isShutdown();
          }

          @Override
          public boolean isTerminated() {
            return threads.isTerminated();
          }

          @Override
          public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit)
              throws InterruptedException {
            return threads.awaitTermination(timeout, unit);
          }
        };
    Events events = new Events();
    try (InProcessRuntime starvedRuntime = new InProcessRuntime(Duration.ofSeconds(5), starved)) {
      starvedRuntime.addListener(events);
      starvedRuntime.register("echo", (id, rt) -> (message, context) -> "echo " + message);
      AgentId echo = new AgentId("echo", "1");

      CompletableFuture<Object> first = starvedRuntime.send("one", echo);
      CompletableFuture<Object> second = starvedRuntime.send("two", echo);

      assertThatThrownBy(() -> first.get(TIMEOUT_SECONDS, SECONDS))
          .hasCauseInstanceOf(AgentException.class)
          .hasMessageContaining("cannot deliver java.lang.String to agent echo/1: no thread to run it")
          .hasMessageContaining("unable to create native thread");
      assertThatThrownBy(() -> second.get(TIMEOUT_SECONDS, SECONDS))
          .hasCauseInstanceOf(AgentException.class);
      assertThat(events.drain())
          .hasSize(2)
          .allSatisfy(
              event ->
                  assertThat(event)
                      .isInstanceOfSatisfying(
                          RuntimeEvent.AgentFailed.class,
                          failed -> assertThat(failed.agent()).isEqualTo(echo)));
      // The mailbox is not left marked as draining: once threads are back, messages get through.
      Object reply = await(starvedRuntime.send("three", echo));
      assertThat(reply).isEqualTo("echo three");
    }
  }

  @Test
  void closeInterruptsAHandlerThatIgnoresCancellationPastTheTimeoutAndLeavesOthersAlone()
      throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    InProcessRuntime impatient = new InProcessRuntime(Duration.ofMillis(100));
    impatient.register(
        "stubborn",
        (id, rt) ->
            (message, context) -> {
              started.countDown();
              while (true) {
                try {
                  never.await(); // deaf to its token; only an interrupt ends it
                  return null;
                } catch (InterruptedException e) {
                  interrupted.countDown();
                  return null;
                }
              }
            });
    // A handler of another runtime on the same shared threads, busy throughout.
    CountDownLatch bystanderRelease = new CountDownLatch(1);
    AtomicInteger bystanderInterrupts = new AtomicInteger();
    runtime.register(
        "bystander",
        (id, rt) ->
            (message, context) -> {
              try {
                bystanderRelease.await();
              } catch (InterruptedException e) {
                bystanderInterrupts.incrementAndGet();
              }
              return "done";
            });
    CompletableFuture<Object> bystander = runtime.send("wait", new AgentId("bystander", "1"));
    impatient.send("go", new AgentId("stubborn", "1"));
    assertThat(started.await(TIMEOUT_SECONDS, SECONDS)).isTrue();

    impatient.close();

    assertThat(interrupted.await(TIMEOUT_SECONDS, SECONDS)).isTrue();
    bystanderRelease.countDown();
    Object reply = await(bystander);
    assertThat(reply).isEqualTo("done");
    assertThat(bystanderInterrupts).hasValue(0);
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
                    replies.add(runtime.send(new Numbered(sender, i), counter));
                  }
                  return replies;
                }));
      }
      for (Future<List<CompletableFuture<Object>>> batch : sent) {
        for (CompletableFuture<Object> reply : batch.get(TIMEOUT_SECONDS, SECONDS)) {
          await(reply);
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
  void publishReachesEveryMatchingAgentOnceWithATopicContext() throws Exception {
    List<MessageContext> contexts = Collections.synchronizedList(new ArrayList<>());
    AgentFactory recording =
        (id, rt) -> {
          Agent inner = recorder();
          return (message, context) -> {
            if (!context.rpc()) {
              contexts.add(context);
            }
            return inner.onMessage(message, context);
          };
        };
    runtime.register("reader", recording);
    runtime.register("archiver", recording);
    runtime.register("sports", recording);
    runtime.addSubscription(new TypeSubscription("news", "reader"));
    runtime.addSubscription(new TypePrefixSubscription("new", "reader")); // matches reader again
    runtime.addSubscription(new TypePrefixSubscription("news", "archiver"));
    runtime.addSubscription(new TypeSubscription("sport", "sports"));
    TopicId topic = new TopicId("news", "s1");

    await(runtime.publish(new Note("hello"), topic));

    assertThat(flush(runtime, new AgentId("reader", "s1"))).containsExactly(new Note("hello"));
    assertThat(flush(runtime, new AgentId("archiver", "s1"))).containsExactly(new Note("hello"));
    assertThat(flush(runtime, new AgentId("sports", "s1"))).isEmpty();
    assertThat(contexts).hasSize(2);
    assertThat(contexts)
        .allSatisfy(
            context -> {
              assertThat(context.topic()).isEqualTo(topic);
              assertThat(context.sender()).isNull();
              assertThat(context.messageId()).isEqualTo(contexts.get(0).messageId());
            });
  }

  @Test
  void publishSkipsTheSender() throws Exception {
    runtime.register("peer", (id, rt) -> recorder());
    runtime.addSubscription(new TypeSubscription("room", "peer"));
    runtime.addSubscription(new TypeSubscription("room", "other"));
    runtime.register("other", (id, rt) -> recorder());

    await(
        runtime.publish(
            new Note("from peer"),
            new TopicId("room", "r1"),
            new AgentId("peer", "r1"),
            CancellationToken.none()));

    assertThat(flush(runtime, new AgentId("peer", "r1"))).isEmpty();
    assertThat(flush(runtime, new AgentId("other", "r1"))).containsExactly(new Note("from peer"));
  }

  @Test
  void publishSkipsASenderMatchedTwiceAndAfterARemovalReachesAgentsThroughWhatRemains()
      throws Exception {
    runtime.register("peer", (id, rt) -> recorder());
    runtime.register("archiver", (id, rt) -> recorder());
    Subscription exact = new TypeSubscription("room", "peer");
    runtime.addSubscription(exact);
    runtime.addSubscription(new TypePrefixSubscription("ro", "peer"));
    runtime.addSubscription(new TypeSubscription("room", "archiver"));
    TopicId room = new TopicId("room", "r1");

    await(runtime.publish(new Note("1"), room, new AgentId("peer", "r1"), null));
    runtime.removeSubscription(exact.id());
    await(runtime.publish(new Note("2"), room));

    assertThat(flush(runtime, new AgentId("peer", "r1"))).containsExactly(new Note("2"));
    assertThat(flush(runtime, new AgentId("archiver", "r1")))
        .containsExactly(new Note("1"), new Note("2"));
  }

  @Test
  void publishWithNoSubscriberGoesNowhereWithoutError() throws Exception {
    Events events = new Events();
    runtime.addListener(events);
    AtomicInteger created = new AtomicInteger();
    runtime.register(
        "reader",
        (id, rt) -> {
          created.incrementAndGet();
          return recorder();
        });
    runtime.addSubscription(new TypeSubscription("news", "reader"));

    CompletableFuture<Void> published = runtime.publish(new Note("x"), new TopicId("weather", "s"));

    assertThat(await(published)).isNull();
    assertThat(created).hasValue(0);
    assertThat(events.drain()).isEmpty();
  }

  @Test
  void addingASubscriptionTwiceAddsItOnceAndRemovingTakesItAway() throws Exception {
    runtime.register("reader", (id, rt) -> recorder());
    Subscription subscription = new TypeSubscription("news", "reader");
    runtime.addSubscription(subscription);
    runtime.addSubscription(new TypeSubscription("news", "reader"));

    await(runtime.publish(new Note("1"), new TopicId("news", "s")));
    runtime.removeSubscription(subscription.id());
    await(runtime.publish(new Note("2"), new TopicId("news", "s")));

    assertThat(flush(runtime, new AgentId("reader", "s"))).containsExactly(new Note("1"));
    assertThatThrownBy(() -> runtime.removeSubscription(subscription.id()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no subscription with id \"" + subscription.id() + "\"");
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

  @Test
  void closeCalledByAHandlerClosesTheOtherAgentsWithoutWaitingForThatHandler() throws Exception {
    // Waiting for its own handler would hold close() for the whole timeout, far past the test's.
    InProcessRuntime patient = new InProcessRuntime(Duration.ofMinutes(5));
    AtomicInteger othersClosed = new AtomicInteger();
    CountDownLatch closeReturned = new CountDownLatch(1);
    patient.register(
        "other",
        (id, rt) ->
            new Agent() {
              @Override
              public Object onMessage(Object message, MessageContext context) {
                return "ok";
              }

              @Override
              public void close() {
                othersClosed.incrementAndGet();
              }
            });
    patient.register(
        "closer",
        (id, rt) ->
            (message, context) -> {
              rt.close();
              closeReturned.countDown();
              return "closed";
            });
    assertThat(TestAgents.reply(patient, "hi", new AgentId("other", "o"))).isEqualTo("ok");

    patient.send("close", new AgentId("closer", "c"));

    assertThat(closeReturned.await(TIMEOUT_SECONDS, SECONDS)).isTrue();
    assertThat(othersClosed).hasValue(1);
  }
}
