package dev.cadre.team.autogen;

import static dev.cadre.team.autogen.AutoGenFixtures.echo;
import static dev.cadre.team.autogen.AutoGenFixtures.entry;
import static dev.cadre.team.autogen.AutoGenFixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.ChatAgent;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.RunRequest;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.TeamRunException;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.TerminationCondition;
import dev.cadre.team.Terminations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * AutoGen's scenarios for a participant that throws: the run throws, naming it, with every message
 * so far; a run that returns has not failed.
 */
@Timeout(30)
class FailureScenarioTest extends TeamScenario {

  private static final String TASK = "Write a program that prints 'Hello, world!'";


  @TempDir Path dir;


  private Team team(TerminationCondition termination, ChatAgent... participants) {
    return roundRobin("rr", termination, 10, participants);
  }


  private Team flakyTeam() {
    return team(
        Terminations.maxMessages(3),
        echo("agent_1"),
        new AutoGenFixtures.Flaky("agent_2"),
        echo("agent_3"));
  }

  @Test // AutoGen test_round_robin_group_chat_with_exception_raised_from_agent
  void aFailingParticipantMakesRunThrowWithThePartialResult() {
    TeamRunException failed =
        catchThrowableOfType(() -> flakyTeam().run(TASK), TeamRunException.class);

    assertThat(failed)
        .hasMessage(
            "team 'rr' failed: 'agent_2' threw IllegalStateException: I am a flaky agent...")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(failed.team()).isEqualTo("rr");
    assertThat(failed.participant()).isEqualTo("agent_2");
    assertThat(lines(failed.partialResult())).containsExactly("user: " + TASK, "agent_1: " + TASK);
    assertThat(failed.partialResult().stop())
        .isEqualTo(StopReason.failed("agent_2", "IllegalStateException: I am a flaky agent..."));
  }

  @Test // AutoGen: run_stream raises too; Cadre's runAsync completes with the same exception
  void runAsyncCompletesAndStreamEndsWithTheSameException() {
    assertThatThrownBy(() -> flakyTeam().runAsync(TASK).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(TeamRunException.class)
        .hasMessageContaining("'agent_2'");

    Iterator<TeamEvent> events = flakyTeam().stream(TASK).iterator();
    List<String> seen = new ArrayList<>();
    TeamRunException failed =
        catchThrowableOfType(
            () -> events.forEachRemaining(event -> seen.add(entry(event))),
            TeamRunException.class);

    assertThat(seen)
        .containsExactly(
            "msg user: " + TASK, "select [agent_1]", "msg agent_1: " + TASK, "select [agent_2]");
    assertThat(failed.participant()).isEqualTo("agent_2");
  }

  @Test // Cadre: listeners hear the failed end, so a console can say what failed
  void aListenerHearsTheFailedEnd() {
    List<TeamEvent> heard = new ArrayList<>();

    assertThatThrownBy(() -> flakyTeam().run(RunRequest.of(TASK).listener(heard::add)))
        .isInstanceOf(TeamRunException.class);

    assertThat(heard.get(heard.size() - 1))
        .isInstanceOfSatisfying(
            TeamEvent.Finished.class,
            finished ->
                assertThat(finished.result().stop())
                    .isEqualTo(
                        StopReason.failed(
                            "agent_2", "IllegalStateException: I am a flaky agent...")));
  }

  @Test // AutoGen ..._with_exception_raised_from_termination_condition
  void aConditionThatThrowsMakesRunThrowNamingIt() {
    TerminationCondition flaky =
        new TerminationCondition() {
          @Override
          public Optional<String> check(List<AgentMessage> messages, List<AgentEvent> events) {
            throw new IllegalStateException("I am a flaky termination...");
          }

          @Override
          public void reset() {}
        };

    TeamRunException failed =
        catchThrowableOfType(
            () -> team(flaky, echo("agent_1"), echo("agent_2")).run("T"), TeamRunException.class);

    assertThat(failed.participant()).isEqualTo("termination");
    assertThat(failed).hasMessageContaining("I am a flaky termination...");
    assertThat(lines(failed.partialResult())).containsExactly("user: T");
  }

  @Test // Cadre: AutoGen's manager keeps the failed speaker active, so its team stalls (a defect)
  void afterAFailureTheTeamContinuesFromTheNextSpeaker() {
    Team team =
        team(
            Terminations.maxMessages(3), echo("a1"), new AutoGenFixtures.Flaky("f", 1), echo("a3"));

    assertThatThrownBy(() -> team.run("T")).isInstanceOf(TeamRunException.class);
    // The failed turn added nothing, and the count of the failed run carries on (task, a1).
    TaskResult continued = team.run();
    TaskResult next = team.run();

    assertThat(lines(continued)).containsExactly("a3: T");
    assertThat(lines(next)).containsExactly("a1: T", "f: recovered", "a3: T");
  }

  @Test // Cadre: a durable run records its failure as data, and resuming it throws it again
  void aDurableRunKeepsItsFailureAndResumingThrowsItAgain() {
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      Team team =
          track(
              new Team(
                  new TeamSpec(
                      "rr",
                      "",
                      List.of(echo("agent_1"), new AutoGenFixtures.Flaky("agent_2")),
                      new RoundRobin(),
                      null,
                      10,
                      null),
                  store));

      TeamRunException failed =
          catchThrowableOfType(
              () -> team.runDurable("r1", "T", event -> {}), TeamRunException.class);
      TeamRunException again =
          catchThrowableOfType(() -> team.resume("r1"), TeamRunException.class);

      assertThat(again).hasMessage(failed.getMessage());
      assertThat(again.partialResult().messages()).isEqualTo(failed.partialResult().messages());
      assertThat(team.finished("r1").orElseThrow().stop())
          .isEqualTo(StopReason.failed("agent_2", "IllegalStateException: I am a flaky agent..."));
    }
  }
}
