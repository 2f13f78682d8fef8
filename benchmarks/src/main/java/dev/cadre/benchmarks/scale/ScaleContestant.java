package dev.cadre.benchmarks.scale;

import java.util.concurrent.CompletableFuture;

/**
 * One contestant of scenario 7: what it takes to have many sequence runs in flight at once, each
 * started without waiting for the one before.
 */
interface ScaleContestant extends AutoCloseable {

  /** How the contestant holds its runs, for the report: its runtime or its sharing. */
  String setup();

  /** Builds whatever {@code runs} concurrent runs need, before the first one starts. */
  void prepare(int runs);

  /**
   * Starts run {@code run} (from 0 to the number prepared, each once) and returns at once; the
   * future completes with the run's final text.
   */
  CompletableFuture<String> start(int run);

  /** Releases what {@link #prepare} built; called once every run has ended. */
  @Override
  void close();
}
