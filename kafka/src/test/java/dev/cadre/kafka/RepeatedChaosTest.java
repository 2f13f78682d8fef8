package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import dev.cadre.kafka.WorkerProcesses.Worker;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Chaos, repeated: ten runs of the review team across two worker JVMs, each disturbed once at a
 * different point and with a different timing: five with a worker killed (SIGKILL) and five with
 * the broker killed (SIGKILL) and started again on its data after an outage of 0.5 to 4 s, the two
 * kinds taking turns on one broker. Every run must complete with the transcript and stop reason of
 * the same team run in one process; the tool ran once, or twice only for a call in flight in the
 * killed worker (README, "nothing done twice"); with the broker killed, no model call ran twice.
 * Each trial prints its timings: for a kill, how long the run went from the kill to its next
 * model call; for an outage, how long the broker took to answer again and the run to finish.
 */
class RepeatedChaosTest extends ReviewRuns {

  /** One disturbance of a run: where it lands and how. */
  private record Trial(String kind, String agentAndReply, long millis) {
    boolean kill() {
      return kind.equals("kill");
    }

    @Override
    public String toString() {
      return kill()
          ? "kill the worker " + millis + " ms after '" + agentAndReply + "'"
          : "broker down " + millis + " ms from '" + agentAndReply + "'";
    }
  }

  /**
   * The model calls of a run, in order: the selector's choice, then the speaker's turn. A kill
   * lands a given time after one of them is logged (each takes {@link
   * ReviewTeamSystem#TURN_MILLIS}: within it, mid-call; past it, between calls); an outage starts
   * when one is logged and lasts the given time.
   */
  private static final List<Trial> TRIALS =
      List.of(
          new Trial("kill", "planner ", 0),
          new Trial("broker", "planner ", 500),
          new Trial("kill", "selector coder", 120),
          new Trial("broker", "selector coder", 1_000),
          new Trial("kill", "coder tool call", 60),
          new Trial("broker", "coder tool call", 1_500),
          new Trial("kill", "coder CODE-READY", 300),
          new Trial("broker", "coder CODE-READY", 2_500),
          new Trial("kill", "reviewer ", 180),
          new Trial("broker", "selector reviewer", 4_000));

  @Test
  @Timeout(300)
  void tenRunsEachDisturbedDifferentlyAllCompleteAsInOneProcess() throws Exception {
    ReviewTeamSystem system = new ReviewTeamSystem.Selector();
    TaskResult expected = runInProcess(system, dir);
    List<String> expectedCalls = calls(lines(dir.resolve("in-process").resolve("turns.log")));
    List<String> timings = new ArrayList<>();
    long started = System.nanoTime();
    try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"), Map.of())) {
      RunningKafka kafka = new RunningKafka(broker.bootstrapServers());
      for (int i = 0; i < TRIALS.size(); i++) {
        Trial trial = TRIALS.get(i);
        String timing = run(system, expected, expectedCalls, broker, kafka, i + 1, trial);
        timings.add(timing);
        System.out.println("chaos " + (i + 1) + "/" + TRIALS.size() + ": " + timing);
      }
    }
    System.out.printf(
        "chaos: %d runs in %d s%n",
        TRIALS.size(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    assertThat(timings).hasSize(TRIALS.size());
  }

  /** One run on two fresh workers, disturbed as {@code trial} says; returns its timings. */
  private String run(
      ReviewTeamSystem system,
      TaskResult expected,
      List<String> expectedCalls,
      BrokerProcess broker,
      RunningKafka kafka,
      int number,
      Trial trial)
      throws Exception {
    Path logDir = Files.createDirectories(dir.resolve("trial-" + number));
    String prefix = topicPrefix("chaos-" + number);
    // The test broker's session timeout (3 s): a shorter one fences live workers on a loaded
    // 2-core machine (README, "Distributed"), which would rerun handlers this test counts.
    List<Worker> started =
        workers.niced().start(system.name(), workerEnv(kafka, prefix), logDir, everyType(2));
    try {
      awaitGroupsSettled(kafka, prefix, 2);
      try (KafkaAgentRuntime runtime =
              KafkaAgentRuntime.start(kafka.config(prefix).hostedTypes(List.of()).build());
          Team team = system.team(runtime, logDir)) {
        long runStarted = System.nanoTime();
        CompletableFuture<TaskResult> run =
            CompletableFuture.supplyAsync(() -> team.run(ReviewTeamSystem.TASK));
        String line = awaitLogged(logDir, run, trial.agentAndReply());
        String timing;
        long killed = -1;
        if (trial.kill()) {
          Thread.sleep(trial.millis());
          Worker worker = workers.byPid(Long.parseLong(line.split(" ", 2)[0]));
          int callsBefore = lines(logDir.resolve("turns.log")).size();
          long at = System.nanoTime();
          worker.kill();
          killed = worker.pid();
          long next = awaitNextCall(logDir, run, callsBefore);
          timing =
              trial
                  + ": the run's next model call "
                  + (next < 0 ? "never came (it had ended)" : millisSince(at, next) + " ms later");
        } else {
          long at = System.nanoTime();
          broker.kill();
          Thread.sleep(trial.millis());
          broker.startAgain();
          timing = trial + ": the broker answered again after " + millisSince(at, System.nanoTime())
              + " ms";
        }
        TaskResult actual;
        try {
          actual = run.get(90, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new AssertionError(
              "trial " + number + " (" + trial + ") did not complete; model calls "
                  + lines(logDir.resolve("turns.log")) + "\nworkers' output:\n" + workers.outputs(),
              e);
        }
        timing += "; the run took " + millisSince(runStarted, System.nanoTime()) + " ms";
        String context =
            "trial " + number + " (" + trial + "); model calls "
                + lines(logDir.resolve("turns.log")) + "; tool runs "
                + lines(logDir.resolve("tool.log")) + "\nworkers' output:\n" + workers.outputs();
        assertThat(transcript(actual)).as(context).isEqualTo(transcript(expected));
        assertThat(actual.stop()).as(context).isEqualTo(expected.stop());
        List<Long> toolRuns = pids(lines(logDir.resolve("tool.log")));
        if (trial.kill()) {
          // Twice only when the first run was in the killed worker, its turn still in flight.
          assertThat(toolRuns.size() == 1 || (toolRuns.size() == 2 && toolRuns.get(0) == killed))
              .as("the tool ran once, or again only for a call in flight when %s was killed; %s",
                  killed, context)
              .isTrue();
        } else {
          assertThat(toolRuns).as(context).hasSize(1);
          assertThat(calls(lines(logDir.resolve("turns.log"))))
              .as(context)
              .isEqualTo(expectedCalls);
        }
        return timing;
      }
    } finally {
      for (Worker worker : started) {
        worker.kill();
      }
    }
  }

  /**
   * Waits until {@code turns.log} holds more than {@code before} lines; returns when (nanoTime),
   * or -1 if the run ended first.
   */
  private long awaitNextCall(Path logDir, CompletableFuture<?> run, int before) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (lines(logDir.resolve("turns.log")).size() <= before) {
      if (run.isDone()) {
        return -1;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no model call within 60 s of the kill; workers' output:\n" + workers.outputs());
      }
      Thread.sleep(5);
    }
    return System.nanoTime();
  }

  /** The pids that start a log's lines. */
  private static List<Long> pids(List<String> lines) {
    return lines.stream().map(line -> Long.parseLong(line.split(" ", 2)[0])).toList();
  }

  private static long millisSince(long from, long to) {
    return TimeUnit.NANOSECONDS.toMillis(to - from);
  }
}
