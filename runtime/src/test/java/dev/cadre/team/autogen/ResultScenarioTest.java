package dev.cadre.team.autogen;

import static dev.cadre.team.autogen.AutoGenFixtures.agentBuilder;
import static dev.cadre.team.autogen.AutoGenFixtures.answering;
import static dev.cadre.team.autogen.AutoGenFixtures.echo;
import static dev.cadre.team.autogen.AutoGenFixtures.handOff;
import static dev.cadre.team.autogen.AutoGenFixtures.lines;
import static dev.cadre.team.autogen.AutoGenFixtures.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.ChatAgent;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.RunRequest;
import dev.cadre.team.SpeakerSelector;
import dev.cadre.team.StopReason;
import dev.cadre.team.Swarm;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.TerminationCondition;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AutoGen's scenarios for what a result holds: the chat messages, and beside them the events
 * AutoGen's result holds; the task left out on request; a typed stop reason.
 */
@Timeout(30)
class ResultScenarioTest extends TeamScenario {

  private static final String TASK = "Write a program that prints 'Hello, world!'";



  private Team team(
      SpeakerSelector selector,
      TerminationCondition termination,
      int maxTurns,
      boolean teamEvents,
      ChatAgent... participants) {
    return team("team", selector, termination, maxTurns, teamEvents, participants);
  }

