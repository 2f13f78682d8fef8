package dev.cadre.benchmarks.distributed;

import dev.cadre.core.Agent;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.MessageContext;
import dev.cadre.core.TypeSubscription;
import dev.cadre.kafka.AgentSystem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The agents of the distributed messaging benchmark, installed alike in the worker processes (by
 * {@link dev.cadre.kafka.KafkaWorker}) and in the process that drives them, or on one in-process
 * runtime: an echo agent type that answers a send with its message, and {@link #READERS} reader
 * types subscribed to one topic type, as scenario 6 of BENCHMARKS.md has them in one JVM.
 *
 * <p>A reader measures each publish's delivery latency itself, from the wall-clock time the
 * publisher stamped on it (all processes run on one machine, so they share the clock), and hands
 * its figures over when sent {@link Report}.
 */
public final class MessagingSystem implements AgentSystem {

  /** The name {@code KafkaWorker} takes. */
  public static final String NAME = "bench-messaging";

  /** The agent type that answers every send with its message. */
  public static final String ECHO = "echo";

  /** The topic type the readers subscribe to. */
  public static final String TOPIC_TYPE = "fanout";

  /** How many reader types a publish reaches, as in scenario 6. */
  public static final int READERS = 10;

  /** A published message: when its publisher sent it, in microseconds of the wall clock. */
  public record Stamped(long sentAtMicros) {}

  /** Asks a reader for its figures since it was last asked; it answers with {@link Deliveries}. */
  public record Report() {}

  /**
   * What a reader handled since its last report.
   *
   * @param latenciesMicros each delivery's latency, in the order handled
   * @param lastAtMicros when it handled the last one (wall clock, microseconds); 0 if none
   */
  public record Deliveries(List<Long> latenciesMicros, long lastAtMicros) {}

  /** The reader types: {@code reader-0} to {@code reader-9}. */
  public static List<String> readerTypes() {
    List<String> types = new ArrayList<>(READERS);
    for (int i = 0; i < READERS; i++) {
      types.add("reader-" + i);
    }
    return types;
  }

  /** Every agent type this system registers. */
  public static List<String> types() {
    List<String> types = new ArrayList<>(readerTypes());
    types.add(0, ECHO);
    return types;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void install(AgentRuntime runtime) {
    runtime.register(ECHO, (id, rt) -> (message, context) -> message);
    for (String type : readerTypes()) {
      runtime.register(type, (id, rt) -> new Reader());
      runtime.addSubscription(new TypeSubscription(TOPIC_TYPE, type));
    }
  }

  /** Now, in microseconds of the wall clock. */
  public static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** Records the latency of each publish it handles; one message at a time, as every agent. */
  private static final class Reader implements Agent {
    private List<Long> latencies = new ArrayList<>();
    private long lastAt;

    @Override
    public Object onMessage(Object message, MessageContext context) {
      if (message instanceof Stamped stamped) {
        long now = nowMicros();
        latencies.add(now - stamped.sentAtMicros());
        lastAt = now;
        return null;
      }
      if (message instanceof Report) {
        Deliveries deliveries = new Deliveries(latencies, lastAt);
        latencies = new ArrayList<>();
        lastAt = 0;
        return deliveries;
      }
      throw new IllegalArgumentException("a reader takes Stamped or Report, not " + message);
    }
  }
}
