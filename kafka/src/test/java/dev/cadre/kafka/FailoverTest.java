package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import dev.cadre.kafka.WorkerProcesses.Worker;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A worker JVM killed (SIGKILL) in the middle of a team run: the run completes on the workers left,
 * with the transcript of an undisturbed run, and the side effect that was done before the kill is
 * not done again.
 */
class FailoverTest extends ReviewRuns {

  /**
   * Three workers host every type. Once the coder's tool has run and the manager's selector model
   * is choosing the reviewer, the worker running that model (so the manager, mid-run) is killed.
   * Its partitions move to a survivor, which handles the unacknowledged start of the run again from
   * the manager's stored state: the sends it repeats carry the ids of the first time, so the
   * planner and coder answer from their recorded outcomes instead of running again.
   */
  @Test
  void killingTheManagersWorkerMidRunLosesNothingAndRepeatsNoSideEffect(RunningKafka kafka)
      throws Exception {
    ReviewTeamSystem system = new ReviewTeamSystem.Selector();
    TaskResult expected = runInProcess(system, dir);
    String prefix = topicPrefix("failover");
    Path logDir = dir;
    List<List<String>> everyType = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      everyType.add(null);
    }
    workers.start(system.name(), workerEnv(kafka, prefix), logDir, everyType);

    TaskResult actual;
    long killed;
    try (KafkaAgentRuntime runtime = client(kafka, prefix);
        Team team = system.team(runtime, logDir)) {
      CompletableFuture<TaskResult> run =
          CompletableFuture.supplyAsync(() -> team.run(ReviewTeamSystem.TASK));
      killed = awaitReviewerChoiceThenKillItsWorker(logDir, run);
      try {
        actual = run.get(60, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError(
            "the run did not complete after worker "
                + killed
                + " was killed; model calls "
                + lines(logDir.resolve("turns.log"))
                + "\nworkers' output:\n"
                + workers.outputs(),
            e);
      }
    }

    assertThat(transcript(actual))
        .as("workers' output:\n%s", workers.outputs())
        .isEqualTo(transcript(expected));
    assertThat(actual.failed()).isFalse();
    List<String> turns = lines(logDir.resolve("turns.log"));
    assertThat(lines(logDir.resolve("tool.log")))
        .as("runs of the tool; killed %s; model calls %s", killed, turns)
        .hasSize(1);
    // The killed worker was the manager's (it ran the selector model); a survivor took over and
    // asked the selector again, then let the reviewer speak.
    List<Long> selectors = pidsOf(turns, "selector");
    assertThat(selectors).contains(killed);
    assertThat(selectors.get(selectors.size() - 1)).isNotEqualTo(killed);
    assertThat(pidsOf(turns, "reviewer")).isNotEmpty().doesNotContain(killed);
    // The planner and coder did not speak again: their recorded answers were reused.
    assertThat(pidsOf(turns, "planner")).hasSize(1);
    assertThat(pidsOf(turns, "coder")).hasSize(2);
  }

  /**
   * Waits until the tool has run and the selector model is choosing the reviewer, then SIGKILLs
   * the worker doing that; returns its pid.
   */
  private long awaitReviewerChoiceThenKillItsWorker(Path logDir, CompletableFuture<TaskResult> run)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && !run.isDone()) {
      if (!lines(logDir.resolve("tool.log")).isEmpty()) {
        for (String line : lines(logDir.resolve("turns.log"))) {
          if (line.endsWith(" selector reviewer")) {
            Worker worker = workers.byPid(Long.parseLong(line.split(" ", 2)[0]));
            worker.kill();
            return worker.pid();
          }
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError(
        "the run never reached the reviewer's selection (done: "
            + run.isDone()
            + ")\nturns: "
            + lines(logDir.resolve("turns.log"))
            + "\nworkers' output:\n"
            + workers.outputs());
  }
}
