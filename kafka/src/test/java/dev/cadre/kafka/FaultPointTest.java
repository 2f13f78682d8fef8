package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import dev.cadre.kafka.WorkerProcesses.Worker;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A worker halted ({@link Runtime#halt}, as a crash) at each step of handling a message, through
 * {@link FaultPoints}: the run completes on the other worker with the transcript of the same team
 * in one process. The coder's tool writes a ledger line per call: a call whose turn was committed
 * before the crash never runs again; a call whose turn the crash cut short runs again, once (the
 * README's "nothing done twice" says so).
 */
class FaultPointTest extends ReviewRuns {

  /** The run in one process, the same for every case: made once, to keep the suite short. */
  private static TaskResult reference;

  @ParameterizedTest(name = "halted at {0} in {1}")
  @CsvSource({
    // The coder's model answered with the tool call; the tool has not run.
    "model, coder, 1",
    // The tool ran, its turn is not committed: the next owner runs the turn, and the tool, again.
    "tool, coder, 2",
    // The manager's first message to a speaker is in the open transaction, not committed.
    "produced, manager, 1",
    // The reviewer's turn, after the coder's was committed: its outcome, state and reply are in
    // the open transaction, then its offset too; none of it is committed.
    "state-written, participant.reviewer, 1",
    "before-commit, participant.reviewer, 1",
  })
  void aWorkerHaltedAtAStepLeavesTheRunAsInOneProcess(
      String step, String where, int toolRuns, RunningKafka kafka) throws Exception {
    ReviewTeamSystem system = new ReviewTeamSystem.Selector();
    if (reference == null) {
      reference = runInProcess(system, dir);
    }
    TaskResult expected = reference;
    String prefix = topicPrefix("fault-" + step);
    Path halted = dir.resolve("halted");
    Map<String, String> env = new HashMap<>(workerEnv(kafka, prefix));
    env.put(FaultPoints.HALT_AT, step + ":" + where);
    env.put(FaultPoints.HALT_ONCE, halted.toString());
    List<Worker> started = workers.start(system.name(), env, dir, Arrays.asList(null, null));
    awaitGroupsSettled(kafka, prefix, 2);

    TaskResult actual;
    try (KafkaAgentRuntime runtime = client(kafka, prefix);
        Team team = system.team(runtime, dir)) {
      CompletableFuture<TaskResult> run =
          CompletableFuture.supplyAsync(() -> team.run(ReviewTeamSystem.TASK));
      actual = run.get(60, TimeUnit.SECONDS);
    }

    String story =
        "halted at " + step + " in " + where + "; model calls " + lines(dir.resolve("turns.log"))
            + "; tool " + lines(dir.resolve("tool.log")) + "; workers' output:\n"
            + workers.outputs();
    assertThat(Files.exists(halted)).as(story).isTrue();
    assertThat(started.stream().filter(worker -> !worker.process.isAlive()).toList())
        .as(story)
        .hasSize(1)
        .allSatisfy(worker -> assertThat(worker.output()).contains("cadre fault point: halting"));
    assertThat(transcript(actual)).as(story).isEqualTo(transcript(expected));
    assertThat(actual.stop()).isEqualTo(expected.stop());
    assertThat(lines(dir.resolve("tool.log"))).as(story).hasSize(toolRuns);
    // What a worker taking the agents over would restore: each speaker's memory holds its turn,
    // stored with the turn's outcome, not before it.
    assertThat(storedState(kafka, prefix, ReviewTeamSystem.PLANNER)).asString().contains("PLAN-READY");
    assertThat(storedState(kafka, prefix, ReviewTeamSystem.CODER)).asString().contains("CODE-READY");
    assertThat(storedState(kafka, prefix, ReviewTeamSystem.REVIEWER))
        .asString()
        .contains("APPROVE: the code is fine");
  }
}
