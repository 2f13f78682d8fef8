package dev.cadre.team;


import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.graph.GraphValidationException;
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

  private static final String NOBODY_LEFT = "Digraph execution is complete";

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
  void aRunAfterTheGraphCompletedStartsAgainAtTheEntryAndContinuesTheConversation() {
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
  void aRunStoppedMidGraphLeavesTheReadyNodesForTheNextRun() {
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
    Team team =
        team(
            graph,
            Terminations.sourceMatch("a"),
            20,
            agent("a", "a1", "a2"),
            agent("b", b),
            agent("c", "c1"));

    TaskResult first = team.run("One");
    TaskResult second = team.run("Two");

    assertThat(speakers(first)).containsExactly("user", "a");
    assertThat(first.stopReason()).isEqualTo("'a' answered");
    // b, whose edge from a fired in the first run, goes on: with the new task in view.
    assertThat(speakers(second)).containsExactly("user", "b", "c");
    assertThat(second.stopReason()).isEqualTo(NOBODY_LEFT);
    assertThat(b.lastRequest().messages())
        .containsExactly(
            ChatMessage.user("One"), new ChatMessage.User("a1", "a"), ChatMessage.user("Two"));
  }

  /** A, B, C in a chain, stopping after three messages: AutoGen's resume scenarios. */
  private Team chainOfEchoes(ScenarioAgents.Echo a, ScenarioAgents.Echo b, ScenarioAgents.Echo c) {
    ChatGraph graph =
        ChatGraph.builder()
            .node("A")
            .node("B")
            .node("C")
            .entry("A")
            .edge("A", "B")
            .edge("B", "C")
            .build();
    return team(graph, Terminations.maxMessages(3), 20, a, b, c);
  }

  @Test // AutoGen test_digraph_group_chat_resume_with_termination_condition, with new tasks
  void aGraphStoppedByItsConditionGoesOnFromItsReadyNodesThenStartsOverOnceComplete() {
    ScenarioAgents.Echo a = ScenarioAgents.echo("A");
    ScenarioAgents.Echo b = ScenarioAgents.echo("B");
    ScenarioAgents.Echo c = ScenarioAgents.echo("C");
    Team team = chainOfEchoes(a, b, c);

    TaskResult first = team.run("Start execution");
    assertThat(ScenarioAgents.lines(first))
        .containsExactly("user: Start execution", "A: Start execution", "B: Start execution");
    assertThat(c.turns).isZero();

    TaskResult second = team.run("More");
    assertThat(ScenarioAgents.lines(second)).containsExactly("user: More", "C: Start execution");
    assertThat(second.stopReason()).isEqualTo("Digraph execution is complete");
    assertThat(List.of(a.turns, b.turns, c.turns)).containsExactly(1, 1, 1);

    // Complete, so the next run starts at the entry. The conversation goes on: the first message
    // A has not seen is B's, and B's is the task of the second run.
    TaskResult third = team.run("Again");
    assertThat(ScenarioAgents.lines(third))
        .containsExactly("user: Again", "A: Start execution", "B: More");
    assertThat(third.stopReason())
        .isEqualTo("Maximum number of messages 3 reached, current message count: 3");
  }

  @Test // AutoGen test_digraph_group_chat_multiple_task_execution
  void aCompletedGraphRunsAgainFromItsEntryOnTheNextTask() {
    ScenarioAgents.Echo a = ScenarioAgents.echo("A");
    ChatGraph graph =
        ChatGraph.builder()
            .node("A")
            .node("B")
            .node("C")
            .entry("A")
            .edge("A", "B")
            .edge("B", "C")
            .build();
    Team team =
        team(graph, null, 20, a, ScenarioAgents.echo("B"), ScenarioAgents.echo("C"));

    assertThat(ScenarioAgents.sources(team.run("First task")))
        .containsExactly("user", "A", "B", "C");
    TaskResult second = team.run("Second task");
    assertThat(ScenarioAgents.sources(second)).containsExactly("user", "A", "B", "C");
    assertThat(second.stopReason()).isEqualTo("Digraph execution is complete");
    assertThat(a.turns).isEqualTo(2);
  }

  @Test // AutoGen test_digraph_group_chat_loop_with_self_cycle
  void aSelfLoopInItsOwnGroupRunsUntilItsExit() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("A")
            .node("B")
            .node("C")
            .entry("A")
            .edge("A", "B")
            .edge(ChatGraph.Edge.of("B", "C").whenContains("exit"))
            .edge(ChatGraph.Edge.of("B", "B").whenContains("loop").activationGroup("B_loop"))
            .build();
    Team team =
        team(
            graph,
            Terminations.maxMessages(20),
            50,
            ScenarioAgents.echo("A"),
            agent("B", "loop", "loop", "exit"),
            ScenarioAgents.echo("C"));

    TaskResult result = team.run("Start");

    assertThat(speakers(result)).containsExactly("user", "A", "B", "B", "B", "C");
    assertThat(result.stopReason()).isEqualTo(NOBODY_LEFT);
  }

  @Test // AutoGen test_digraph_group_chat_loop_with_two_cycles
  void loopsInGroupsOfTheirOwnWakeTheirHeadWithoutItsForwardParents() {
    ReplayChatModel decisions = ReplayChatModel.ofTexts("to_x", "to_o", "to_y", "to_o", "exit");
    ChatGraph graph =
        ChatGraph.builder()
            .node("A")
            .node("O")
            .node("B")
            .node("C")
            .node("X")
            .node("Y")
            .node("E")
            .entry("A")
            .edge("A", "B")
            .edge("A", "C")
            .edge("B", "O")
            .edge("C", "O")
            .edge(ChatGraph.Edge.of("O", "X").whenContains("to_x"))
            .edge(ChatGraph.Edge.of("O", "Y").whenContains("to_y"))
            .edge(ChatGraph.Edge.of("O", "E").whenContains("exit"))
            .edge(ChatGraph.Edge.of("X", "O").whenContains("to_o").activationGroup("x_o_loop"))
            .edge(ChatGraph.Edge.of("Y", "O").whenContains("to_o").activationGroup("y_o_loop"))
            .build();
    Team team =
        team(
            graph,
            Terminations.maxMessages(20),
            50,
            ScenarioAgents.echo("A"),
            agent("O", decisions),
            ScenarioAgents.echo("B"),
            ScenarioAgents.echo("C"),
            agent("X", decisions),
            agent("Y", decisions),
            ScenarioAgents.echo("E"));

    TaskResult result = team.run("Start");

    // O's message comes before B's and C's in a turn only when they speak together; here O waits
    // for both (its default group) and then each loop wakes it alone.
    assertThat(speakers(result))
        .containsExactly("user", "A", "B", "C", "O", "X", "O", "Y", "O", "E");
    assertThat(result.stopReason()).isEqualTo(NOBODY_LEFT);
  }

  @Test // AutoGen test_digraph_group_chat_parallel_join_any_1, with an ANY group
  void anAnyGroupRunsItsNodeOnceForATurnOfSeveralParentsAndAnAllGroupWaitsBeside() {
    ChatGraph graph =
        ChatGraph.builder()
            .node("A")
            .node("B")
            .node("C")
            .node("D")
            .node("E")
            .entry("A")
            .edge("A", "B")
            .edge("A", "C")
            .edge("A", "E")
            .edge(ChatGraph.Edge.of("B", "D").activationGroup("any").activation(ChatGraph.Join.ANY))
            .edge(ChatGraph.Edge.of("C", "D").activationGroup("any").activation(ChatGraph.Join.ANY))
            .edge(ChatGraph.Edge.of("E", "D").activationGroup("all"))
            .build();
    List<TeamEvent> events = new CopyOnWriteArrayList<>();
    Team team =
        team(
            graph,
            null,
            20,
            ScenarioAgents.echo("A"),
            ScenarioAgents.echo("B"),
            ScenarioAgents.echo("C"),
            ScenarioAgents.echo("D"),
            ScenarioAgents.echo("E"));

    TaskResult result = run(team, "Run parallel join", events);

    // B, C and E speak in one turn: the ANY group readies D once, and E's group (all of one
    // parent) readies it too; D runs once.
    assertThat(turns(events))
        .containsExactly(List.of("A"), List.of("B", "C", "E"), List.of("D"));
    assertThat(speakers(result)).containsExactly("user", "A", "B", "C", "E", "D");
  }

  @Test
  void aGroupReadiesItsNodeWithoutResettingTheOthersProgress() {
    // d's default group waits for b and c; e's edge is a group of its own. e fires first (with
    // b), d runs, and b's arrival still counts when c comes.
    ChatGraph graph =
        ChatGraph.builder()
            .node("a")
            .node("b")
            .node("c")
            .node("x")
            .node("d")
            .node("e")
            .entry("a")
            .edge("a", "b")
            .edge("a", "e")
            .edge("a", "x")
            .edge("x", "c")
            .edge("b", "d")
            .edge("c", "d")
            .edge(ChatGraph.Edge.of("e", "d").activationGroup("early"))
            .build();
    List<TeamEvent> events = new CopyOnWriteArrayList<>();
    Team team =
        team(
            graph,
            null,
            20,
            ScenarioAgents.echo("a"),
            ScenarioAgents.echo("b"),
            ScenarioAgents.echo("c"),
            ScenarioAgents.echo("x"),
            ScenarioAgents.echo("d"),
            ScenarioAgents.echo("e"));

    run(team, "Go", events);

    assertThat(turns(events))
        .containsExactly(
            List.of("a"), List.of("b", "x", "e"), List.of("c", "d"), List.of("d"));
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

    // The bound counts per pass through the graph: after the reset the loop gets its one extra
    // round again.
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

  @Test
  void aHandBuiltGraphThatLoopsWithNothingToStopItIsRefused() {
    ChatGraph loop =
        ChatGraph.builder()
            .node("w")
            .node("r")
            .entry("w")
            .edge("w", "r")
            .edge(ChatGraph.Edge.of("r", "w").whenNotContains("APPROVE"))
            .build();
    List<ChatAgent> pair = List.of(ScenarioAgents.echo("w"), ScenarioAgents.echo("r"));

    assertThatThrownBy(
            () -> new TeamSpec("g", "", pair, new GraphFlow(loop), null, Integer.MAX_VALUE, null))
        .isInstanceOf(GraphValidationException.class)
        .hasMessageContaining("[Cadre/NeverTerminates] Team 'g' loops (w -> r -> w)");
    // A turn limit, a termination condition or a bound on the loop lets it run.
    new TeamSpec("g", "", pair, new GraphFlow(loop), null, 10, null);
    new TeamSpec(
        "g", "", pair, new GraphFlow(loop), Terminations.maxMessages(5), Integer.MAX_VALUE, null);
    ChatGraph bounded =
        ChatGraph.builder()
            .node("w")
            .node("r")
            .entry("w")
            .edge("w", "r")
            .edge(ChatGraph.Edge.of("r", "w").whenNotContains("APPROVE").maxTraversals(2))
            .build();
    new TeamSpec("g", "", pair, new GraphFlow(bounded), null, Integer.MAX_VALUE, null);
  }
}
