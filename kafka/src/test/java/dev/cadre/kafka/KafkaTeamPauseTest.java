package dev.cadre.kafka;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.kafka.SharedKafkaCluster.RunningKafka;
import dev.cadre.model.Usage;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pausing a team whose agents run on Kafka: the pause travels as a control message through the
 * broker and reaches the participant's container while the container is busy with the turn.
 */
@ExtendWith(SharedKafkaCluster.class)
class KafkaTeamPauseTest {

  /** Its turn starts, then waits until it is resumed; notes its hooks. */
  private static final class Waiter implements ChatAgent {
    final List<String> hooks = new CopyOnWriteArrayList<>();
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch resumed = new CountDownLatch(1);

    @Override
    public String name() {
      return "worker";
    }

    @Override
    public String description() {
      return "waits to be resumed";
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      started.countDown();
      String answer;
      try {
        answer = resumed.await(20, SECONDS) ? "done" : "never resumed";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        answer = "interrupted";
      }
      AgentMessage said = new AgentMessage.Text("worker", answer);
      return new AgentResponse(said, List.of(), Usage.ZERO, null);
    }

    @Override
    public void reset() {}

    @Override
    public void onPause(CancellationToken cancellation) {
      hooks.add("paused");
    }

    @Override
    public void onResume(CancellationToken cancellation) {
      hooks.add("resumed");
      resumed.countDown();
    }
  }

  @Test
  void pausingReachesAParticipantInTheMiddleOfItsTurnThroughTheBroker(RunningKafka kafka)
      throws Exception {
    String prefix = "pause" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    Waiter worker = new Waiter();
    try (KafkaAgentRuntime runtime =
            KafkaAgentRuntime.start(
                kafka.config(prefix).sendTimeout(Duration.ofSeconds(30)).build());
        Team team =
            new Team(
                new TeamSpec("paused", "", List.of(worker), new RoundRobin(), null, 1, runtime),
                null,
                "p1")) {
      CompletableFuture<TaskResult> run = team.runAsync("go");
      assertThat(worker.started.await(20, SECONDS)).isTrue();

      team.pauseParticipants();

      assertThat(worker.hooks).containsExactly("paused");
      assertThat(run).isNotDone();
      team.resumeParticipants();
      assertThat(run.get(30, SECONDS).lastMessage().content()).isEqualTo("done");
      assertThat(worker.hooks).containsExactly("paused", "resumed");
    }
  }
}
