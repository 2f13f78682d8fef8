package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import dev.cadre.kafka.WorkerProcesses.Worker;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A team spread over three worker JVMs, each hosting different agent types, run from a fourth
 * process (this JVM) that hosts none: the run is the run of the same team in one process, message
 * for message, and each agent ran where it is hosted.
 */
class DistributedTeamRunTest extends ReviewRuns {

  @Test
  void aSelectorTeamAcrossThreeWorkersRunsAsInOneProcess(RunningKafka kafka) throws Exception {
    runAcrossWorkers(kafka, new ReviewTeamSystem.Selector(), "selector");
  }

  @Test
  void aGraphTeamAcrossThreeWorkersRunsAsInOneProcess(RunningKafka kafka) throws Exception {
    runAcrossWorkers(kafka, new ReviewTeamSystem.Graph(), "graph");
  }

  private void runAcrossWorkers(RunningKafka kafka, ReviewTeamSystem system, String test)
      throws Exception {
    TaskResult expected = runInProcess(system, dir);
    String prefix = topicPrefix(test);
    Path logDir = dir;
    // The manager shares a worker with the planner; coder and reviewer have one each.
    List<Worker> started =
        workers.start(
            system.name(),
            workerEnv(kafka, prefix),
            logDir,
            List.of(
                List.of(ReviewTeamSystem.MANAGER, ReviewTeamSystem.PLANNER),
                List.of(ReviewTeamSystem.CODER),
                List.of(ReviewTeamSystem.REVIEWER)));
    awaitGroupsSettled(kafka, prefix, 1);

    TaskResult actual;
    try (KafkaAgentRuntime runtime = client(kafka, prefix);
        Team team = system.team(runtime, logDir)) {
      actual = team.run(ReviewTeamSystem.TASK);
    }

    assertThat(transcript(actual))
        .as("workers' output:\n%s", workers.outputs())
        .isEqualTo(transcript(expected))
        .first()
        .isEqualTo("user: " + ReviewTeamSystem.TASK);
    assertThat(transcript(actual)).last().asString().startsWith("reviewer: APPROVE");
    assertThat(actual.stop()).isEqualTo(expected.stop());
    List<String> tool = lines(logDir.resolve("tool.log"));
    assertThat(tool).hasSize(1);
    List<String> turns = lines(logDir.resolve("turns.log"));
    assertThat(pidsOf(turns, "planner")).containsOnly(started.get(0).pid());
    assertThat(pidsOf(turns, "coder")).hasSize(2).containsOnly(started.get(1).pid());
    assertThat(tool.get(0)).startsWith(started.get(1).pid() + " ");
    assertThat(pidsOf(turns, "reviewer")).containsOnly(started.get(2).pid());
    if (system instanceof ReviewTeamSystem.Selector) {
      // The selector's model runs in the manager.
      assertThat(pidsOf(turns, "selector")).hasSize(3).containsOnly(started.get(0).pid());
    } else {
      assertThat(pidsOf(turns, "selector")).isEmpty();
    }
  }
}
