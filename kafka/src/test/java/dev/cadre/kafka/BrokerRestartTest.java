package dev.cadre.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import dev.cadre.kafka.WorkerProcesses.Worker;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broker killed (SIGKILL) and started again on the same data directory while a team runs across
 * three worker JVMs: the run waits for the broker and completes with the transcript of a run in one
 * process, and no model or tool call runs twice.
 */
class BrokerRestartTest extends ReviewRuns {

  /**
   * Shorter than the longest outage: time the broker is away does not count against a send's
   * timeout.
   */
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(25);

  /** The outage window of the test that outlasts it. */
  private static final Duration SHORT_WINDOW = Duration.ofSeconds(4);

  /**
   * What "no process hangs" means: with the broker gone, closing a runtime (or a worker's SIGTERM)
   * returns within this.
   */
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(30);

  /**
   * Three outages in one run, at three points of it: while the planner's model answers (5 s),
   * while the coder's turn calls its tool (10 s), and while the reviewer's model answers (30 s).
   * Each outage is counted from the kill to the start of the new broker, which then recovers its
   * logs for a few seconds more. Sends wait up to 25 s here, less than the last outage: the time
   * the broker is away does not count.
   */
  @Test
  @Timeout(240)
  void aRunRidesOutBrokerOutagesOfFiveTenAndThirtySeconds() throws Exception {
    ReviewTeamSystem system = new ReviewTeamSystem.Selector();
    TaskResult expected = runInProcess(system, dir);
    List<String> expectedCalls = calls(lines(dir.resolve("in-process").resolve("turns.log")));

    try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"), Map.of())) {
      RunningKafka kafka = new RunningKafka(broker.bootstrapServers());
      String prefix = topicPrefix("restart");
      Map<String, String> env = new HashMap<>(workerEnv(kafka, prefix));
      env.put("CADRE_KAFKA_SEND_TIMEOUT", SEND_TIMEOUT.toSeconds() + "s");
      workers.niced().start(system.name(), env, dir, everyType(3));
      awaitGroupsSettled(kafka, prefix, 3);

      List<String> outages = new ArrayList<>();
      try (KafkaAgentRuntime runtime =
              KafkaAgentRuntime.start(
                  kafka.config(prefix).hostedTypes(List.of()).sendTimeout(SEND_TIMEOUT).build());
          Team team = system.team(runtime, dir)) {
        CompletableFuture<TaskResult> run =
            CompletableFuture.supplyAsync(() -> team.run(ReviewTeamSystem.TASK));
        outages.add(outage(broker, run, "planner ", Duration.ofSeconds(5)));
        outages.add(outage(broker, run, "coder tool call", Duration.ofSeconds(10)));
        outages.add(outage(broker, run, "reviewer ", Duration.ofSeconds(30)));
        TaskResult actual;
        try {
          actual = run.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new AssertionError(
              "the run did not complete after the outages " + outages + "; model calls "
                  + lines(dir.resolve("turns.log")) + "\nworkers' output:\n" + workers.outputs(),
              e);
        }
        String context =
            "outages " + outages + "; model calls " + lines(dir.resolve("turns.log"))
                + "\nworkers' output:\n" + workers.outputs();
        assertThat(transcript(actual)).as(context).isEqualTo(transcript(expected));
        assertThat(actual.stop()).as(context).isEqualTo(expected.stop());
        assertThat(calls(lines(dir.resolve("turns.log")))).as(context).isEqualTo(expectedCalls);
        assertThat(lines(dir.resolve("tool.log"))).as(context).hasSize(1);
        System.out.println("the run rode out " + outages);
      }
    }
  }

  /**
   * An outage longer than the window (shortened to {@link #SHORT_WINDOW} here): the run fails with
   * an error naming the broker and the setting, within the window and a little more; the caller's
   * runtime and a worker stopped (SIGTERM) while the broker is still away both close within
   * bounds.
   */
  @Test
  void anOutageLongerThanTheWindowFailsTheRunClearlyAndNothingHangs() throws Exception {
    ReviewTeamSystem system = new ReviewTeamSystem.Selector();
    try (BrokerProcess broker = BrokerProcess.start(dir.resolve("broker"), Map.of())) {
      RunningKafka kafka = new RunningKafka(broker.bootstrapServers());
      String prefix = topicPrefix("window");
      Map<String, String> env = new HashMap<>(workerEnv(kafka, prefix));
      env.put("CADRE_KAFKA_OUTAGE_WINDOW", SHORT_WINDOW.toMillis() + "ms");
      List<Worker> started = workers.niced().start(system.name(), env, dir, everyType(3));
      awaitGroupsSettled(kafka, prefix, 3);

      KafkaAgentRuntime runtime =
          KafkaAgentRuntime.start(
              kafka.config(prefix).hostedTypes(List.of()).brokerOutageWindow(SHORT_WINDOW).build());
      Team team = system.team(runtime, dir);
      CompletableFuture<TaskResult> run =
          CompletableFuture.supplyAsync(() -> team.run(ReviewTeamSystem.TASK));
      awaitLogged(dir, run, "planner ");
      long killed = System.nanoTime();
      broker.kill();

      assertThatThrownBy(() -> run.get(60, TimeUnit.SECONDS))
          .as("workers' output:\n%s", workers.outputs())
          .isInstanceOf(ExecutionException.class)
          .hasStackTraceContaining("Kafka at " + broker.bootstrapServers() + " has not answered")
          .hasStackTraceContaining("brokerOutageWindow " + SHORT_WINDOW)
          .hasStackTraceContaining("(CADRE_KAFKA_OUTAGE_WINDOW)");
      Duration failedAfter = Duration.ofNanos(System.nanoTime() - killed);
      // Counted from the broker's last answer, which came up to a probe's interval (a tenth of
      // the window) before the kill.
      assertThat(failedAfter)
          .isGreaterThanOrEqualTo(SHORT_WINDOW.minus(SHORT_WINDOW.dividedBy(5)))
          .isLessThan(SHORT_WINDOW.plusSeconds(10));

      long closing = System.nanoTime();
      team.close();
      runtime.close();
      Duration closedAfter = Duration.ofNanos(System.nanoTime() - closing);
      Worker stopped = started.get(0);
      closing = System.nanoTime();
      stopped.process.destroy();
      assertThat(stopped.process.waitFor(CLOSE_BOUND.toSeconds(), TimeUnit.SECONDS))
          .as("%s exits on SIGTERM, the broker away; its output:\n%s", stopped, stopped.output())
          .isTrue();
      Duration stoppedAfter = Duration.ofNanos(System.nanoTime() - closing);
      System.out.printf(
          "the run failed %s after the kill; the caller closed in %s, a worker in %s%n",
          failedAfter, closedAfter, stoppedAfter);
      assertThat(closedAfter).isLessThan(CLOSE_BOUND);
    }
  }

  /**
   * Once a model call starting {@code agentAndReply} is logged, kills the broker, waits {@code
   * down} and starts it again; returns what the outage was, for a failure message.
   */
  private String outage(
      BrokerProcess broker, CompletableFuture<TaskResult> run, String agentAndReply, Duration down)
      throws Exception {
    awaitLogged(dir, run, agentAndReply);
    long killed = System.nanoTime();
    broker.kill();
    Thread.sleep(down.toMillis());
    broker.startAgain();
    return agentAndReply.strip() + ": " + down.toSeconds() + " s down, answering again after "
        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed) + " ms";
  }
}
