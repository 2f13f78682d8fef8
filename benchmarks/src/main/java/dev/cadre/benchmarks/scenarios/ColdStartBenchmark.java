package dev.cadre.benchmarks.scenarios;

import dev.cadre.benchmarks.Checks;
import dev.cadre.benchmarks.Fakes;
import dev.cadre.benchmarks.cadre.CadreContestant;
import dev.cadre.benchmarks.floor.FloorContestant;
import dev.cadre.benchmarks.langchain4j.LangChain4jContestant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 5, cold start: in a fresh JVM, the time from nothing of the framework loaded to the
 * first reply of a one-tool agent, and to the first result of the three-agent sequence. Each fork
 * is a new JVM measured once ({@link Mode#SingleShotTime}), so class loading, initialisation and
 * interpretation before the JIT all count; the JVM's own start is the same for every contestant
 * and is not included.
 *
 * <p>A check before the shot would warm the JVM, so here the result is checked after it, in the
 * iteration's tear-down, which fails the benchmark just the same.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(20)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class ColdStartBenchmark {

  @Param({"cadre", "langchain4j", "floor"})
  public String contestant;

  private Fakes fakes;
  private String toolAnswer;
  private String sequenceAnswer;

  @Benchmark
  public String toolAgent() {
    fakes = new Fakes();
    fakes.startRecording();
    switch (contestant) {
      case "cadre":
        toolAnswer = CadreContestant.firstToolCall(fakes);
        break;
      case "langchain4j":
        toolAnswer = LangChain4jContestant.firstToolCall(fakes);
        break;
      default:
        toolAnswer = new FloorContestant(fakes).toolCall(Checks.QUESTION);
    }
    return toolAnswer;
  }

  @Benchmark
  public String sequence() {
    fakes = new Fakes();
    fakes.startRecording();
    switch (contestant) {
      case "cadre":
        sequenceAnswer = CadreContestant.firstSequence(fakes);
        break;
      case "langchain4j":
        sequenceAnswer = LangChain4jContestant.firstSequence(fakes);
        break;
      default:
        sequenceAnswer = new FloorContestant(fakes).sequence(Checks.TOPIC);
    }
    return sequenceAnswer;
  }

  @TearDown(Level.Iteration)
  public void check() {
    if (toolAnswer != null) {
      Checks.toolCallResult(contestant, fakes, toolAnswer);
    } else {
      Checks.sequenceResult(contestant, fakes, sequenceAnswer);
    }
  }
}
