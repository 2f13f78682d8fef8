package dev.cadre.benchmarks.scenarios;

import dev.cadre.benchmarks.Checks;
import org.openjdk.jmh.annotations.Benchmark;

/** Scenario 1: one agent, one model turn, no tools. */
public class OneTurnBenchmark extends ContestantBenchmark {

  @Override
  protected void check() {
    Checks.oneTurn(subject, fakes);
  }

  @Benchmark
  public String oneTurn() {
    return subject.oneTurn(Checks.QUESTION);
  }
}
