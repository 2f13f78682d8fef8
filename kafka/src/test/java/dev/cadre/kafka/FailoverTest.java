package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import dev.cadre.kafka.WorkerProcesses.Worker;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
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

  /** What a run with a kill came to. */
  private record Failover(
      TaskResult expected, TaskResult actual, long killed, List<String> turns) {

    /** For a failure message: who was killed, who did what, and what the workers said. */
    String describe(WorkerProcesses workers) {
      return "killed " + killed + "; model calls " + turns + "; workers' output:\n" + workers.outputs();
    }
  }

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
    Failover run = runAndKill(kafka, "failover-manager", "selector reviewer");

    assertSameRunAndOneToolCall(run);
    // The killed worker was the manager's (it ran the selector model); a survivor took over and
    // asked the selector again, then let the reviewer speak.
    List<Long> selectors = pidsOf(run.turns, "selector");
    assertThat(selectors).contains(run.killed);
    assertThat(selectors.get(selectors.size() - 1)).isNotEqualTo(run.killed);
    assertThat(pidsOf(run.turns, "reviewer")).isNotEmpty().doesNotContain(run.killed);
    // The planner and coder did not speak again: their recorded answers were reused.
    assertThat(pidsOf(run.turns, "planner")).as(run.describe(workers)).hasSize(1);
    assertThat(pidsOf(run.turns, "coder")).as(run.describe(workers)).hasSize(2);
  }

  /**
   * The worker running the reviewer's turn is killed while its model answers: a survivor runs the
   * turn again and the manager, waiting for that reply, gets it from there.
   */
  @Test
  void killingAParticipantsWorkerMidTurnReRunsOnlyThatTurn(RunningKafka kafka) throws Exception {
    Failover run = runAndKill(kafka, "failover-reviewer", "reviewer APPROVE: the code is fine");

    assertSameRunAndOneToolCall(run);
    List<Long> reviewers = pidsOf(run.turns, "reviewer");
    assertThat(reviewers).as(run.describe(workers)).hasSize(2).startsWith(run.killed);
    assertThat(reviewers.get(1)).isNotEqualTo(run.killed);
    assertThat(pidsOf(run.turns, "planner")).as(run.describe(workers)).hasSize(1);
    assertThat(pidsOf(run.turns, "coder")).as(run.describe(workers)).hasSize(2);
  }

  private void assertSameRunAndOneToolCall(Failover run) throws Exception {
    assertThat(transcript(run.actual))
        .as(run.describe(workers))
        .isEqualTo(transcript(run.expected));
    assertThat(run.actual.stop()).isEqualTo(run.expected.stop());
    assertThat(lines(dir.resolve("tool.log")))
        .as("runs of the tool; killed %s; model calls %s", run.killed, run.turns)
        .hasSize(1);
  }

  /**
   * Runs the selector team in process, then on three workers that each host every type, from this
   * JVM; once the tool has run and a model call logs {@code agentAndReply}, SIGKILLs the worker
   * that made the call and waits for the run to end on the others.
   */
  private Failover runAndKill(RunningKafka kafka, String test, String agentAndReply)
      throws Exception {
    ReviewTeamSystem system = new ReviewTeamSystem.Selector();
    TaskResult expected = runInProcess(system, dir);
    String prefix = topicPrefix(test);
    List<List<String>> everyType = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      everyType.add(null);
    }
    workers.start(system.name(), workerEnv(kafka, prefix), dir, everyType);
    awaitGroupsSettled(kafka, prefix, 3);

    try (KafkaAgentRuntime runtime = client(kafka, prefix);
        Team team = system.team(runtime, dir)) {
      CompletableFuture<TaskResult> run =
          CompletableFuture.supplyAsync(() -> team.run(ReviewTeamSystem.TASK));
      long killed = killWhenLogged(agentAndReply, run);
      try {
        TaskResult actual = run.get(60, TimeUnit.SECONDS);
        return new Failover(expected, actual, killed, lines(dir.resolve("turns.log")));
      } catch (TimeoutException e) {
        throw new AssertionError(
            "the run did not complete after worker "
                + killed
                + " was killed; model calls "
                + lines(dir.resolve("turns.log"))
                + "\nworkers' output:\n"
                + workers.outputs(),
            e);
      }
    }
  }

  /** SIGKILLs the worker making the model call {@code agentAndReply}; returns its pid. */
  private long killWhenLogged(String agentAndReply, CompletableFuture<TaskResult> run)
      throws Exception {
    Worker worker = workers.byPid(awaitCall(run, agentAndReply));
    worker.kill();
    return worker.pid();
  }
}
