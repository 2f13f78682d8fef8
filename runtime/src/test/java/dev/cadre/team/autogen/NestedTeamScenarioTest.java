package dev.cadre.team.autogen;

import static dev.cadre.team.autogen.AutoGenFixtures.agent;
import static dev.cadre.team.autogen.AutoGenFixtures.answering;
import static dev.cadre.team.autogen.AutoGenFixtures.echo;
import static dev.cadre.team.autogen.AutoGenFixtures.lines;
import static dev.cadre.team.autogen.AutoGenFixtures.timeline;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.ChatAgent;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.RunRequest;
import dev.cadre.team.SpeakerSelector;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.TeamRunException;
import dev.cadre.team.TerminationCondition;
import dev.cadre.team.Terminations;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AutoGen's scenarios for a team that takes part in another team: every chat message of the inner
 * run joins the outer conversation and the outer result, flat and in order.
 */
@Timeout(30)
class NestedTeamScenarioTest extends TeamScenario {





  private static final List<String> DEEP_NESTING =
      List.of(
          "user: Test deep nesting",
          "agent1: Hello from agent1",
          "agent2: TERMINATE from agent2",
          "agent3: World from agent3",
          "agent1: Hello from agent1",
          "agent2: Hello from agent2",
          "agent1: TERMINATE from agent1",
          "agent3: TERMINATE from agent3",
          "agent4: Review from agent4",
          "agent2: TERMINATE from agent2",
          "agent3: TERMINATE from agent3",
          "agent4: TERMINATE from agent4");

  /** AutoGen's three-level nest; every agent reads the one shared script in turn. */
  private Team deepNest(ReplayChatModel model) {
    Team innermost =
        roundRobin(
            "InnermostTeam",
            Terminations.textMention("TERMINATE", "agent1", "agent2"),
            Integer.MAX_VALUE,
            agent("agent1", model),
            agent("agent2", model));
    Team middle =
        roundRobin(
            "MiddleTeam",
            Terminations.textMention("TERMINATE", "agent3"),
            Integer.MAX_VALUE,
            innermost,
            agent("agent3", model));
    return roundRobin(
        "OutermostTeam",
        Terminations.textMention("TERMINATE", "agent4"),
        Integer.MAX_VALUE,
        middle,
        agent("agent4", model));
  }

  private static ReplayChatModel deepScript() {
    return ReplayChatModel.ofTexts(
        "Hello from agent1",
        "TERMINATE from agent2",
        "World from agent3",
        "Hello from agent1",
        "Hello from agent2",
        "TERMINATE from agent1",
        "TERMINATE from agent3",
        "Review from agent4",
        "TERMINATE from agent2",
        "TERMINATE from agent3",
        "TERMINATE from agent4");
  }