  /** AutoGen's tool_use_agent: one tool round and no reflection, so its answer is the results. */
  private Team toolTeam() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("pass", "{\"input\":\"pass\"}")
            .text("Hello")
            .text("TERMINATE")
            .build();
    Tool pass =
        Tool.builder("pass")
            .description("pass")
            .parameter("input", String.class, "the input")
            .function((arguments, context) -> "pass")
            .build();
    return team(
        new RoundRobin(),
        Terminations.textMention("TERMINATE"),
        Integer.MAX_VALUE,
        false,
        agentBuilder("tool_use_agent", model).tool(pass).maxToolIterations(1).build(),
        echo("echo_agent"));
  }

  @Test // AutoGen test_round_robin_group_chat_with_tools: len(result.messages) == 8
  void theResultKeepsToolEventsBesideTheChatMessages() {
    TaskResult result = toolTeam().run(TASK);

    assertThat(timeline(result))
        .containsExactly(
            "msg user: " + TASK,
            "[ToolCallsRequested tool_use_agent]",
            "[ToolCallsExecuted tool_use_agent]",
            "msg tool_use_agent: pass",
            "msg echo_agent: " + TASK,
            "msg tool_use_agent: Hello",
            "msg echo_agent: Hello",
            "msg tool_use_agent: TERMINATE");
    assertThat(result.messages().get(1)).isInstanceOf(AgentMessage.ToolCallSummary.class);
    assertThat(result.messages()).hasSize(6);
    assertThat(timeline(result.events()))
        .containsExactly(
            "[ToolCallsRequested tool_use_agent]", "[ToolCallsExecuted tool_use_agent]");
    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.CONDITION);
  }

  @Test // AutoGen: the streamed items equal the result's, but for what AutoGen never streams
  void theStreamCarriesTheTimelineInOrder() {
    List<TeamEvent> streamed = toolTeam().stream(RunRequest.of(TASK)).toList();

    TaskResult result = ((TeamEvent.Finished) streamed.get(streamed.size() - 1)).result();
    // Cadre also streams usage, text chunks and every choice of speakers: those are not results.
    assertThat(streamed.stream().filter(event -> event.inTimeline(false)).toList())
        .isEqualTo(result.timeline());
  }

  @Test // AutoGen test_swarm_handoff_with_team_events: a SelectSpeakerEvent before each handoff
  void withTeamEventsEachChoiceOfSpeakersIsInTheResult() {
    Team team =
        team(
            new Swarm(),
            Terminations.maxMessages(6),
            Integer.MAX_VALUE,
            true,
            handOff("second_agent", "third_agent"),
            handOff("first_agent", "second_agent"),
            handOff("third_agent", "first_agent"));

    TaskResult result = team.run("task");

    assertThat(timeline(result))
        .containsExactly(
            "msg user: task",
            "select [second_agent]",
            "msg second_agent: Transferred to third_agent.",
            "select [third_agent]",
            "msg third_agent: Transferred to first_agent.",
            "select [first_agent]",
            "msg first_agent: Transferred to second_agent.",
            "select [second_agent]",
            "msg second_agent: Transferred to third_agent.",
            "select [third_agent]",
            "msg third_agent: Transferred to first_agent.");
    assertThat(lines(result)).hasSize(6);
  }

  @Test // AutoGen test_selector_group_chat_streaming: the SelectorEvent is result.messages[1]
  void withTeamEventsAStreamingSelectorsReplyIsInTheResult() {
    ReplayChatModel selectorModel =
        ReplayChatModel.builder().streamed("the agent ", "should be ", "agent2").build();
    Team team =
        team(
            ModelSelector.builder(selectorModel).streaming(true).build(),
            Terminations.stopMessage(),
            Integer.MAX_VALUE,
            true,
            answering("agent2", new AgentMessage.Text("agent2", "STOP")),
            echo("agent3"));

    TaskResult result = team.run(TASK);

    assertThat(timeline(result))
        .containsExactly(
            "msg user: " + TASK,
            "selector 1: the agent should be agent2",
            "select [agent2]",
            "msg agent2: STOP");
    assertThat(result.stopReason()).isEqualTo(Terminations.STOP_MESSAGE_TEXT);
  }

  @Test // AutoGen: without emit_team_events the selector's reply stays out of the result
  void withoutTeamEventsAStreamingSelectorsReplyOnlyReachesTheListener() {
    ReplayChatModel selectorModel = ReplayChatModel.builder().streamed("agent2").build();
    Team team =
        team(
            ModelSelector.builder(selectorModel).streaming(true).build(),
            Terminations.stopMessage(),
            Integer.MAX_VALUE,
            false,
            answering("agent2", new AgentMessage.Text("agent2", "STOP")),
            echo("agent3"));
    List<TeamEvent> heard = new ArrayList<>();

    TaskResult result = team.run(List.of(AgentMessage.user(TASK)), heard::add);

    assertThat(timeline(result)).containsExactly("msg user: " + TASK, "msg agent2: STOP");
    assertThat(timeline(heard)).contains("selector 1: agent2");
  }

  @Test // AutoGen: without emit_team_events the choices stay out of the result
  void withoutTeamEventsTheChoicesStayOutOfTheResultButReachTheListener() {
    Team team = team(new RoundRobin(), null, 2, false, echo("a1"), echo("a2"));
    List<TeamEvent> heard = new ArrayList<>();

    TaskResult result = team.run(List.of(AgentMessage.user("T")), heard::add);

    assertThat(timeline(result)).containsExactly("msg user: T", "msg a1: T", "msg a2: T");
    assertThat(heard).filteredOn(TeamEvent.SpeakersSelected.class::isInstance).hasSize(2);
  }

  @Test // AutoGen test_round_robin_group_chat_output_task_messages_false
  void theTaskCanBeLeftOutOfTheResultAndTheStreamAndStillCounts() {
    Team team =
        team(
            new RoundRobin(),
            Terminations.maxMessages(3),
            Integer.MAX_VALUE,
            false,
            echo("a1"),
            echo("a2"));

    TaskResult result = team.run(RunRequest.of("T").withoutTaskMessages());

    // The task was the first of the three messages the condition counted.
    assertThat(lines(result)).containsExactly("a1: T", "a2: T");
    assertThat(timeline(result)).containsExactly("msg a1: T", "msg a2: T");
    assertThat(result.stop().source()).isEqualTo("maxMessages(3)");

    team.reset();
    List<TeamEvent> streamed = team.stream(RunRequest.of("T").withoutTaskMessages()).toList();
    assertThat(timeline(streamed.stream().filter(TeamEvent.Message.class::isInstance).toList()))
        .containsExactly("msg a1: T", "msg a2: T");
  }
}
