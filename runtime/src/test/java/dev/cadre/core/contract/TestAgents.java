package dev.cadre.core.contract;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.core.Agent;
import dev.cadre.core.AgentId;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.MessageContext;
import dev.cadre.core.RuntimeEvent;
import dev.cadre.core.RuntimeListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Messages, agents and a listener shared by the runtime tests. Public so that the {@link
 * AgentRuntimeContract} can be run against a runtime of another module, through runtime's test-jar.
 */
public final class TestAgents {

  /**
   * Upper bound on every wait in these tests: a broken runtime fails a test, never hangs it. Waits
   * end as soon as their condition holds, so a slower (distributed) runtime only uses more of it.
   */
  public static final long TIMEOUT_SECONDS = 10;

  private TestAgents() {}

  /** A plain message record, serialisable to JSON like every message a runtime carries. */
  public record Note(String text) {}

  /**
   * Asks a {@link #recorder()} for what it has kept. It queues behind every earlier message to that
   * agent, so its reply is a barrier: everything delivered before it has been handled.
   */
  public record Flush() {}

  /** Keeps every message but {@link Flush}, replies "ok", and answers a Flush with what it kept. */
  public static Agent recorder() {
    List<Object> received = new ArrayList<>();
    return (message, context) -> {
      if (message instanceof Flush) {
        return List.copyOf(received);
      }
      received.add(message);
      return "ok";
    };
  }

  /** What the recorder {@code id} has kept so far. */
  public static List<Object> flush(AgentRuntime runtime, AgentId id) throws Exception {
    return await(runtime.send(new Flush(), id));
  }

  /** Sends {@code message} to {@code id} and waits for the reply. */
  public static Object reply(AgentRuntime runtime, Object message, AgentId id) throws Exception {
    return await(runtime.send(message, id));
  }

  /** The value of {@code future}, which must complete within {@link #TIMEOUT_SECONDS}. */
  public static <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(TIMEOUT_SECONDS, SECONDS);
  }

  /**
   * The exception {@code future} completed with, as stored: {@code get()} rewraps a cancellation on
   * JDK 23+, {@code handle} does not.
   */
  public static Throwable failure(CompletableFuture<?> future) throws Exception {
    return await(future.handle((value, error) -> error));
  }

  /**
   * An agent that holds on the message "hold" until its token is cancelled (at most {@link
   * #TIMEOUT_SECONDS}), then answers "held", and answers any other message with "ok " and the
   * message. One instance may serve every agent of a type: it notes that a hold started and was
   * cancelled, and counts the closes of them all.
   */
  public static final class Holding implements Agent {
    public final CountDownLatch started = new CountDownLatch(1);
    public final CountDownLatch cancelled = new CountDownLatch(1);
    public final AtomicInteger closes = new AtomicInteger();

    @Override
    public Object onMessage(Object message, MessageContext context) throws Exception {
      if (!"hold".equals(message)) {
        return "ok " + message;
      }
      started.countDown();
      CountDownLatch stop = new CountDownLatch(1);
      context.cancellation().onCancel(stop::countDown);
      boolean stopped = stop.await(TIMEOUT_SECONDS, SECONDS);
      if (stopped) {
        cancelled.countDown();
      }
      return "held";
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }

    /** Waits until a hold has started. */
    public void awaitStarted() throws InterruptedException {
      assertThat(started.await(TIMEOUT_SECONDS, SECONDS)).as("a hold started").isTrue();
    }
  }

  /** A message numbered by its sender, for ordering tests. */
  public record Numbered(int sender, int seq) {}

  /**
   * An agent for ordering tests: keeps the {@link Numbered} messages it handles and how many of its
   * handlers ever ran at once.
   */
  public static final class Sequencer implements Agent {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<Numbered> handled = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Object onMessage(Object message, MessageContext context) {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      Thread.yield(); // widens the window in which an overlapping handler would be seen
      handled.add((Numbered) message);
      inFlight.decrementAndGet();
      return null;
    }

    /**
     * Has {@code senders} threads, started together, each send {@code perSender} numbered messages
     * to {@code agent} with {@code send} (its own numbers, in order), then waits for every reply.
     */
    public void sendFromThreads(int senders, int perSender, SendOne send) throws Exception {
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
                      CompletableFuture<Object> reply = send.send(new Numbered(sender, i));
                      if (reply != null) {
                        replies.add(reply);
                      }
                    }
                    return replies;
                  }));
        }
        for (Future<List<CompletableFuture<Object>>> batch : sent) {
          for (CompletableFuture<Object> reply : batch.get(TIMEOUT_SECONDS * 3, SECONDS)) {
            await(reply);
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }

    /** Sends one message; returns its reply to wait for, or null when it waited already. */
    @FunctionalInterface
    public interface SendOne {
      CompletableFuture<Object> send(Numbered message) throws Exception;
    }

    /** Asserts that handlers ran one at a time, and each sender's messages in their order. */
    public void assertOneAtATimeInEachSendersOrder(int senders, int perSender) {
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
  }

  /** Collects events for assertions. */
  public static final class Events implements RuntimeListener {
    private final BlockingQueue<RuntimeEvent> queue = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(RuntimeEvent event) {
      queue.add(event);
    }

    /** The next event, which must arrive within the timeout and be a {@code type}. */
    public <T extends RuntimeEvent> T next(Class<T> type) throws InterruptedException {
      RuntimeEvent event = queue.poll(TIMEOUT_SECONDS, SECONDS);
      assertThat(event).as("next runtime event").isInstanceOf(type);
      return type.cast(event);
    }

    /** The events received so far, removing them. */
    public List<RuntimeEvent> drain() {
      List<RuntimeEvent> events = new ArrayList<>();
      queue.drainTo(events);
      return events;
    }
  }
}
