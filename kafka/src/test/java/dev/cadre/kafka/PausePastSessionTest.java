package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import dev.cadre.kafka.WorkerProcesses.Worker;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A worker frozen (SIGSTOP) for twice the session timeout in the middle of a run, as a long GC
 * pause or a frozen VM would, then thawed (SIGCONT): the other worker takes its agents over, the
 * thawed worker's late writes are fenced, its agents made anew if their partitions come back, and
 * the run ends as it does in one process, its side effect done once.
 */
class PausePastSessionTest extends ReviewRuns {

  /** The test broker's {@code group.consumer.session.timeout.ms}. */
  private static final long SESSION_MILLIS = 3_000;

  @Test
  void aWorkerPausedPastItsSessionIsFencedAndTheRunIsAsInOneProcess(RunningKafka kafka)
      throws Exception {
    ReviewTeamSystem system = new ReviewTeamSystem.Selector();
    TaskResult expected = runInProcess(system, dir);
    String prefix = topicPrefix("pause");
    List<Worker> started =
        workers.start(system.name(), workerEnv(kafka, prefix), dir, Arrays.asList(null, null));
    awaitGroupsSettled(kafka, prefix, 2);

    Worker paused;
    TaskResult actual;
    try (KafkaAgentRuntime runtime = client(kafka, prefix);
        Team team = system.team(runtime, dir)) {
      CompletableFuture<TaskResult> run =
          CompletableFuture.supplyAsync(() -> team.run(ReviewTeamSystem.TASK));
      // The manager's worker, while its selector model chooses the reviewer: the coder's turn,
      // and its tool call, are committed; the manager's run is in flight.
      paused = workers.byPid(awaitCall(run, "selector reviewer"));
      signal("STOP", paused);
      try {
        Thread.sleep(2 * SESSION_MILLIS);
      } finally {
        signal("CONT", paused);
      }
      actual = run.get(60, TimeUnit.SECONDS);
    }

    String story =
        "paused " + paused + "; model calls " + lines(dir.resolve("turns.log")) + "; tool "
            + lines(dir.resolve("tool.log")) + "; workers' output:\n" + workers.outputs();
    assertThat(transcript(actual)).as(story).isEqualTo(transcript(expected));
    assertThat(actual.stop()).isEqualTo(expected.stop());
    assertThat(lines(dir.resolve("tool.log"))).as(story).hasSize(1);
    // The thawed worker goes on with the handler it held (the run may end on the other worker
    // first), and what that handler ends with is refused, not written.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!paused.output().contains("fenced: ") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(paused.process.isAlive()).as(story).isTrue();
    assertThat(paused.output()).as("%s\n%s", story, paused.output()).contains("fenced: ");
    // The worker's lines go through SLF4J (the test class path binds its simple provider), with
    // their level and logger: not through java.util.logging, and no "no providers" warning.
    assertThat(paused.output())
        .containsPattern(" (INFO|WARN) (TypeHost|PartitionWriter) - fenced: ")
        .doesNotContain("SLF4J(W)");
    assertThat(started).contains(paused);
  }

  private static void signal(String signal, Worker worker) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(worker.pid()))
            .redirectErrorStream(true)
            .start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %s", signal, worker).isZero();
  }
}
