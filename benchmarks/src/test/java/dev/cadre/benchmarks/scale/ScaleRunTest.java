package dev.cadre.benchmarks.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.benchmarks.Fakes;
import dev.cadre.benchmarks.fake.FakeLlm;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScaleRunTest {

  @ParameterizedTest
  @ValueSource(strings = {"cadre", "langchain4j", "floor"})
  void eachContestantHoldsEveryRunAtOnceAndAnswersRight(String contestant) {
    Map<String, Object> figures = smoke("--contestant", contestant);

    assertThat(figures)
        .containsEntry("errors", 0)
        .containsEntry("heldRuns", 20)
        .containsEntry("runs", 20)
        .containsKeys("runsPerSecond", "peakHeapMB", "heapPerWaitingRunKB", "peakThreads", "peakRssMB");
  }

  @Test
  void cadreTeamsCanShareOneRuntime() {
    Map<String, Object> figures = smoke("--contestant", "cadre", "--runtime", "shared");

    assertThat(figures).containsEntry("errors", 0).containsEntry("setup", "one shared runtime");
  }

  @Test
  void aRunWithAnotherAnswerIsAnError() {
    ScaleRun.Outcome outcome = new ScaleRun.Outcome("census", 2);

    outcome.track(0, CompletableFuture.completedFuture(ScaleRun.ANSWER));
    outcome.track(1, CompletableFuture.completedFuture("Draft: three paragraphs."));

    assertThat(outcome.errors()).isEqualTo(1);
    assertThat(outcome.firstError())
        .isEqualTo("census: run 1 answered \"Draft: three paragraphs.\", not \"Edited: ready to publish.\"");
    assertThat(outcome.pending()).isZero();
  }

  @Test
  void aFailedRunIsAnErrorNamingItsCause() {
    ScaleRun.Outcome outcome = new ScaleRun.Outcome("throughput", 1);

    outcome.track(0, CompletableFuture.failedFuture(new IllegalStateException("no model")));

    assertThat(outcome.firstError())
        .isEqualTo("throughput: run 0 failed: java.lang.IllegalStateException: no model");
  }

  @Test
  void everyRunStillPendingAtTheDeadlineIsAnError() {
    ScaleRun.Outcome outcome = new ScaleRun.Outcome("census", 3);
    outcome.track(0, CompletableFuture.completedFuture(ScaleRun.ANSWER));
    outcome.track(1, new CompletableFuture<>());
    outcome.track(2, new CompletableFuture<>());

    outcome.failPending("%d runs had not ended", outcome.pending());

    assertThat(outcome.errors()).isEqualTo(2);
    assertThat(outcome.firstError()).isEqualTo("census: 2 runs had not ended");
  }

  @Test
  void aModelCalledOnceTooOftenIsAnError() {
    Fakes fakes = new Fakes();
    for (FakeLlm llm : fakes.sequence()) {
      llm.reply(false, false);
      llm.reply(false, false);
    }
    fakes.drafter.reply(false, false);
    ScaleRun.Outcome outcome = new ScaleRun.Outcome("census", 2);

    ScaleRun.checkCalls(fakes, 2, outcome);

    assertThat(outcome.errors()).isEqualTo(2);
    assertThat(outcome.firstError())
        .isEqualTo("census: the model answering \"Draft: three paragraphs.\" was called 3 times for 2 runs");
  }

  @Test
  void optionsNameWhatIsWrong() {
    assertThatThrownBy(() -> ScaleRun.Options.parse("--contestant", "autogen"))
        .hasMessage("--contestant must be one of [cadre, langchain4j, floor], was autogen");
    assertThatThrownBy(() -> ScaleRun.Options.parse("--contestant", "floor", "--runtime", "shared"))
        .hasMessage("--runtime applies to cadre only");
    assertThatThrownBy(() -> ScaleRun.Options.parse("--contestant", "cadre", "--runs", "0"))
        .hasMessage("--runs takes a positive whole number, not 0");
  }

  /** The CI smoke run, with 1 ms of latency so that the test stays short. */
  private static Map<String, Object> smoke(String... contestant) {
    String[] args = new String[contestant.length + 4];
    System.arraycopy(contestant, 0, args, 0, contestant.length);
    System.arraycopy(new String[] {"--runs", "20", "--delay-ms", "1"}, 0, args, contestant.length, 4);
    return new ScaleRun(ScaleRun.Options.parse(args)).run().figures();
  }
}
