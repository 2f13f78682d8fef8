package dev.cadre.benchmarks.scenarios;

import dev.cadre.benchmarks.Checks;
import dev.cadre.benchmarks.Messaging;
import dev.cadre.benchmarks.Tally;
import dev.cadre.benchmarks.cadre.CadreMessaging;
import dev.cadre.benchmarks.floor.FloorMessaging;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 6: messages per second between agents of one JVM, with no model in the way.
 *
 * <ul>
 *   <li>{@link #sendPipelined}: {@value #K} sends to an echo agent in flight together, from outside
 *       any agent, then every reply awaited; the figure is sends (each a request and its reply) per
 *       second.
 *   <li>{@link #sendOneAtATime}: one send, its reply awaited, then the next: the round-trip time.
 *   <li>{@link #publishFanOut}: {@value #K} publishes to a topic with {@value
 *       Messaging#SUBSCRIBERS} subscribers, then every delivery awaited; the figure is deliveries
 *       (handled messages) per second. In Cadre the subscribers are ten agent types, each with a
 *       type subscription to the topic's type, as the participants of a group chat subscribe to
 *       its topic; the topic's source picks one agent of each type.
 * </ul>
 *
 * <p>The contestants are Cadre's in-process runtime ({@link CadreMessaging}) and hand-written
 * actors ({@link FloorMessaging}). LangChain4j is not one: it has no message runtime, and
 * langchain4j-agentic calls its agents as plain methods, so there is nothing to pass messages
 * through. The set-up checks, with one real operation of each kind, that every reply is its own
 * request and that each subscriber handled each publish once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RuntimeThroughputBenchmark {

  /** Messages one pipelined operation has in flight together. */
  public static final int K = 1000;

  /** A message; distinct per position, so a reply meant for another send does not pass the check. */
  public record Ping(int sequence) {}

  @Param({"cadre", "floor"})
  public String contestant;

  private final Ping[] pings = new Ping[K];
  private final CompletableFuture<?>[] replies = new CompletableFuture<?>[K];
  private Tally tally;
  private Messaging subject;

  @Setup
  public void setUp() throws InterruptedException {
    for (int i = 0; i < K; i++) {
      pings[i] = new Ping(i);
    }
    tally = new Tally(Messaging.SUBSCRIBERS);
    subject = create(contestant, tally);
    check();
  }

  @TearDown
  public void tearDown() {
    subject.close();
  }

  @Benchmark
  @OperationsPerInvocation(K)
  public Object sendPipelined() {
    for (int i = 0; i < K; i++) {
      replies[i] = subject.send(pings[i]);
    }
    Object last = null;
    for (CompletableFuture<?> reply : replies) {
      last = reply.join();
    }
    return last;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object sendOneAtATime() {
    return subject.send(pings[0]).join();
  }

  @Benchmark
  @OperationsPerInvocation(K * Messaging.SUBSCRIBERS)
  public void publishFanOut() throws InterruptedException {
    tally.expect(K);
    for (Ping ping : pings) {
      subject.publish(ping);
    }
    tally.await();
  }

  private void check() throws InterruptedException {
    String name = subject.name();
    sendPipelined();
    for (int i = 0; i < K; i++) {
      Object reply = replies[i].join();
      Checks.check(
          name, "send", pings[i].equals(reply), "answered send " + i + " with " + reply);
    }
    Object single = sendOneAtATime();
    Checks.check(name, "send", pings[0].equals(single), "answered " + pings[0] + " with " + single);

    // The first publishes to these subscribers, so their counts are this operation's alone.
    publishFanOut();
    long[] handledBy = tally.countsAtEnd(() -> subject.publish(Tally.END));
    for (int i = 0; i < Messaging.SUBSCRIBERS; i++) {
      long handled = handledBy[i];
      Checks.check(
          name,
          "publish",
          handled == K,
          "delivered " + handled + " of " + K + " publishes to subscriber " + i);
    }
  }

  private static Messaging create(String name, Tally tally) {
    switch (name) {
      case "cadre":
        return new CadreMessaging(tally);
      case "floor":
        return new FloorMessaging(tally);
      default:
        throw new IllegalArgumentException(
            "no contestant named '" + name + "'; scenario 6 has " + List.of("cadre", "floor"));
    }
  }
}
