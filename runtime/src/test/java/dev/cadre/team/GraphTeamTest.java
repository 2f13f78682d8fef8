package dev.cadre.team;


import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class GraphTeamTest {

  private static final String NOBODY_LEFT = "no participant is left to speak";

  private final List<Team> teams = new ArrayList<>();

  @AfterEach
  void close() {
    teams.forEach(Team::close);
  }

  private static AssistantAgent agent(String name, String... replies) {
    return agent(name, ReplayChatModel.ofTexts(replies));
  }

  private static AssistantAgent agent(String name, ReplayChatModel model) {
    return TeamFixtures.agent(name, model);
  }

  private Team team(
      ChatGraph graph, TerminationCondition termination, int maxTurns, ChatAgent... participants) {
    Team team =
        new Team(
            new TeamSpec(
                "flow",
                "",
                List.of(participants),
                new GraphFlow(graph),
                termination,
                maxTurns,
                null));
    teams.add(team);
    return team;
  }

  private Team team(ChatGraph graph, ChatAgent... participants) {
    return team(graph, null, 20, participants);
  }

  private static List<String> speakers(TaskResult result) {
    return result.messages().stream().map(AgentMessage::source).collect(Collectors.toList());
  }

  private static List<List<String>> turns(List<TeamEvent> events) {
    return events.stream()
        .filter(TeamEvent.SpeakersSelected.class::isInstance)
        .map(e -> ((TeamEvent.SpeakersSelected) e).speakers())
        .collect(Collectors.toList());
  }

  private static TaskResult run(Team team, String task, List<TeamEvent> events) {
    return team.run(List.of(AgentMessage.user(task)), events::add);
  }

  @Test
  void aSequentialChainEndsAfterItsLastNode() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("a")
            .node("b")
            .node("c")
            .entry("a")
            .edge("a", "b")
            .edge("b", "c")
            .build();
    ReplayChatModel b = ReplayChatModel.ofTexts("b1");
    Team team = team(graph, agent("a", "a1"), agent("b", b), agent("c", "c1"));
    List<TeamEvent> events = new CopyOnWriteArrayList<>();

    TaskResult result = run(team, "Go", events);

    assertThat(speakers(result)).containsExactly("user", "a", "b", "c");
    assertThat(result.stopReason()).isEqualTo(NOBODY_LEFT);
    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.COMPLETE);
    assertThat(turns(events)).containsExactly(List.of("a"), List.of("b"), List.of("c"));
    assertThat(b.lastRequest().messages())
        .containsExactly(ChatMessage.user("Go"), new ChatMessage.User("a1", "a"));
    assertThat(new GraphFlow(graph)).hasToString("graph");
  }

  @Test
  void aKeywordConditionChoosesTheBranch() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("router")
            .node("poet")
            .node("coder")
            .entry("router")
            .edge(ChatGraph.Edge.of("router", "poet").whenContains("POEM"))
            .edge(ChatGraph.Edge.of("router", "coder").whenContains("CODE"))
            .build();
    ReplayChatModel poet = ReplayChatModel.ofTexts();
    Team team =
        team(
            graph, agent("router", "This needs CODE"), agent("poet", poet), agent("coder", "done"));

    TaskResult result = team.run("Sort a list");

    assertThat(speakers(result)).containsExactly("user", "router", "coder");
    assertThat(result.stopReason()).isEqualTo(NOBODY_LEFT);
    assertThat(poet.requests()).isEmpty();
  }

  @Test
  void aPredicateConditionChoosesTheBranch() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("estimator")
            .node("small")
            .node("large")
            .entry("estimator")
            .edge(
                ChatGraph.Edge.of("estimator", "small")
                    .when("estimate up to 100", m -> Integer.parseInt(m.content().trim()) <= 100))
            .edge(
                ChatGraph.Edge.of("estimator", "large")
                    .when("estimate over 100", m -> Integer.parseInt(m.content().trim()) > 100))
            .build();
    Team team =
        team(
            graph,
            agent("estimator", "250"),
            agent("small", ReplayChatModel.ofTexts()),
            agent("large", "big job"));

    TaskResult result = team.run("Estimate");

    assertThat(speakers(result)).containsExactly("user", "estimator", "large");
  }

  @Test
  void aNodeWhoseConditionsAllFailEndsItsBranch() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("judge")
            .node("yes")
            .node("no")
            .entry("judge")
            .edge(ChatGraph.Edge.of("judge", "yes").whenContains("YES"))
            .edge(ChatGraph.Edge.of("judge", "no").whenContains("NO"))
            .build();
    Team team =
        team(
            graph,
            agent("judge", "maybe"),
            agent("yes", ReplayChatModel.ofTexts()),
            agent("no", ReplayChatModel.ofTexts()));

    TaskResult result = team.run("Decide");

    assertThat(speakers(result)).containsExactly("user", "judge");
    assertThat(result.stopReason()).isEqualTo(NOBODY_LEFT);
  }

  @Test
  void sequentialEdgesFireBesideConditionalOnes() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("triage")
            .node("log")
            .node("escalate")
            .entry("triage")
            .edge(ChatGraph.Edge.of("triage", "escalate").whenContains("URGENT"))
            .edge("triage", "log")
            .build();
    Team calm =
        team(
            graph,
            agent("triage", "routine"),
            agent("log", "logged"),
            agent("escalate", ReplayChatModel.ofTexts()));
    Team urgent =
        team(
            graph,
            agent("triage", "URGENT: fire"),
            agent("log", "logged"),
            agent("escalate", "paged"));

    assertThat(speakers(calm.run("Ticket"))).containsExactly("user", "triage", "log");
    // Both fire in one turn, listed in node declaration order.
    assertThat(speakers(urgent.run("Ticket"))).containsExactly("user", "triage", "log", "escalate");
  }

  @Test
  void aFanOutRunsItsBranchesConcurrently() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("a")
            .node("b")
            .node("c")
            .entry("a")
            .edge("a", "b")
            .edge("a", "c")
            .build();
    // Each branch waits until the other has started: neither can finish unless both run at once.
    CyclicBarrier bothStarted = new CyclicBarrier(2);
    Team team =
        team(
            graph,
            agent("a", "split"),
            new BarrierAgent("b", bothStarted),
            new BarrierAgent("c", bothStarted));
    List<TeamEvent> events = new CopyOnWriteArrayList<>();

    TaskResult result = run(team, "Go", events);

    assertThat(speakers(result)).containsExactly("user", "a", "b", "c");
    assertThat(turns(events)).containsExactly(List.of("a"), List.of("b", "c"));
  }

  @Test
  void anAllJoinWaitsForEveryParentAndSeesTheirMessages() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("a")
            .node("b")
            .node("c")
            .node("d")
            .entry("a")
            .edge("a", "b")
            .edge("a", "c")
            .edge("b", "d")
            .edge("c", "d")
            .build();
    ReplayChatModel d = ReplayChatModel.ofTexts("merged");
    Team team =
        team(graph, agent("a", "split"), agent("b", "left"), agent("c", "right"), agent("d", d));
    List<TeamEvent> events = new CopyOnWriteArrayList<>();

    TaskResult result = run(team, "Go", events);

    assertThat(speakers(result)).containsExactly("user", "a", "b", "c", "d");
    assertThat(turns(events)).containsExactly(List.of("a"), List.of("b", "c"), List.of("d"));
    assertThat(d.requests()).hasSize(1);
    assertThat(d.lastRequest().messages())
        .containsExactly(
            ChatMessage.user("Go"),
            new ChatMessage.User("split", "a"),
            new ChatMessage.User("left", "b"),
            new ChatMessage.User("right", "c"));
  }

  /** a fans out to b and c; b -> d directly, c -> e -> d, so d's parents finish a turn apart. */
  private static ChatGraph unevenFanIn(ChatGraph.Join join) {
    return ChatGraph.builder()
        .node("a")
        .node("b")
        .node("c")
        .node("d", join)
        .node("e")
        .entry("a")
        .edge("a", "b")
        .edge("a", "c")
        .edge("b", "d")
        .edge("c", "e")
        .edge("e", "d")
        .build();
  }

  @Test
  void anAllJoinWaitsForTheSlowerBranch() {
    ReplayChatModel d = ReplayChatModel.ofTexts("merged");
    Team team =
        team(
            unevenFanIn(ChatGraph.Join.ALL),
            agent("a", "split"),
            agent("b", "left"),
            agent("c", "right"),
            agent("d", d),
            agent("e", "right, refined"));
    List<TeamEvent> events = new CopyOnWriteArrayList<>();

    TaskResult result = run(team, "Go", events);

    assertThat(speakers(result)).containsExactly("user", "a", "b", "c", "e", "d");
    assertThat(turns(events))
        .containsExactly(List.of("a"), List.of("b", "c"), List.of("e"), List.of("d"));
    assertThat(d.lastRequest().messages())
        .contains(new ChatMessage.User("left", "b"), new ChatMessage.User("right, refined", "e"));
  }

  @Test
  void anAnyJoinRunsAfterEachParentWithoutWaitingForTheOthers() {
    ReplayChatModel d = ReplayChatModel.ofTexts("after b", "after e");
    Team team =
        team(
            unevenFanIn(ChatGraph.Join.ANY),
            agent("a", "split"),
            agent("b", "left"),
            agent("c", "right"),
            agent("d", d),
            agent("e", "right, refined"));
    List<TeamEvent> events = new CopyOnWriteArrayList<>();

    TaskResult result = run(team, "Go", events);

    // d runs beside e as soon as b is done, and again once e is.
    assertThat(speakers(result)).containsExactly("user", "a", "b", "c", "d", "e", "d");
    assertThat(turns(events))
        .containsExactly(List.of("a"), List.of("b", "c"), List.of("d", "e"), List.of("d"));
    assertThat(d.requests().get(0).messages())
        .doesNotContain(new ChatMessage.User("right, refined", "e"));
    assertThat(d.lastRequest().messages()).contains(new ChatMessage.User("right, refined", "e"));
    assertThat(result.stopReason()).isEqualTo(NOBODY_LEFT);
  }

  @Test
  void aLoopExitsWhenTheReviewerApproves() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("writer")
            .node("reviewer")
            .node("publisher")
            .entry("writer")
            .edge("writer", "reviewer")
            .edge(ChatGraph.Edge.of("reviewer", "publisher").whenContains("APPROVE"))
            .edge(ChatGraph.Edge.of("reviewer", "writer").whenNotContains("APPROVE"))
            .build();
    ReplayChatModel writer = ReplayChatModel.ofTexts("Draft 1", "Draft 2");
    ReplayChatModel publisher = ReplayChatModel.ofTexts("Published");
    Team team =
        team(
            graph,
            agent("writer", writer),
            agent("reviewer", "Too long", "APPROVE"),
            agent("publisher", publisher));

    TaskResult result = team.run("Write a haiku");

    assertThat(speakers(result))
        .containsExactly("user", "writer", "reviewer", "writer", "reviewer", "publisher");
    assertThat(result.stopReason()).isEqualTo(NOBODY_LEFT);
    assertThat(writer.lastRequest().messages())
        .endsWith(new ChatMessage.User("Too long", "reviewer"));
    assertThat(publisher.lastRequest().messages())
        .contains(new ChatMessage.User("Draft 2", "writer"));
  }

  @Test
  void aLoopBoundedByMaxTraversalsExitsEvenWhenItsHeadAlsoWaitsOnAForwardParent() {
    // writer joins ALL over planner (forward) and reviewer (back edge): the back edge alone must
    // wake it, or the loop would deadlock after the first round.
    ChatGraph graph =
        ChatGraph.builder()
            .node("planner")
            .node("writer")
            .node("reviewer")
            .entry("planner")
            .edge("planner", "writer")
            .edge("writer", "reviewer")
            .edge(ChatGraph.Edge.of("reviewer", "writer").maxTraversals(2))
            .build();
    Team team =
        team(
            graph,
            agent("planner", "plan"),
            agent("writer", "w1", "w2", "w3"),
            agent("reviewer", "r1", "r2", "r3"));

    TaskResult result = team.run("Go");

    assertThat(speakers(result))
        .containsExactly(
            "user", "planner", "writer", "reviewer", "writer", "reviewer", "writer", "reviewer");
    assertThat(result.stopReason()).isEqualTo(NOBODY_LEFT);
  }

  @Test
  void everyRunStartsAgainAtTheEntryAndContinuesTheConversation() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("a")
            .node("b")
            .node("c")
            .entry("a")
            .edge("a", "b")
            .edge("b", "c")
            .build();
    ReplayChatModel a = ReplayChatModel.ofTexts("a1", "a2");
    Team team = team(graph, agent("a", a), agent("b", "b1", "b2"), agent("c", "c1", "c2"));

    team.run("One");
    TaskResult second = team.run("Two");

    assertThat(speakers(second)).containsExactly("user", "a", "b", "c");
    assertThat(second.stopReason()).isEqualTo(NOBODY_LEFT);
    assertThat(a.lastRequest().messages())
        .contains(
            ChatMessage.user("One"), new ChatMessage.User("c1", "c"), ChatMessage.user("Two"));
  }

  @Test
  void aRunStoppedMidGraphLeavesNothingBehindForTheNextRun() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("a")
            .node("b")
            .node("c")
            .entry("a")
            .edge("a", "b")
            .edge("b", "c")
            .build();
    Team team =
        team(
            graph,
            Terminations.sourceMatch("a"),
            20,
            agent("a", "a1", "a2"),
            agent("b", ReplayChatModel.ofTexts()),
            agent("c", ReplayChatModel.ofTexts()));

    TaskResult first = team.run("One");
    TaskResult second = team.run("Two");

    assertThat(speakers(first)).containsExactly("user", "a");
    // Not b, whose edge from a fired in the first run.
    assertThat(speakers(second)).containsExactly("user", "a");
  }

  @Test
  void resetForgetsTheConversationAndTheGraphState() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("writer")
            .node("reviewer")
            .entry("writer")
            .edge("writer", "reviewer")
            .edge(ChatGraph.Edge.of("reviewer", "writer").maxTraversals(1))
            .build();
    ReplayChatModel writer = ReplayChatModel.ofTexts("w1", "w2", "w3", "w4");
    Team team = team(graph, agent("writer", writer), agent("reviewer", "r1", "r2", "r3", "r4"));

    TaskResult first = team.run("One");
    team.reset();
    TaskResult second = team.run("Two");

    // The bound counts per run: after the reset the loop gets its one extra round again.
    assertThat(speakers(first)).containsExactly("user", "writer", "reviewer", "writer", "reviewer");
    assertThat(speakers(second))
        .containsExactly("user", "writer", "reviewer", "writer", "reviewer");
    assertThat(writer.requests().get(2).messages()).containsExactly(ChatMessage.user("Two"));
  }

  @Test
  void aGraphNodeThatIsNoParticipantFailsTheRunNamingIt() {
    ChatGraph graph =
        ChatGraph.builder().node("a").node("ghost").entry("a").edge("a", "ghost").build();
    Team team = team(graph, agent("a", ReplayChatModel.ofTexts()));

    TeamRunException failed = catchThrowableOfType(() -> team.run("Go"), TeamRunException.class);

    assertThat(failed.participant()).isEqualTo("selector");
    assertThat(failed.partialResult().stopReason()).contains("'ghost'", "not a participant", "[a]");
    assertThat(speakers(failed.partialResult())).containsExactly("user");
  }

  @Test
  void aConditionThatThrowsFailsTheRunNamingTheEdge() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("a")
            .node("b")
            .entry("a")
            .edge(
                ChatGraph.Edge.of("a", "b")
                    .when("a number", m -> Integer.parseInt(m.content()) > 0))
            .build();
    Team team = team(graph, agent("a", "not a number"), agent("b", ReplayChatModel.ofTexts()));

    TeamRunException failed = catchThrowableOfType(() -> team.run("Go"), TeamRunException.class);

    assertThat(failed.partialResult().stopReason())
        .contains("a -> b when a number", "NumberFormatException");
    assertThat(speakers(failed.partialResult())).containsExactly("user", "a");
  }

  /** A participant that answers only once its partner has started too. */
  private static final class BarrierAgent implements ChatAgent {
    private final String name;
    private final CyclicBarrier barrier;

    BarrierAgent(String name, CyclicBarrier barrier) {
      this.name = name;
      this.barrier = barrier;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "waits for its partner";
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      try {
        barrier.await(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(
            name + "'s partner did not start while " + name + " ran", e);
      }
      return new AgentResponse(
          new AgentMessage.Text(name, name + " done"), List.of(), Usage.ZERO, null);
    }

    @Override
    public void reset() {}
  }
}
