package dev.cadre.benchmarks.scenarios;

import dev.cadre.benchmarks.Checks;
import dev.cadre.benchmarks.fake.FakeLlm;
import org.openjdk.jmh.annotations.Benchmark;

/** Scenario 4: tool dispatch alone: arguments JSON in, the method called, the result out. */
public class ToolDispatchBenchmark extends ContestantBenchmark {

  @Override
  protected void check() {
    Checks.dispatch(subject, fakes);
  }

  @Benchmark
  public String dispatch() {
    return subject.dispatch(FakeLlm.TOOL_ARGUMENTS);
  }
}
