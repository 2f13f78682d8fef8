package dev.cadre.team.autogen;

import static dev.cadre.team.autogen.AutoGenFixtures.echo;
import static dev.cadre.team.autogen.AutoGenFixtures.handOff;
import static dev.cadre.team.autogen.AutoGenFixtures.lines;
import static dev.cadre.team.autogen.AutoGenFixtures.sources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.ChatAgent;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.SpeakerSelector;
import dev.cadre.team.Swarm;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TerminationCondition;
import dev.cadre.team.Terminations;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AutoGen's team state: agents that keep nothing save an empty state, and the state of a team
 * loads into a team of the same participants that stops differently.
 */
@Timeout(30)
class StateScenarioTest extends TeamScenario {



  private Team team(
      SpeakerSelector selector, TerminationCondition termination, int maxTurns, ChatAgent... all) {
    return team("team", selector, termination, maxTurns, false, all);
  }

  private Team swarm() {
    return team(
        new Swarm(),
        Terminations.maxMessages(6),
        Integer.MAX_VALUE,
        handOff("second_agent", "third_agent"),
        handOff("first_agent", "second_agent"),
        handOff("third_agent", "first_agent"));
  }

  @Test // AutoGen test_swarm_handoff_state: custom agents that keep nothing, state == state2
  void aTeamOfStatelessCustomAgentsSavesAndLoads() {
    Team first = swarm();
    first.run("task");
    JsonNode state = first.saveState();

    Team second = swarm();
    second.loadState(state);

    assertThat(second.saveState()).isEqualTo(state);
    assertThat(state.at("/participants/first_agent/kind").asText()).isEqualTo("stateless_agent");
    assertThat(lines(second.run())).isEqualTo(lines(first.run()));
  }

  private Team fourEchoes(TerminationCondition termination) {
    return team(
        new RoundRobin(),
        termination,
        termination == null ? 1 : Integer.MAX_VALUE,
        echo("agent_1"),
        echo("agent_2"),
        echo("agent_3"),
        echo("agent_4"));
  }

  @Test // AutoGen's team state holds no termination state
  void stateLoadsIntoATeamThatStopsOnAnotherCondition() {
    Team three = fourEchoes(Terminations.maxMessages(3));
    three.run("T");

    Team five = fourEchoes(Terminations.maxMessages(5));
    five.loadState(three.saveState());
    TaskResult continued = five.run();

    assertThat(sources(continued))
        .containsExactly("agent_3", "agent_4", "agent_1", "agent_2", "agent_3");
    Team none = fourEchoes(null);
    none.loadState(three.saveState());
    assertThat(sources(none.run())).containsExactly("agent_3");
    Team fromNone = fourEchoes(Terminations.maxMessages(2));
    fromNone.loadState(none.saveState());
    assertThat(sources(fromNone.run())).containsExactly("agent_4", "agent_1");
  }

  @Test // Cadre: the count of a cancelled run loads into an equal condition, and only there
  void aCancelledRunsCountLoadsIntoAnEqualConditionAndAnyOtherStartsAfresh() throws Exception {
    AutoGenFixtures.Gate gate = new AutoGenFixtures.Gate("g");
    Team cancelled =
        team(new RoundRobin(), Terminations.maxMessages(4), 10, echo("a1"), gate, echo("a3"));
    CompletableFuture<TaskResult> run = cancelled.runAsync("T");
    gate.awaitEntered();
    cancelled.cancel();
    assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    gate.open();
    JsonNode state = cancelled.saveState();

    Team equal =
        team(
            new RoundRobin(), Terminations.maxMessages(4), 10, echo("a1"), echo("g"), echo("a3"));
    equal.loadState(state);
    Team other =
        team(
            new RoundRobin(), Terminations.maxMessages(5), 10, echo("a1"), echo("g"), echo("a3"));
    other.loadState(state);

    // g's cut turn is spent, so a3 is next. The task and a1's answer counted already: two more
    // messages reach four. Another condition starts afresh.
    assertThat(lines(equal.run())).containsExactly("a3: T", "a1: T");
    assertThat(lines(other.run()))
        .containsExactly("a3: T", "a1: T", "g: T", "a3: T", "a1: T");
  }
}
