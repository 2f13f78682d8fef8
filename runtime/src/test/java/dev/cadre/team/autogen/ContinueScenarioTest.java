package dev.cadre.team.autogen;

import static dev.cadre.team.autogen.AutoGenFixtures.agent;
import static dev.cadre.team.autogen.AutoGenFixtures.echo;
import static dev.cadre.team.autogen.AutoGenFixtures.handOff;
import static dev.cadre.team.autogen.AutoGenFixtures.lines;
import static dev.cadre.team.autogen.AutoGenFixtures.sources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.ChatAgent;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.RunRequest;
import dev.cadre.team.SpeakerSelector;
import dev.cadre.team.StopReason;
import dev.cadre.team.Swarm;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TerminationCondition;
import dev.cadre.team.Terminations;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AutoGen's scenarios for running a team again without a task: the conversation, the next speaker
 * and every agent's memory are kept; the termination condition and the count of turns restart when
 * a run stops, and not when a run is cancelled.
 */
@Timeout(30)
class ContinueScenarioTest extends TeamScenario {

  private static final String TASK = "Write a program that prints 'Hello, world!'";



  private Team team(
      SpeakerSelector selector, TerminationCondition termination, int maxTurns, ChatAgent... all) {
    return team("team", selector, termination, maxTurns, false, all);
  }

