package dev.cadre.core;

import static dev.cadre.core.contract.TestAgents.TIMEOUT_SECONDS;
import static dev.cadre.core.contract.TestAgents.await;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.contract.TestAgents;
import dev.cadre.core.contract.TestAgents.Events;
import dev.cadre.core.contract.TestAgents.Holding;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessRuntimeTest {

  private final InProcessRuntime runtime = new InProcessRuntime();

  @AfterEach
  void close() {
    runtime.close();
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

  @Test
  void unregisteringATypeFailsItsQueuedAndInFlightSendsNamingTheAgentAndForgetsIt()
      throws Exception {
    Events events = new Events();
    runtime.addListener(events);
    Holding holding = new Holding();
    runtime.register("worker", (id, rt) -> holding);
    runtime.addSubscription(new TypeSubscription("news", "worker"));
    AgentId worker = new AgentId("worker", "w");
    CompletableFuture<Object> inFlight = runtime.send("hold", worker);
    holding.awaitStarted();
    CompletableFuture<Object> queued = runtime.send("second", worker);
    await(runtime.publish("news", new TopicId("news", "w")));

    runtime.unregister("worker");

    assertThatThrownBy(() -> inFlight.get(TIMEOUT_SECONDS, SECONDS))
        .cause()
        .isInstanceOf(AgentException.class)
        .hasMessage(
            "agent type \"worker\" was unregistered before agent worker/w finished handling"
                + " java.lang.String");
    assertThatThrownBy(() -> queued.get(TIMEOUT_SECONDS, SECONDS))
        .cause()
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("was unregistered before agent worker/w finished handling");
    assertThat(events.drain())
        .singleElement()
        .isInstanceOfSatisfying(
            RuntimeEvent.AgentFailed.class,
            failed -> assertThat(failed.error()).contains("was unregistered"));
    assertThatThrownBy(() -> await(runtime.send("third", worker)))
        .cause()
        .isInstanceOf(AgentException.class)
        .hasMessageContaining("no agent type \"worker\" is registered");
    // Its subscription is the caller's to remove; then nothing of the type is left.
    runtime.removeSubscription(new TypeSubscription("news", "worker").id());
    assertThat(runtime.footprint()).isEqualTo(new InProcessRuntime.Footprint(0, 0, 0));
  }

  @Test
  void aHandlerThatUnregistersItsOwnTypeIsNotWaitedForAndItsAgentClosesWhenItReturns()
      throws Exception {
    InProcessRuntime patient = new InProcessRuntime(Duration.ofMinutes(5));
    AtomicInteger closes = new AtomicInteger();
    patient.register(
        "quitter",
        (id, rt) ->
            new Agent() {
              @Override
              public Object onMessage(Object message, MessageContext context) {
                rt.unregister("quitter");
                return "gone";
              }

              @Override
              public void close() {
                closes.incrementAndGet();
              }
            });
    try {
      CompletableFuture<Object> reply = patient.send("quit", new AgentId("quitter", "q"));

      // The handler's own send was in flight: it fails as every message to the type does.
      assertThatThrownBy(() -> reply.get(TIMEOUT_SECONDS, SECONDS))
          .cause()
          .hasMessageContaining("was unregistered before agent quitter/q finished handling");
      long deadline = System.nanoTime() + SECONDS.toNanos(TIMEOUT_SECONDS);
      while (closes.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(closes).hasValue(1);
    } finally {
      patient.close();
    }
  }

  @Test
  void aCallToAnIdleAgentRunsOnTheCallingThreadWithTheCallersTraceContext() throws Exception {
    ContextKey<String> key = ContextKey.named("test-key");
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    runtime.register(
        "probe",
        (id, rt) ->
            (message, context) -> {
              seen.add(Thread.currentThread().getName() + " " + Context.current().get(key));
              return "ok";
            });
    AgentId probe = new AgentId("probe", "p");
    String me = Thread.currentThread().getName();

    try (Scope ignored = Context.current().with(key, "traced").makeCurrent()) {
      runtime.call("x", probe, null, null);
      await(runtime.send("y", probe));
    }

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isEqualTo(me + " traced");
    assertThat(seen.get(1)).endsWith(" traced").doesNotStartWith(me + " ");
  }

  @Test
  void aCallToABusyAgentWaitsItsTurnAndLeavesLaterMessagesToTheAgentsOwnThread()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch holding = new CountDownLatch(1);
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<Thread> callerThread = new AtomicReference<>();
    runtime.register(
        "busy",
        (id, rt) ->
            (message, context) -> {
              if (message.equals("hold")) {
                holding.countDown();
                release.await(TIMEOUT_SECONDS, SECONDS);
              }
              order.add(message + (Thread.currentThread() == callerThread.get() ? "@caller" : ""));
              return message;
            });
    AgentId busy = new AgentId("busy", "b");
    CompletableFuture<Object> held = runtime.send("hold", busy);
    assertThat(holding.await(TIMEOUT_SECONDS, SECONDS)).isTrue();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<Object> called =
          caller.submit(
              () -> {
                callerThread.set(Thread.currentThread());
                return runtime.call("called", busy, null, null);
              });
      Thread.sleep(50); // the call is queued behind "hold"
      CompletableFuture<Object> after = runtime.send("after", busy);
      release.countDown();

      assertThat(called.get(TIMEOUT_SECONDS, SECONDS)).isEqualTo("called");
      assertThat(await(after)).isEqualTo("after");
      assertThat(await(held)).isEqualTo("hold");
    } finally {
      caller.shutdownNow();
    }
    assertThat(order).containsExactly("hold", "called", "after");
  }

  @Test
  void closingTheRuntimeStopsAHandlerRunningOnACallersThread() throws Exception {
    Holding holding = new Holding();
    runtime.register("slow", (id, rt) -> holding);
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<Object> called =
          caller.submit(() -> runtime.call("hold", new AgentId("slow", "s"), null, null));
      holding.awaitStarted();

      runtime.close();

      assertThatThrownBy(() -> called.get(TIMEOUT_SECONDS, SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the runtime closed before agent slow/s finished handling java.lang.String");
      assertThat(holding.closes).hasValue(1);
    } finally {
      caller.shutdownNow();
    }
  }
}
