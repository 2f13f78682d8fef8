package dev.cadre.team;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pausing and resuming a team's participants, as AutoGen's {@code team.pause()} and {@code
 * team.resume()} do: each participant's hook is called, even in the middle of its turn, and a
 * nested team passes it on to its own participants.
 */
@Timeout(30)
class TeamPauseTest {

  private final List<Team> teams = new ArrayList<>();

  @AfterEach
  void close() {
    teams.forEach(Team::close);
  }

  private Team roundRobin(String name, int maxTurns, ChatAgent... participants) {
    Team team =
        new Team(
            new TeamSpec(name, "", List.of(participants), new RoundRobin(), null, maxTurns, null));
    teams.add(team);
    return team;
  }

  /** A participant whose hooks note the calls; its answer is fixed. */
  private abstract static class Participant implements ChatAgent {
    final String name;
    final List<String> hooks;

    Participant(String name, List<String> hooks) {
      this.name = name;
      this.hooks = hooks;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return name;
    }

    @Override
    public void reset() {}

    @Override
    public void onPause(CancellationToken cancellation) {
      hooks.add(name + " paused");
    }

    @Override
    public void onResume(CancellationToken cancellation) {
      hooks.add(name + " resumed");
    }

    AgentResponse answer(String text) {
      return new AgentResponse(new AgentMessage.Text(name, text), List.of(), Usage.ZERO, null);
    }
  }

  /** Its turn starts, then waits until it is resumed; AutoGen's pausable agent, made step-wise. */
  private static final class Waiter extends Participant {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch resumed = new CountDownLatch(1);

    Waiter(String name, List<String> hooks) {
      super(name, hooks);
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      started.countDown();
      try {
        return answer(resumed.await(10, SECONDS) ? "done" : "never resumed");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return answer("interrupted");
      }
    }

    @Override
    public void onResume(CancellationToken cancellation) {
      super.onResume(cancellation);
      resumed.countDown();
    }
  }

  @Test
  void pausingReachesAParticipantInTheMiddleOfItsTurnAndResumingLetsItFinish() throws Exception {
    List<String> hooks = new CopyOnWriteArrayList<>();
    Waiter worker = new Waiter("worker", hooks);
    Team team = roundRobin("t", 1, worker);
    CompletableFuture<TaskResult> run = team.runAsync("go");
    assertThat(worker.started.await(10, SECONDS)).isTrue();

    team.pauseParticipants();

    assertThat(hooks).containsExactly("worker paused");
    assertThat(run).isNotDone();
    team.resumeParticipants();
    TaskResult result = run.get(10, SECONDS);
    assertThat(result.messages()).extracting(m -> m.source() + ": " + m.content())
        .containsExactly("user: go", "worker: done");
    assertThat(hooks).containsExactly("worker paused", "worker resumed");
  }

  /**
   * AutoGen's test_group_chat_pause_resume, made deterministic: the agent counts one step per
   * permit the test hands out, and a pause holds it before its next step until it is resumed.
   */
  @Test
  void aCountingParticipantStopsCountingWhilePausedAndGoesOnWhenResumed() throws Exception {
    Semaphore steps = new Semaphore(0);
    AtomicInteger count = new AtomicInteger();
    CountDownLatch holding = new CountDownLatch(1);
    Participant counter =
        new Participant("counter", new CopyOnWriteArrayList<>()) {
          private volatile CountDownLatch pause = new CountDownLatch(0);

          @Override
          public AgentResponse onMessages(
              List<? extends AgentMessage> messages,
              CancellationToken cancellation,
              Consumer<AgentEvent> listener) {
            try {
              while (count.get() < 6) {
                if (!steps.tryAcquire(10, SECONDS)) {
                  return answer("starved at " + count.get());
                }
                CountDownLatch gate = pause;
                if (gate.getCount() > 0) {
                  holding.countDown();
                  gate.await(10, SECONDS);
                }
                count.incrementAndGet();
              }
              return answer("counted to " + count.get());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return answer("interrupted");
            }
          }

          @Override
          public void onPause(CancellationToken cancellation) {
            pause = new CountDownLatch(1);
          }

          @Override
          public void onResume(CancellationToken cancellation) {
            pause.countDown();
          }
        };
    Team team = roundRobin("t", 1, counter);
    CompletableFuture<TaskResult> run = team.runAsync("count");
    steps.release(3);
    awaitCount(count, 3);

    team.pauseParticipants();
    steps.release(3);
    assertThat(holding.await(10, SECONDS)).isTrue();

    assertThat(count).as("while paused").hasValue(3);
    team.resumeParticipants();
    assertThat(run.get(10, SECONDS).lastMessage().content()).isEqualTo("counted to 6");
  }