  @Test // AutoGen test_round_robin_deeply_nested_teams: len(result.messages) == 12
  void aTeamInATeamPublishesEveryInnerMessageFlatAndInOrder() {
    ReplayChatModel model = deepScript();

    TaskResult result = deepNest(model).run("Test deep nesting");

    assertThat(lines(result)).containsExactlyElementsOf(DEEP_NESTING);
    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.CONDITION);
    assertThat(result.stop().source()).contains("agent4");
    // agent4's first turn saw the task and the middle team's seven messages.
    assertThat(model.requests().get(7).messages()).hasSize(8);
    assertThat(model.requests().get(7).messages().get(7))
        .isEqualTo(new ChatMessage.User("TERMINATE from agent3", "agent3"));
  }

  @Test // AutoGen test_round_robin_group_chat_nested_teams_run_stream: the stream equals the result
  void theOuterStreamCarriesTheInnerMessagesAsTheyAreSaid() {
    List<TeamEvent> streamed =
        deepNest(deepScript()).stream(RunRequest.of("Test deep nesting")).toList();

    TaskResult result = ((TeamEvent.Finished) streamed.get(streamed.size() - 1)).result();
    List<TeamEvent> messages =
        streamed.stream().filter(TeamEvent.Message.class::isInstance).toList();
    assertThat(timeline(messages))
        .containsExactlyElementsOf(DEEP_NESTING.stream().map(line -> "msg " + line).toList());
    assertThat(result.timeline()).isEqualTo(messages);
  }

  @Test // AutoGen test_round_robin_group_chat_nested_teams_run: one condition shared by both teams
  void anOuterConditionSeesTheInnerRunAsOneTurn() {
    ReplayChatModel assistant = ReplayChatModel.ofTexts("print('Hello, world!')", "TERMINATE");
    ReplayChatModel reviewer = ReplayChatModel.ofTexts();
    TerminationCondition termination = Terminations.textMention("TERMINATE");
    ChatAgent executor =
        answering("code_executor", new AgentMessage.Text("code_executor", "Hello, world!"));
    Team inner =
        roundRobin(
            "inner", termination, Integer.MAX_VALUE, agent("assistant", assistant), executor);
    Team outer =
        roundRobin("outer", termination, Integer.MAX_VALUE, inner, agent("reviewer", reviewer));

    TaskResult result = outer.run("Write a program that prints 'Hello, world!'");

    assertThat(lines(result))
        .containsExactly(
            "user: Write a program that prints 'Hello, world!'",
            "assistant: print('Hello, world!')",
            "code_executor: Hello, world!",
            "assistant: TERMINATE");
    assertThat(result.stop().source()).isEqualTo(termination.toString());
    assertThat(reviewer.requests()).isEmpty();
  }

  @Test // Cadre: AutoGen raises "Task list cannot be empty." here, a defect
  void aTeamThatSpeaksTwiceInARowContinuesItsOwnConversation() {
    Team inner = roundRobin("inner", null, 1, echo("a1"), echo("a2"));
    SpeakerSelector alwaysInner = (conversation, cancellation, events) -> List.of("inner");
    Team outer = team("outer", alwaysInner, null, 2, false, inner, echo("other"));

    TaskResult result = outer.run("T");

    assertThat(lines(result)).containsExactly("user: T", "a1: T", "a2: T");
  }

  @Test // AutoGen: an inner failure is the outer run's failure
  void anInnerFailureFailsTheOuterRunKeepingWhatWasSaid() {
    Team inner = roundRobin("inner", null, 10, echo("a1"), new AutoGenFixtures.Flaky("flaky"));
    Team outer = roundRobin("outer", null, 10, inner, echo("other"));
    List<TeamEvent> heard = new ArrayList<>();

    TeamRunException failed =
        catchThrowableOfType(
            () -> outer.run(RunRequest.of("T").listener(heard::add)), TeamRunException.class);

    assertThat(failed)
        .hasMessage("team 'outer' failed: 'inner/flaky' threw IllegalStateException: I am a flaky"
            + " agent...")
        .hasRootCauseInstanceOf(IllegalStateException.class);
    assertThat(failed.getCause()).isInstanceOf(TeamRunException.class);
    assertThat(failed.participant()).isEqualTo("inner/flaky");
    assertThat(lines(failed.partialResult())).containsExactly("user: T", "a1: T");
    assertThat(heard.get(heard.size() - 1))
        .isEqualTo(new TeamEvent.Finished(failed.partialResult()));
  }

  @Test // AutoGen: an inner team's SelectSpeakerEvents reach the outer result when it emits them
  void anInnerTeamsSpeakerChoicesJoinTheOuterTimelineWhenItEmitsThem() {
    Team inner = team("inner", new RoundRobin(), null, 2, true, echo("a1"), echo("a2"));
    Team outer = team("outer", new RoundRobin(), null, 2, false, inner, echo("other"));

    TaskResult result = outer.run("T");

    assertThat(timeline(result))
        .containsExactly(
            "msg user: T",
            "select [a1]",
            "msg a1: T",
            "select [a2]",
            "msg a2: T",
            "msg other: T");
  }
}
