package dev.cadre.team;

import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
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
  void theReceiverSeesTheToolCallsAndResultsThatLedToTheHandoff() {
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
            new ChatMessage.Assistant(null, List.of(lookupCall, transfer), "alice"),
            new ChatMessage.ToolResults(
                List.of(
                    ToolResult.success(lookupCall, "order 42: shipped"),
                    ToolResult.success(transfer, TO_BOB))),
            new ChatMessage.User(TO_BOB, "alice"));
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
  void aHandoffTerminationStopsTheSwarmAndTheNextRunReturnsTheFloor() {
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
    assertThat(first.stopReason()).isEqualTo("handoff from alice to user");

    // The user's answer goes back to the agent that asked.
    TaskResult second = run("To Oslo, on Friday");

    assertThat(speakers(second)).containsExactly("user", "alice");
    assertThat(second.lastMessage().content()).isEqualTo("Thanks, booked.");
    assertThat(bob.requests()).isEmpty();
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
}
