package dev.cadre.benchmarks;

import java.util.concurrent.CompletableFuture;

/**
 * Scenario 6's contestants: a way to carry messages between agents inside one JVM, either Cadre's
 * in-process runtime or a hand-written actor. Each holds one echo agent and {@link #SUBSCRIBERS}
 * subscribers of one topic, which report every message they handle to a {@link Tally}.
 */
public interface Messaging extends AutoCloseable {

  /** How many agents a publish reaches. */
  int SUBSCRIBERS = 10;

  /** The name the benchmark takes as a parameter: {@code cadre} or {@code floor}. */
  String name();

  /** Sends {@code message} to the echo agent, from outside any agent; completes with its reply. */
  CompletableFuture<Object> send(Object message);

  /** Publishes {@code message} to the topic every subscriber handles, from outside any agent. */
  void publish(Object message);

  @Override
  void close();
}
