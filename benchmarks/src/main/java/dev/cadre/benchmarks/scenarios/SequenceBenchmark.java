package dev.cadre.benchmarks.scenarios;

import dev.cadre.benchmarks.Checks;
import org.openjdk.jmh.annotations.Benchmark;

/** Scenario 3: three agents in sequence, each passing its output on. */
public class SequenceBenchmark extends ContestantBenchmark {

  @Override
  protected void check() {
    Checks.sequence(subject, fakes);
  }

  @Benchmark
  public String sequence() {
    return subject.sequence(Checks.TOPIC);
  }
}
