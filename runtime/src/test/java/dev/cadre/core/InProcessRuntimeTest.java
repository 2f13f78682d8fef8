package dev.cadre.core;

import static dev.cadre.core.contract.TestAgents.TIMEOUT_SECONDS;
import static dev.cadre.core.contract.TestAgents.await;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.core.contract.TestAgents;
import dev.cadre.core.contract.TestAgents.Events;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
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
}
