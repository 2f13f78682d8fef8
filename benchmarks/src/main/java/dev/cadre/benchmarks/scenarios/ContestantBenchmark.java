package dev.cadre.benchmarks.scenarios;

import dev.cadre.benchmarks.Contestant;
import dev.cadre.benchmarks.Contestants;
import dev.cadre.benchmarks.Fakes;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenarios 1 to 4: the same work done by each contestant in turn, as average time per operation.
 * The set-up builds the contestant once and checks, with one real run, that it does what the
 * scenario claims; the run script's {@code -prof gc} adds allocation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class ContestantBenchmark {

  @Param({"cadre", "langchain4j", "floor"})
  public String contestant;

  protected Fakes fakes;
  protected Contestant subject;

  @Setup
  public void setUp() {
    fakes = new Fakes();
    subject = Contestants.create(contestant, fakes);
    check();
  }

  /** Runs the scenario once and fails if it did not do what it claims. */
  protected abstract void check();

  @TearDown
  public void tearDown() {
    subject.close();
  }
}