  @Test
  void pausingATeamInATeamReachesTheInnerParticipantsInTheMiddleOfTheirTurn() throws Exception {
    List<String> hooks = new CopyOnWriteArrayList<>();
    Waiter inner = new Waiter("inner_worker", hooks);
    Team innerTeam = roundRobin("inner", 1, inner);
    Team outer = roundRobin("outer", 1, innerTeam);
    CompletableFuture<TaskResult> run = outer.runAsync("go");
    assertThat(inner.started.await(10, SECONDS)).isTrue();

    outer.pauseParticipants();

    assertThat(hooks).containsExactly("inner_worker paused");
    assertThat(run).isNotDone();
    outer.resumeParticipants();
    assertThat(run.get(10, SECONDS).lastMessage().content()).isEqualTo("done");
    assertThat(hooks).containsExactly("inner_worker paused", "inner_worker resumed");
  }

  @Test
  void everyParticipantsHookIsCalledInOrderBetweenRunsAndAHookThatThrowsIsNamed() {
    List<String> hooks = new CopyOnWriteArrayList<>();
    Participant first = fixed("first", hooks);
    Participant failing =
        new Participant("failing", hooks) {
          @Override
          public AgentResponse onMessages(
              List<? extends AgentMessage> messages,
              CancellationToken cancellation,
              Consumer<AgentEvent> listener) {
            return answer("fine");
          }

          @Override
          public void onPause(CancellationToken cancellation) {
            throw new IllegalStateException("cannot pause now");
          }
        };
    Participant last = fixed("last", hooks);
    Team team = roundRobin("t", 3, first, failing, last);
    team.run("go");

    assertThatThrownBy(team::pauseParticipants)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "team 't': participant 'failing' failed to pause: java.lang.IllegalStateException:"
                + " cannot pause now")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(hooks).containsExactly("first paused");

    team.resumeParticipants();
    assertThat(hooks)
        .containsExactly("first paused", "first resumed", "failing resumed", "last resumed");
  }

  @Test
  void participantsWithoutHooksArePausedAndResumedAsNoOps() {
    ChatAgent plain =
        new ChatAgent() {
          @Override
          public String name() {
            return "plain";
          }

          @Override
          public String description() {
            return "plain";
          }

          @Override
          public AgentResponse onMessages(
              List<? extends AgentMessage> messages,
              CancellationToken cancellation,
              Consumer<AgentEvent> listener) {
            AgentMessage ok = new AgentMessage.Text("plain", "ok");
            return new AgentResponse(ok, List.of(), Usage.ZERO, null);
          }

          @Override
          public void reset() {}
        };
    Team team = roundRobin("t", 1, plain);

    team.pauseParticipants();
    team.resumeParticipants();

    assertThat(team.run("go").lastMessage().content()).isEqualTo("ok");
  }

  private static Participant fixed(String name, List<String> hooks) {
    return new Participant(name, hooks) {
      @Override
      public AgentResponse onMessages(
          List<? extends AgentMessage> messages,
          CancellationToken cancellation,
          Consumer<AgentEvent> listener) {
        return answer(name + " spoke");
      }
    };
  }

  private static void awaitCount(AtomicInteger count, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + SECONDS.toNanos(10);
    while (count.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(count).hasValue(expected);
  }
}
