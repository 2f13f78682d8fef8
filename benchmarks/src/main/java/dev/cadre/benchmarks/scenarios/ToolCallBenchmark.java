package dev.cadre.benchmarks.scenarios;

import dev.cadre.benchmarks.Checks;
import org.openjdk.jmh.annotations.Benchmark;

/** Scenario 2: one agent, one tool call: two model turns and one tool run. */
public class ToolCallBenchmark extends ContestantBenchmark {

  @Override
  protected void check() {
    Checks.toolCall(subject, fakes);
  }

  @Benchmark
  public String toolCall() {
    return subject.toolCall(Checks.QUESTION);
  }
}
