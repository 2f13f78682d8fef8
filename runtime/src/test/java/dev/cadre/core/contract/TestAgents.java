package dev.cadre.core.contract;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.core.Agent;
import dev.cadre.core.AgentId;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.RuntimeEvent;
import dev.cadre.core.RuntimeListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

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
