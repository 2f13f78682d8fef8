package dev.cadre.team;

import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.Handoff;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.Question;
import dev.cadre.agent.UserProxyAgent;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.model.replay.ReplayStep;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SwarmTeamTest {

  private static final String TO_BOB = "Transferred to bob, adopting the role of bob immediately.";

  private Team team;
  private final List<TeamEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    if (team != null) {
      team.close();
    }
  }

  private static AssistantAgent.Builder agent(String name, ReplayChatModel model) {
    return AssistantAgent.builder(name)
        .description(name + " agent")
        .systemMessage(null)
        .model(model);
  }

  private Team team(TerminationCondition termination, ChatAgent... participants) {
    team =
        new Team(
            new TeamSpec("desk", "", List.of(participants), new Swarm(), termination, 10, null));
    return team;
  }

  private static Tool fixed(String name) {
    return Tool.builder(name).description(name).function((args, ctx) -> name).build();
  }

  private TaskResult run(String task) {
    return run(List.of(AgentMessage.user(task)));
  }

  private TaskResult run(List<AgentMessage> task) {
    return team.run(task, events::add);
  }

  private static List<String> speakers(TaskResult result) {
    return result.messages().stream().map(AgentMessage::source).collect(Collectors.toList());
  }

  private List<List<String>> selections() {
    return events.stream()
        .filter(TeamEvent.SpeakersSelected.class::isInstance)
        .map(e -> ((TeamEvent.SpeakersSelected) e).speakers())
        .collect(Collectors.toList());
  }

  @Test
  void handoffsDecideWhoSpeaksAndTheSpeakerKeepsTheFloorUntilItHandsOff() {
    ReplayChatModel alice = ReplayChatModel.builder().toolCall("transfer_to_bob", "{}").build();
    ReplayChatModel bob = ReplayChatModel.ofTexts("Looking into it", "Refund sent. DONE");
    team(
        Terminations.textMention("DONE"),
        agent("alice", alice).handoff("bob", "Bob handles refunds").build(),
        agent("bob", bob).build());

    TaskResult result = run("I want a refund");

    assertThat(speakers(result)).containsExactly("user", "alice", "bob", "bob");
    assertThat(result.messages().get(1))
        .isInstanceOfSatisfying(
            AgentMessage.Handoff.class, h -> assertThat(h.target()).isEqualTo("bob"));
    assertThat(result.lastMessage().content()).isEqualTo("Refund sent. DONE");
    assertThat(result.stopReason()).contains("DONE");
    assertThat(selections()).containsExactly(List.of("alice"), List.of("bob"), List.of("bob"));
  }

  @Test
  void theFirstParticipantStartsAndContinuesWithoutAHandoff() {
    team(
        Terminations.maxMessages(3),
        agent("alice", ReplayChatModel.ofTexts("a1", "a2")).build(),
        agent("bob", ReplayChatModel.ofTexts()).build());

    TaskResult result = run("Go");

    assertThat(speakers(result)).containsExactly("user", "alice", "alice");
  }

  @Test
  void theReceiverSeesTheToolCallsAndResultsThatLedToTheHandoffButNotTheHandoffCall() {
    Tool lookup =
        Tool.builder("lookup")
            .description("Finds an order")
            .function((args, ctx) -> "order 42: shipped")
            .build();
    ToolCall lookupCall = new ToolCall("c1", "lookup", "{}");
    ToolCall transfer = new ToolCall("c2", "transfer_to_bob", "{}");
    ReplayChatModel alice = ReplayChatModel.builder().toolCalls(lookupCall, transfer).build();
    ReplayChatModel bob = ReplayChatModel.ofTexts("It shipped. DONE");
    team(
        Terminations.textMention("DONE"),
        agent("alice", alice).tool(lookup).handoff("bob", null).build(),
        agent("bob", bob).build());

    TaskResult result = run("Where is my order?");

    assertThat(speakers(result)).containsExactly("user", "alice", "bob");
    assertThat(bob.lastRequest().messages())
        .containsExactly(
            ChatMessage.user("Where is my order?"),
            new ChatMessage.Assistant(null, List.of(lookupCall), "alice"),
            new ChatMessage.ToolResults(
                List.of(ToolResult.success(lookupCall, "order 42: shipped"))),
            new ChatMessage.User(TO_BOB, "alice"));
  }

  @Test // AutoGen test_swarm_with_parallel_tool_calls
  void theHandoffContextHoldsOnlyTheCallsThatAreNotHandoffs() {
    ToolCall c1 = new ToolCall("1", "tool1", "{}");
    ToolCall c2 = new ToolCall("2", "tool2", "{}");
    ToolCall h = new ToolCall("3", "transfer_to_agent2", "{}");
    ReplayChatModel one = ReplayChatModel.builder().toolCalls(c1, c2, h).build();
    ReplayChatModel two = ReplayChatModel.ofTexts("Hello", "TERMINATE");
    team(
        Terminations.textMention("TERMINATE"),
        agent("agent1", one)
            .tool(fixed("tool1"))
            .tool(fixed("tool2"))
            .handoff(new Handoff("agent2", null, "handoff to agent2"))
            .build(),
        agent("agent2", two).build());

    TaskResult result = run("task");

    List<ChatMessage> context =
        List.of(
            new ChatMessage.Assistant(null, List.of(c1, c2), "agent1"),
            new ChatMessage.ToolResults(
                List.of(ToolResult.success(c1, "tool1"), ToolResult.success(c2, "tool2"))));
    assertThat(result.messages())
        .containsExactly(
            AgentMessage.user("task"),
            new AgentMessage.Handoff("agent1", "agent2", "handoff to agent2", context),
            new AgentMessage.Text("agent2", "Hello"),
            new AgentMessage.Text("agent2", "TERMINATE"));
    assertThat(result.stopReason()).isEqualTo("Text 'TERMINATE' mentioned");
    assertThat(two.requests().get(0).messages())
        .containsExactly(
            ChatMessage.user("task"),
            context.get(0),
            context.get(1),
            new ChatMessage.User("handoff to agent2", "agent1"));
    // The sender keeps its whole turn, handoff call included.
    assertThat(((AssistantAgent) team.spec().participants().get(0)).context().history())
        .contains(new ChatMessage.Assistant(null, List.of(c1, c2, h), "agent1"));
  }

  @Test // AutoGen test_swarm_handoff_using_tool_calls: a handoff alone has no context
  void aHandoffAloneCarriesAnEmptyContextAndTextAloneCarriesTheText() {
    ReplayChatModel one =
        ReplayChatModel.builder()
            .toolCall("transfer_to_agent2", "{}")
            .text("Hello")
            .text("TERMINATE")
            .build();
    ReplayChatModel two =
        ReplayChatModel.builder()
            .step(
                new ReplayStep(
                    new ChatResponse(
                        "Back to you.",
                        List.of(new ToolCall("t", "transfer_to_agent1", "{}")),
                        FinishReason.TOOL_CALLS,
                        Usage.ZERO,
                        "replay"),
                    List.of(),
                    null))
            .build();
    team(
        Terminations.textMention("TERMINATE"),
        agent("agent1", one).handoff(new Handoff("agent2", null, "handoff to agent2")).build(),
        agent("agent2", two)
            .handoff(new Handoff("agent1", null, "Transferred to agent1."))
            .build());

    TaskResult result = run("task");

    assertThat(result.messages())
        .containsExactly(
            AgentMessage.user("task"),
            new AgentMessage.Handoff("agent1", "agent2", "handoff to agent2", List.of()),
            new AgentMessage.Handoff(
                "agent2",
                "agent1",
                "Transferred to agent1.",
                List.of(new ChatMessage.Assistant("Back to you.", List.of(), "agent2"))),
            new AgentMessage.Text("agent1", "Hello"),
            new AgentMessage.Text("agent1", "TERMINATE"));
  }

  @Test // AutoGen test_swarm_handoff: any ChatAgent hands off
  void customAgentsThatHandOffFormASwarm() {
    team(
        Terminations.maxMessages(6),
        ScenarioAgents.handOff("second_agent", "third_agent"),
        ScenarioAgents.handOff("first_agent", "second_agent"),
        ScenarioAgents.handOff("third_agent", "first_agent"));

    TaskResult result = run("task");

    assertThat(ScenarioAgents.lines(result))
        .containsExactly(
            "user: task",
            "second_agent: Transferred to third_agent.",
            "third_agent: Transferred to first_agent.",
            "first_agent: Transferred to second_agent.",
            "second_agent: Transferred to third_agent.",
            "third_agent: Transferred to first_agent.");
    assertThat(result.stopReason())
        .isEqualTo("Maximum number of messages 6 reached, current message count: 6");
  }

  @Test // AutoGen test_handoff_handling, inside a swarm
  void aUserProxyAnswersAHandoffWithAHandoffBack() {
    ReplayChatModel alice =
        ReplayChatModel.builder()
            .toolCall("transfer_to_client", "{}")
            .text("Thanks, booked.")
            .build();
    List<Question> asked = new CopyOnWriteArrayList<>();
    UserProxyAgent client =
        UserProxyAgent.of(
            "client",
            HumanInput.callback(
                question -> {
                  asked.add(question);
                  return "Oslo, Friday";
                }));
    team(
        Terminations.textMention("booked"),
        agent("alice", alice).handoff("client", "Ask the client").build(),
        client);

    TaskResult result = run("Book a flight");

    assertThat(result.messages())
        .containsExactly(
            AgentMessage.user("Book a flight"),
            new AgentMessage.Handoff(
                "alice",
                "client",
                "Transferred to client, adopting the role of client immediately.",
                List.of()),
            new AgentMessage.Handoff("client", "alice", "Oslo, Friday", List.of()),
            new AgentMessage.Text("alice", "Thanks, booked."));
    assertThat(result.stopReason()).isEqualTo("Text 'booked' mentioned");
    assertThat(asked).extracting(Question::prompt)
        .containsExactly("Handoff received from alice. Your answer:");
  }

  @Test
  void aTaskEndingInAHandoffChoosesWhoStarts() {
    ReplayChatModel bob = ReplayChatModel.ofTexts("Hi, bob here");
    team(
        Terminations.maxMessages(3),
        agent("alice", ReplayChatModel.ofTexts()).build(),
        agent("bob", bob).build());

    TaskResult result =
        run(
            List.of(
                AgentMessage.user("Resume please"),
                new AgentMessage.Handoff("user", "bob", "Over to you, bob", List.of())));

    assertThat(speakers(result)).containsExactly("user", "user", "bob");
    assertThat(bob.lastRequest().messages())
        .containsExactly(ChatMessage.user("Resume please"), ChatMessage.user("Over to you, bob"));
  }

  @Test
  void aHandoffOutsideTheTeamFailsTheRunNamingEveryone() {
    ReplayChatModel alice = ReplayChatModel.builder().toolCall("transfer_to_carol", "{}").build();
    team(
        Terminations.maxMessages(10),
        agent("alice", alice).handoff("carol", null).build(),
        agent("bob", ReplayChatModel.ofTexts()).build());

    TeamRunException failed = catchThrowableOfType(() -> run("Go"), TeamRunException.class);

    assertThat(failed.participant()).isEqualTo("selector");
    TaskResult partial = failed.partialResult();
    assertThat(partial.stopReason())
        .contains("IllegalStateException", "'alice' handed off to 'carol'", "(alice, bob)")
        .contains("Terminations.handoff(\"carol\")");
    assertThat(speakers(partial)).containsExactly("user", "alice");
  }

  @Test
  void afterAHandoffTerminationOutsideTheTeamOnlyAHandoffBackContinuesTheSwarm() {
    ReplayChatModel alice =
        ReplayChatModel.builder()
            .toolCall("transfer_to_user", "{}")
            .text("Thanks, booked.")
            .build();
    ReplayChatModel bob = ReplayChatModel.ofTexts();
    team(
        Terminations.or(Terminations.handoff("user"), Terminations.textMention("booked")),
        agent("alice", alice).handoff("user", "Ask the user for missing details").build(),
        agent("bob", bob).build());

    TaskResult first = run("Book a flight");

    assertThat(speakers(first)).containsExactly("user", "alice");
    assertThat(first.stop().kind()).isEqualTo(StopReason.Kind.CONDITION);
    assertThat(first.stopReason()).isEqualTo("Handoff to user from alice detected.");

    // A plain answer is refused, and leaves the conversation as it was: alice does not take the
    // floor back by herself.
    events.clear();
    assertThatThrownBy(() -> run("To Oslo, on Friday"))
        .hasMessageContaining(
            "its last handoff went to 'user', who is not in the team (alice, bob)")
        .hasMessageContaining("new AgentMessage.Handoff(\"user\", \"alice\", answer, List.of())");
    assertThat(events).isEmpty();
    assertThatThrownBy(
            () -> run(List.of(new AgentMessage.Handoff("user", "carol", "Hi", List.of()))))
        .hasMessageContaining("the task hands off to 'carol', who is not in the team (alice, bob)");

    TaskResult second =
        run(List.of(new AgentMessage.Handoff("user", "alice", "To Oslo, on Friday", List.of())));

    assertThat(speakers(second)).containsExactly("user", "alice");
    assertThat(second.lastMessage().content()).isEqualTo("Thanks, booked.");
    assertThat(alice.lastRequest().messages()).endsWith(ChatMessage.user("To Oslo, on Friday"));
    assertThat(bob.requests()).isEmpty();
  }

  @Test // AutoGen test_swarm_with_handoff_termination, second half
  void continuingAfterAHandoffOutsideTheTeamFailsUntilAHandoffNamesAParticipant() {
    team(
        Terminations.handoff("non_existing_agent"),
        ScenarioAgents.handOff("second_agent", "third_agent"),
        ScenarioAgents.handOff("first_agent", "second_agent"),
        ScenarioAgents.handOff("third_agent", "non_existing_agent"));

    assertThat(ScenarioAgents.lines(run("task")))
        .containsExactly(
            "user: task",
            "second_agent: Transferred to third_agent.",
            "third_agent: Transferred to non_existing_agent.");
    assertThatThrownBy(() -> run("new task"))
        .hasMessageContaining("'non_existing_agent'")
        .hasMessageContaining("second_agent, first_agent, third_agent");

    TaskResult result =
        run(
            List.of(
                new AgentMessage.Handoff(
                    "user", "first_agent", "Handoff to first_agent.", List.of())));

    // The refused task did not join the conversation.
    assertThat(ScenarioAgents.lines(result))
        .containsExactly(
            "user: Handoff to first_agent.",
            "first_agent: Transferred to second_agent.",
            "second_agent: Transferred to third_agent.",
            "third_agent: Transferred to non_existing_agent.");
    assertThat(result.stopReason())
        .isEqualTo("Handoff to non_existing_agent from third_agent detected.");
  }

  @Test // AutoGen test_swarm_with_handoff_termination, first half, with a new task
  void aNewTaskAfterAHandoffTerminationInsideTheTeamGivesTheTargetTheFloor() {
    team(
        Terminations.handoff("third_agent"),
        ScenarioAgents.handOff("second_agent", "third_agent"),
        ScenarioAgents.handOff("first_agent", "second_agent"),
        ScenarioAgents.handOff("third_agent", "first_agent"));

    assertThat(ScenarioAgents.lines(run("task")))
        .containsExactly("user: task", "second_agent: Transferred to third_agent.");
    assertThat(ScenarioAgents.lines(run("new task")))
        .containsExactly(
            "user: new task",
            "third_agent: Transferred to first_agent.",
            "first_agent: Transferred to second_agent.",
            "second_agent: Transferred to third_agent.");
  }

  @Test
  void resetGivesTheFloorBackToTheFirstParticipant() {
    ReplayChatModel alice =
        ReplayChatModel.builder().toolCall("transfer_to_bob", "{}").text("a1").text("a2").build();
    ReplayChatModel bob = ReplayChatModel.ofTexts("b1", "b2", "b3");
    team(
        Terminations.maxMessages(3),
        agent("alice", alice).handoff("bob", null).build(),
        agent("bob", bob).build());

    assertThat(speakers(run("One"))).containsExactly("user", "alice", "bob");
    // Without a reset the conversation continues with bob, who has the floor.
    assertThat(speakers(run("Two"))).containsExactly("user", "bob", "bob");
    team.reset();
    assertThat(speakers(run("Three"))).containsExactly("user", "alice", "alice");
    assertThat(bob.remaining()).isZero();
  }

  @Test
  void describesItself() {
    assertThat(new Swarm()).hasToString("swarm");
  }

  @Test
  void aHandBuiltSwarmRefusesATeam() {
    Team inner =
        new Team(
            new TeamSpec(
                "research",
                "",
                List.of(ScenarioAgents.echo("web")),
                new RoundRobin(),
                null,
                1,
                null));
    try {
      assertThatThrownBy(
              () ->
                  new TeamSpec(
                      "desk",
                      "",
                      List.of(ScenarioAgents.handOff("triage", "research"), inner),
                      new Swarm(),
                      null,
                      3,
                      null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("team 'research' cannot take part in swarm 'desk'")
          .hasMessageContaining("[Cadre/TeamInSwarm]");
    } finally {
      inner.close();
    }
  }
}