  /** What {@code condition} says once it has seen {@code count} messages from a fresh start. */
  private static String saidAfter(TerminationCondition condition, int count) {
    List<AgentMessage> messages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      messages.add(AgentMessage.user("m" + i));
    }
    return condition.check(messages, List.of()).orElseThrow();
  }

  @Test // AutoGen test_round_robin_group_chat_with_resume_and_reset
  void runWithoutATaskContinuesTheRotationAndTheCountStartsAfresh() {
    TerminationCondition termination = Terminations.maxMessages(3);
    Team team =
        team(
            new RoundRobin(),
            termination,
            Integer.MAX_VALUE,
            echo("agent_1"),
            echo("agent_2"),
            echo("agent_3"),
            echo("agent_4"));

    TaskResult first = team.run(TASK);

    assertThat(lines(first))
        .containsExactly("user: " + TASK, "agent_1: " + TASK, "agent_2: " + TASK);
    assertThat(first.stop())
        .isEqualTo(
            new StopReason(
                StopReason.Kind.CONDITION,
                "maxMessages(3)",
                saidAfter(Terminations.maxMessages(3), 3)));

    TaskResult second = team.run();

    // agent_3 is next; the count was reset when the first run stopped, so three new messages.
    assertThat(lines(second))
        .containsExactly("agent_3: " + TASK, "agent_4: " + TASK, "agent_1: " + TASK);
    assertThat(second.stop().kind()).isEqualTo(StopReason.Kind.CONDITION);

    team.reset();
    assertThat(lines(team.run(TASK)))
        .containsExactly("user: " + TASK, "agent_1: " + TASK, "agent_2: " + TASK);
  }

  @Test // AutoGen test_round_robin_group_chat_max_turn
  void maxTurnsCountsAfreshAfterItStoppedARun() {
    Team team =
        team(
            new RoundRobin(),
            null,
            3,
            echo("agent_1"),
            echo("agent_2"),
            echo("agent_3"),
            echo("agent_4"));

    TaskResult first = team.run(TASK);
    TaskResult next = team.run();

    assertThat(sources(first)).containsExactly("user", "agent_1", "agent_2", "agent_3");
    assertThat(sources(next)).containsExactly("agent_4", "agent_1", "agent_2");
    assertThat(next.stop())
        .isEqualTo(StopReason.maxTurns(3))
        .isEqualTo(
            new StopReason(StopReason.Kind.MAX_TURNS, null, "Maximum number of turns 3 reached."));
  }

  @Test // AutoGen test_swarm_pause_and_resume
  void aSwarmContinuesWithWhoeverHasTheFloorWithOrWithoutANewTask() {
    Team team =
        team(
            new Swarm(),
            null,
            1,
            handOff("second_agent", "third_agent"),
            handOff("first_agent", "second_agent"),
            handOff("third_agent", "first_agent"));

    assertThat(lines(team.run("task")))
        .containsExactly("user: task", "second_agent: Transferred to third_agent.");
    assertThat(lines(team.run("new task")))
        .containsExactly("user: new task", "third_agent: Transferred to first_agent.");
    assertThat(lines(team.run())).containsExactly("first_agent: Transferred to second_agent.");
  }

  @Test // AutoGen test_selector_group_chat_state: the selector's conversation survives the run
  void aSelectorContinuesOnTheWholeConversationAndItsLastSpeaker() {
    ReplayChatModel selector = ReplayChatModel.ofTexts("agent3", "agent2", "agent1");
    Team team =
        team(
            ModelSelector.builder(selector).promptTemplate("{participants}\n{history}").build(),
            Terminations.maxMessages(2),
            Integer.MAX_VALUE,
            echo("agent1"),
            echo("agent2"),
            echo("agent3"));

    assertThat(lines(team.run("T"))).containsExactly("user: T", "agent3: T");
    TaskResult continued = team.run();

    assertThat(lines(continued)).containsExactly("agent2: T", "agent1: T");
    // The first run's messages are in the prompt, and agent3, who spoke last, is no candidate.
    assertThat(selector.requests().get(1).messages())
        .containsExactly(ChatMessage.user("agent1, agent2\nuser: T\nagent3: T"));
  }

  @Test // AutoGen test_round_robin_group_chat_cancellation: a cancelled run keeps its count
  void aRunContinuedAfterACancellationKeepsCountingItsTurns() throws Exception {
    AutoGenFixtures.Gate gate = new AutoGenFixtures.Gate("agent_2");
    Team team = team(new RoundRobin(), null, 4, echo("agent_1"), gate);

    CompletableFuture<TaskResult> run = team.runAsync("T");
    gate.awaitEntered();
    team.cancel();
    assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
    gate.open();

    TaskResult next = team.run();

    // agent_1's turn in the cancelled run counted; agent_2's cut turn did not.
    assertThat(lines(next)).containsExactly("agent_1: T", "agent_2: T", "agent_1: T");
    assertThat(next.stop()).isEqualTo(StopReason.maxTurns(4));
  }

  @Test // AutoGen: an external termination set between runs stops the next at its first check
  void anExternalTerminationSetBetweenRunsStopsTheNextRunOnItsTask() {
    Terminations.ExternalTermination stop = Terminations.external();
    Team team = team(new RoundRobin(), stop, Integer.MAX_VALUE, echo("a"), echo("b"));
    stop.set();

    TaskResult stopped = team.run("T");

    assertThat(lines(stopped)).containsExactly("user: T");
    assertThat(stopped.stop().kind()).isEqualTo(StopReason.Kind.CONDITION);
    assertThat(stopped.stop().source()).isEqualTo("external()");
  }

  @Test // AutoGen handle_start: a condition that has fired and was not reset stops the run at once
  void aRunWhoseConditionHasAlreadyFiredRunsNothing() {
    TerminationCondition shared = Terminations.maxMessages(1);
    AutoGenFixtures.Echo a = echo("a");
    Team team = team(new RoundRobin(), shared, Integer.MAX_VALUE, a, echo("b"));
    // Someone else checked the condition, and it fired.
    shared.check(List.of(AgentMessage.user("elsewhere")), List.of());

    TaskResult result = team.run("T");

    assertThat(result.messages()).isEmpty();
    assertThat(result.stop()).isEqualTo(StopReason.alreadyTerminated());
    assertThat(result.stopReason()).isEqualTo("The group chat has already terminated.");
    assertThat(a.turns).isZero();
    // Until the team is reset, as in AutoGen.
    assertThat(team.run().stop()).isEqualTo(StopReason.alreadyTerminated());
    team.reset();
    assertThat(lines(team.run("T"))).containsExactly("user: T");
  }

  @Test // AutoGen test_group_chat_pause_resume runs a fresh team without a task
  void aFreshTeamRunWithoutATaskStartsWithItsFirstSpeakerHandedNothing() {
    ReplayChatModel starter = ReplayChatModel.ofTexts("hello");
    Team team =
        team(
            new RoundRobin(),
            null,
            2,
            AutoGenFixtures.agentBuilder("starter", starter).systemMessage("Greet.").build(),
            echo("echo"));

    TaskResult result = team.run(RunRequest.continuing());

    assertThat(lines(result)).containsExactly("starter: hello", "echo: hello");
    assertThat(starter.requests().get(0).messages()).containsExactly(ChatMessage.system("Greet."));
  }

  @Test // AutoGen "Task list cannot be empty."
  void anEmptyTaskListIsRefusedPointingToRun() {
    Team team = team(new RoundRobin(), null, 1, echo("a"));

    assertThatThrownBy(() -> team.run(List.of(), event -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the task list cannot be empty; call run() to continue the conversation");
  }

  @Test // AutoGen: a new task is appended; every agent's memory is kept
  void aNewTaskIsAppendedAndEveryAgentKeepsItsMemory() {
    ReplayChatModel writer = ReplayChatModel.ofTexts("Draft 1", "Draft 2");
    Team team = team(new RoundRobin(), null, 1, agent("writer", writer), echo("critic"));

    team.run("Write");
    TaskResult second = team.run("Shorter");

    // The critic's turn was next (it echoes the first message it is handed); the writer then
    // hears the new task and the critic.
    assertThat(lines(second)).containsExactly("user: Shorter", "critic: Write");
    assertThat(lines(team.run())).containsExactly("writer: Draft 2");
    assertThat(writer.lastRequest().messages())
        .containsExactly(
            ChatMessage.user("Write"),
            new ChatMessage.Assistant("Draft 1", List.of(), "writer"),
            ChatMessage.user("Shorter"),
            new ChatMessage.User("Write", "critic"));
  }
}
