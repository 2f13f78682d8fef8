package dev.cadre.team;

import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SelectorTeamTest {

  private Team team;
  private final List<TeamEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    if (team != null) {
      team.close();
    }
  }

  private static AssistantAgent agent(String name, String description, String... answers) {
    return AssistantAgent.builder(name)
        .description(description)
        .systemMessage(null)
        .model(ReplayChatModel.ofTexts(answers))
        .build();
  }

  /** planner, writer and critic, in that order. */
  private TaskResult run(
      ModelSelector selector,
      TerminationCondition termination,
      String task,
      String[] planner,
      String[] writer,
      String[] critic) {
    team =
        new Team(
            new TeamSpec(
                "studio",
                "",
                List.of(
                    agent("planner", "Plans the work", planner),
                    agent("writer", "Writes   the\ntext", writer),
                    agent("critic", "Reviews drafts", critic)),
                selector,
                termination,
                10,
                null));
    return team.run(List.of(AgentMessage.user(task)), events::add);
  }

  private static String[] says(String... answers) {
    return answers;
  }

  private static List<String> speakers(TaskResult result) {
    return result.messages().stream().map(AgentMessage::source).collect(Collectors.toList());
  }

  private static String prompt(ChatRequest request) {
    return ((ChatMessage.User) request.messages().get(0)).content();
  }

  private List<TeamEvent.SelectionProblem> problems() {
    return events.stream()
        .filter(TeamEvent.SelectionProblem.class::isInstance)
        .map(TeamEvent.SelectionProblem.class::cast)
        .collect(Collectors.toList());
  }

  private List<List<String>> selections() {
    return events.stream()
        .filter(TeamEvent.SpeakersSelected.class::isInstance)
        .map(e -> ((TeamEvent.SpeakersSelected) e).speakers())
        .collect(Collectors.toList());
  }

  @Test
  void theModelPicksFromRolesAndHistoryAndTheLastSpeakerIsNotOffered() {
    ReplayChatModel selectorModel = ReplayChatModel.ofTexts("writer", "I choose critic.");

    TaskResult result =
        run(
            ModelSelector.builder(selectorModel).build(),
            Terminations.textMention("APPROVE"),
            "Write a poem",
            says(),
            says("Draft"),
            says("APPROVE"));

    assertThat(speakers(result)).containsExactly("user", "writer", "critic");
    assertThat(result.stopReason()).contains("APPROVE");
    assertThat(selections()).containsExactly(List.of("writer"), List.of("critic"));
    assertThat(problems()).isEmpty();
    List<ChatRequest> requests = selectorModel.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).messages()).hasSize(1);
    assertThat(prompt(requests.get(0)))
        .contains("planner: Plans the work\nwriter: Writes the text\ncritic: Reviews drafts")
        .contains("choose the next role from planner, writer, critic.")
        .contains("\nuser: Write a poem\n");
    // The writer spoke last, so it is neither described nor offered.
    assertThat(prompt(requests.get(1)))
        .contains("planner: Plans the work\ncritic: Reviews drafts\n")
        .doesNotContain("writer: Writes")
        .contains("choose the next role from planner, critic.")
        .contains("user: Write a poem\nwriter: Draft\n");
  }

  @Test
  void aCustomTemplateIsFilledInOnePass() {
    ReplayChatModel selectorModel = ReplayChatModel.ofTexts("critic");
    ModelSelector selector =
        ModelSelector.builder(selectorModel)
            .promptTemplate(
                "Pick one of {participants} {not a placeholder}\n{roles}\n--\n{history}")
            .build();

    run(selector, Terminations.maxMessages(2), "Explain {roles}", says(), says(), says("Done"));

    assertThat(prompt(selectorModel.lastRequest()))
        .isEqualTo(
            "Pick one of planner, writer, critic {not a placeholder}\n"
                + "planner: Plans the work\nwriter: Writes the text\ncritic: Reviews drafts\n"
                + "--\n"
                + "user: Explain {roles}");
  }

  @Test
  void aTemplateWithAnUnknownPlaceholderIsRejectedAtBuildTime() {
    ModelSelector.Builder builder = ModelSelector.builder(ReplayChatModel.ofTexts());

    assertThatThrownBy(() -> builder.promptTemplate("{roles} then {speakers}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{speakers}")
        .hasMessageContaining("{roles}, {participants} and {history}");
    assertThatThrownBy(() -> builder.maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAttempts");
  }

  @Test
  void theCandidateFilterNarrowsWhoIsOfferedAndAnEmptyListFailsTheRun() {
    ReplayChatModel selectorModel = ReplayChatModel.ofTexts("critic", "writer");
    ModelSelector selector =
        ModelSelector.builder(selectorModel)
            .candidateFilter(c -> c.firstTurn() ? List.of("critic", "planner") : List.of())
            .build();

    TaskResult result =
        failing(
            () ->
                run(selector, Terminations.maxMessages(3), "Go", says(), says("w1"), says("c1")));

    assertThat(speakers(result)).containsExactly("user", "critic");
    // Offered in the filter's order, and described in it.
    String first = prompt(selectorModel.requests().get(0));
    assertThat(first)
        .contains("from critic, planner.")
        .contains("critic: Reviews drafts\nplanner: Plans the work\n")
        .doesNotContain("writer");
    // An empty list is a mistake in the filter, as in AutoGen: the run fails, naming it.
    assertThat(result.stopReason())
        .contains(
            "the candidate filter of the selector returned no participants (an empty list);"
                + " return at least one of planner, writer, critic");
    assertThat(selectorModel.requests()).hasSize(1);
  }

  @Test
  void aCandidateFilterReturningNullOrThrowingFailsTheRunNamingIt() {
    TaskResult none =
        failing(
            () ->
                run(
                    ModelSelector.builder(ReplayChatModel.ofTexts())
                        .candidateFilter(c -> null)
                        .build(),
                    Terminations.maxMessages(3),
                    "Go",
                    says(),
                    says(),
                    says()));
    assertThat(none.stopReason()).contains("returned no participants (null)");
    assertThat(speakers(none)).containsExactly("user");
    team.close();

    TaskResult thrown =
        failing(
            () ->
                run(
                    ModelSelector.builder(ReplayChatModel.ofTexts())
                        .candidateFilter(
                            c -> {
                              throw new ArithmeticException("bad sum");
                            })
                        .build(),
                    Terminations.maxMessages(3),
                    "Go",
                    says(),
                    says(),
                    says()));
    assertThat(thrown.stopReason())
        .contains("the candidate filter of the selector failed", "ArithmeticException: bad sum");
  }

  @Test
  void aSingleCandidateSpeaksWithoutAskingTheModel() {
    ReplayChatModel selectorModel = ReplayChatModel.ofTexts("writer");
    ModelSelector selector =
        ModelSelector.builder(selectorModel)
            .candidateFilter(c -> c.firstTurn() ? List.of("planner") : List.of("writer", "critic"))
            .build();

    TaskResult result =
        run(selector, Terminations.maxMessages(3), "Go", says("Plan"), says("Text"), says());

    assertThat(speakers(result)).containsExactly("user", "planner", "writer");
    assertThat(selectorModel.requests()).hasSize(1);
    assertThat(prompt(selectorModel.lastRequest())).contains("user: Go\nplanner: Plan");
  }

  @Test
  void theSelectorFunctionDecidesFirstAndNullDefersToTheModel() {
    ReplayChatModel selectorModel = ReplayChatModel.ofTexts("writer", "planner");
    ModelSelector selector =
        ModelSelector.builder(selectorModel)
            .selectorFunction(c -> c.lastSpeakers().contains("writer") ? "critic" : null)
            .build();

    TaskResult result =
        run(selector, Terminations.maxMessages(4), "Go", says("p1"), says("w1"), says("c1"));

    assertThat(speakers(result)).containsExactly("user", "writer", "critic", "planner");
    assertThat(selectorModel.requests()).hasSize(2);
    assertThat(problems()).isEmpty();
  }

  @Test
  void theSelectorFunctionsChoiceIsFinalEvenForTheLastSpeaker() {
    ReplayChatModel selectorModel = ReplayChatModel.ofTexts("writer");
    ModelSelector selector =
        ModelSelector.builder(selectorModel)
            .selectorFunction(c -> c.firstTurn() ? null : "writer")
            .build();

    TaskResult result =
        run(selector, Terminations.maxMessages(3), "Go", says(), says("w1", "w2"), says());

    assertThat(speakers(result)).containsExactly("user", "writer", "writer");
    assertThat(selectorModel.requests()).hasSize(1);
  }

  @Test // AutoGen: "Selector function returned an invalid speaker name"
  void aSelectorFunctionNamingAStrangerFailsTheRunNamingTheFunctionAndTheName() {
    ReplayChatModel selectorModel = ReplayChatModel.ofTexts("critic");
    ModelSelector selector =
        ModelSelector.builder(selectorModel).selectorFunction(c -> "ghost").build();

    TaskResult result =
        failing(() -> run(selector, Terminations.maxMessages(2), "Go", says(), says(), says("c1")));

    assertThat(result.stopReason())
        .contains(
            "the selector function of the selector returned 'ghost', who is not a participant"
                + " (planner, writer, critic)");
    assertThat(speakers(result)).containsExactly("user");
    assertThat(selectorModel.requests()).isEmpty();
    assertThat(problems()).isEmpty();
  }

  @Test
  void repeatedSpeakersCanBeAllowed() {
    ReplayChatModel selectorModel = ReplayChatModel.ofTexts("writer", "writer");
    ModelSelector selector =
        ModelSelector.builder(selectorModel).allowRepeatedSpeaker(true).build();

    TaskResult result =
        run(selector, Terminations.maxMessages(3), "Go", says(), says("w1", "w2"), says());

    assertThat(speakers(result)).containsExactly("user", "writer", "writer");
    assertThat(prompt(selectorModel.lastRequest())).contains("from planner, writer, critic.");
    assertThat(problems()).isEmpty();
  }

  @Test
  void aModelThatNamesNobodyIsCorrectedThenFallsBackAndTheRunGoesOn() {
    ReplayChatModel selectorModel =
        ReplayChatModel.ofTexts("I am not sure", "Hmm, the user?", "", "critic");

    TaskResult result =
        run(
            ModelSelector.builder(selectorModel).build(),
            Terminations.maxMessages(3),
            "Go",
            says("Plan"),
            says(),
            says("Review"));

    // Nobody spoke before, so the first candidate in declared order falls back.
    assertThat(speakers(result)).containsExactly("user", "planner", "critic");
    assertThat(problems())
        .extracting(TeamEvent.SelectionProblem::attempt, TeamEvent.SelectionProblem::fallback)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, null),
            org.assertj.core.groups.Tuple.tuple(2, null),
            org.assertj.core.groups.Tuple.tuple(3, "planner"));
    assertThat(problems().get(0).problem())
        .isEqualTo(
            "the reply \"I am not sure\" names none of the candidates (planner, writer, critic)");
    assertThat(problems().get(2).problem()).contains("(empty)");
    // Each retry shows the model its own answer and what was wrong with it.
    List<ChatMessage> retry = selectorModel.requests().get(1).messages();
    assertThat(retry).hasSize(3);
    assertThat(retry.get(1)).isEqualTo(new ChatMessage.Assistant("I am not sure", List.of(), null));
    assertThat(((ChatMessage.User) retry.get(2)).content())
        .startsWith("That answer cannot be used: the reply \"I am not sure\" names none")
        .endsWith(
            "Choose the next role from planner, writer, critic and answer with the role's name"
                + " only.");
    assertThat(selectorModel.requests().get(2).messages()).hasSize(5);
    assertThat(selectorModel.requests()).hasSize(4);
    // The fallback is reported before the speaker is announced.
    assertThat(events.indexOf(problems().get(2)))
        .isLessThan(events.indexOf(new TeamEvent.SpeakersSelected(List.of("planner"))));
  }

  @Test
  void aModelThatKeepsNamingTheLastSpeakerFallsBackToTheLastSpeaker() {
    ReplayChatModel selectorModel =
        ReplayChatModel.ofTexts("writer", "writer", "Writer.", "writer, again");

    TaskResult result =
        run(
            ModelSelector.builder(selectorModel).build(),
            Terminations.maxMessages(3),
            "Go",
            says("Plan"),
            says("Draft", "Draft 2"),
            says());

    // As AutoGen: after the last attempt the previous speaker speaks, repeats or not.
    assertThat(speakers(result)).containsExactly("user", "writer", "writer");
    assertThat(problems())
        .extracting(TeamEvent.SelectionProblem::attempt, TeamEvent.SelectionProblem::fallback)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, null),
            org.assertj.core.groups.Tuple.tuple(2, null),
            org.assertj.core.groups.Tuple.tuple(3, "writer"));
    assertThat(problems())
        .allSatisfy(
            p ->
                assertThat(p.problem())
                    .isEqualTo(
                        "the reply names 'writer', who may not speak now: it spoke last and may"
                            + " not speak twice in a row"));
  }

  @Test
  void aModelNamingSomeoneTheFilterLeftOutIsCorrected() {
    ReplayChatModel selectorModel = ReplayChatModel.ofTexts("writer", "critic");
    ModelSelector selector =
        ModelSelector.builder(selectorModel)
            .candidateFilter(c -> List.of("planner", "critic"))
            .build();

    TaskResult result =
        run(selector, Terminations.maxMessages(2), "Go", says(), says(), says("c1"));

    assertThat(speakers(result)).containsExactly("user", "critic");
    assertThat(problems()).hasSize(1);
    assertThat(problems().get(0).problem())
        .contains("'writer'", "the candidate filter leaves it out");
    assertThat(((ChatMessage.User) selectorModel.lastRequest().messages().get(2)).content())
        .contains("candidate filter", "from planner, critic and");
  }

  @Test
  void onlyWholeNamesCountAndExactlyOneMustBeNamed() {
    ReplayChatModel selectorModel =
        ReplayChatModel.ofTexts("Either writer or critic.", "Critical eyes later; WRITER now");

    TaskResult result =
        run(
            ModelSelector.builder(selectorModel).build(),
            Terminations.maxMessages(2),
            "Go",
            says(),
            says("w1"),
            says());

    assertThat(speakers(result)).containsExactly("user", "writer");
    assertThat(problems()).hasSize(1);
    assertThat(problems().get(0).problem())
        .isEqualTo(
            "the reply names several candidates (writer, critic) where exactly one is needed");
  }

  @Test
  void namesMatchAsWholeWordsWithUnderscoresReadAsSpaces() {
    assertThat(ModelSelector.mentions("The code reviewer, please", "code_reviewer")).isTrue();
    assertThat(ModelSelector.mentions("code_reviewer.", "code_reviewer")).isTrue();
    assertThat(ModelSelector.mentions("code_reviewer_2", "code_reviewer")).isFalse();
    assertThat(ModelSelector.mentions("co-writer", "writer")).isFalse();
    assertThat(ModelSelector.mentions("rewriter", "writer")).isFalse();
    assertThat(ModelSelector.mentions("(writer)", "writer")).isTrue();
  }

  @Test
  void aCustomFallbackChoosesWhenTheModelFails() {
    ReplayChatModel selectorModel = ReplayChatModel.ofTexts("no idea");
    ModelSelector selector =
        ModelSelector.builder(selectorModel).maxAttempts(1).fallback(c -> "critic").build();

    TaskResult result =
        run(selector, Terminations.maxMessages(2), "Go", says(), says(), says("c1"));

    assertThat(speakers(result)).containsExactly("user", "critic");
    assertThat(problems())
        .extracting(TeamEvent.SelectionProblem::attempt, TeamEvent.SelectionProblem::fallback)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "critic"));
    assertThat(selectorModel.requests()).hasSize(1);
  }

  @Test
  void theSelectorsModelUsageCountsTowardTheRun() {
    ReplayChatModel selectorModel =
        ReplayChatModel.builder().usage(new Usage(100, 1)).text("nobody").text("critic").build();

    TaskResult result =
        run(
            ModelSelector.builder(selectorModel).build(),
            Terminations.maxMessages(2),
            "Go",
            says(),
            says(),
            says("c1"));

    // Two selector calls and the critic's one call.
    assertThat(result.usage()).isEqualTo(new Usage(210, 7));
    assertThat(events)
        .filteredOn(TeamEvent.Activity.class::isInstance)
        .map(e -> ((TeamEvent.Activity) e).event())
        .filteredOn(e -> e.source().equals("selector"))
        .containsExactly(
            new AgentEvent.ModelUsage("selector", "replay", new Usage(100, 1)),
            new AgentEvent.ModelUsage("selector", "replay", new Usage(100, 1)));
  }

  @Test
  void aFailingSelectorModelFailsTheRun() {
    ReplayChatModel selectorModel = ReplayChatModel.ofTexts();

    TeamRunException failed =
        catchThrowableOfType(
            () ->
                run(
                    ModelSelector.builder(selectorModel).build(),
                    Terminations.maxMessages(5),
                    "Go",
                    says(),
                    says(),
                    says()),
            TeamRunException.class);

    assertThat(failed.participant()).isEqualTo("selector");
    assertThat(failed).hasMessageStartingWith("team 'studio' failed: 'selector' threw");
    TaskResult partial = failed.partialResult();
    assertThat(partial.stopReason()).contains("ModelException", "no reply left");
    assertThat(speakers(partial)).containsExactly("user");
  }

  @Test
  void cancellingWhileTheSelectorThinksCancelsTheRun() {
    ReplayChatModel selectorModel =
        ReplayChatModel.builder().text("writer").delayed(Duration.ofMinutes(5)).build();
    team =
        new Team(
            new TeamSpec(
                "studio",
                "",
                List.of(agent("writer", "Writes", "w1"), agent("critic", "Reviews", "c1")),
                ModelSelector.builder(selectorModel).build(),
                null,
                10,
                null));

    CompletableFuture<TaskResult> run = team.runAsync("Go");
    while (selectorModel.requests().isEmpty()) {
      Thread.onSpinWait();
    }
    team.cancel();

    assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
        .isInstanceOf(CancellationException.class);
  }

  /**
   * The partial result of a run that must fail: {@code run()} throws {@link TeamRunException},
   * naming the selector, and the result's stop text is the failure's.
   */
  private static TaskResult failing(java.util.function.Supplier<TaskResult> run) {
    TeamRunException failed = catchThrowableOfType(run::get, TeamRunException.class);
    assertThat(failed).as("the run throws TeamRunException").isNotNull();
    assertThat(failed.participant()).isEqualTo("selector");
    return failed.partialResult();
  }

  private TaskResult runEchoes(
      ModelSelector selector, TerminationCondition termination, int maxTurns, ChatAgent... agents) {
    team =
        new Team(new TeamSpec("s", "", List.of(agents), selector, termination, maxTurns, null));
    return team.run(List.of(AgentMessage.user("task")), events::add);
  }

  @Test // AutoGen test_selector_group_chat_fall_back_to_previous_after_3_attempts
  void afterTheLastAttemptThePreviousSpeakerSpeaksAgainThoughRepeatsAreNotAllowed() {
    ReplayChatModel selectorModel =
        ReplayChatModel.ofTexts("agent2", "agent2", "agent2", "agent2");

    TaskResult result =
        runEchoes(
            ModelSelector.builder(selectorModel).build(),
            null,
            2,
            new ScenarioAgents.Stopper("agent1", 1, "TERMINATE"),
            ScenarioAgents.echo("agent2"),
            ScenarioAgents.echo("agent3"));

    assertThat(ScenarioAgents.lines(result))
        .containsExactly("user: task", "agent2: task", "agent2: task");
    assertThat(selectorModel.requests()).hasSize(4);
    assertThat(problems())
        .extracting(TeamEvent.SelectionProblem::attempt, TeamEvent.SelectionProblem::fallback)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, null),
            org.assertj.core.groups.Tuple.tuple(2, null),
            org.assertj.core.groups.Tuple.tuple(3, "agent2"));
  }

  @Test // AutoGen test_selector_group_chat_custom_candidate_func
  void theCandidateListIsOfferedAsGivenWithTheLastSpeakerIncluded() {
    ReplayChatModel selectorModel = ReplayChatModel.ofTexts("agent3");
    ModelSelector selector =
        ModelSelector.builder(selectorModel)
            .candidateFilter(
                c -> {
                  String last = c.messages().get(c.messages().size() - 1).source();
                  return switch (last) {
                    case "agent1" -> List.of("agent2");
                    case "agent2" -> List.of("agent2", "agent3");
                    case "agent3" -> List.of("agent4");
                    default -> List.of("agent1");
                  };
                })
            .build();

    TaskResult result =
        runEchoes(
            selector,
            Terminations.maxMessages(6),
            10,
            ScenarioAgents.echo("agent1"),
            ScenarioAgents.echo("agent2"),
            ScenarioAgents.echo("agent3"),
            ScenarioAgents.echo("agent4"));

    assertThat(ScenarioAgents.sources(result))
        .containsExactly("user", "agent1", "agent2", "agent3", "agent4", "agent1");
    // Asked once, between agent2 and agent3; agent2, who spoke last, is offered too.
    assertThat(selectorModel.requests()).hasSize(1);
    assertThat(prompt(selectorModel.lastRequest())).contains("from agent2, agent3.");
    assertThat(result.stopReason())
        .isEqualTo("Maximum number of messages 6 reached, current message count: 6");
  }

  @Test
  void theModelMayNameTheLastSpeakerWhenTheCandidateListOffersThem() {
    ReplayChatModel selectorModel = ReplayChatModel.ofTexts("agent1", "agent1");
    ModelSelector selector =
        ModelSelector.builder(selectorModel)
            .candidateFilter(c -> List.of("agent1", "agent2"))
            .build();

    TaskResult result =
        runEchoes(
            selector,
            Terminations.maxMessages(3),
            10,
            ScenarioAgents.echo("agent1"),
            ScenarioAgents.echo("agent2"));

    assertThat(ScenarioAgents.sources(result)).containsExactly("user", "agent1", "agent1");
    assertThat(problems()).isEmpty();
  }

  @Test // AutoGen test_selector_group_chat_custom_selector
  void theSelectorFunctionPicksAndNullLeavesItToTheModel() {
    ReplayChatModel selectorModel = ReplayChatModel.ofTexts("agent3");
    ModelSelector selector =
        ModelSelector.builder(selectorModel)
            .selectorFunction(
                c -> {
                  String last = c.messages().get(c.messages().size() - 1).source();
                  return switch (last) {
                    case "user" -> "agent1";
                    case "agent1" -> "agent2";
                    case "agent2" -> null;
                    default -> "agent4".equals(last) ? "agent1" : "agent4";
                  };
                })
            .build();

    TaskResult result =
        runEchoes(
            selector,
            Terminations.maxMessages(6),
            10,
            ScenarioAgents.echo("agent1"),
            ScenarioAgents.echo("agent2"),
            ScenarioAgents.echo("agent3"),
            ScenarioAgents.echo("agent4"));

    assertThat(ScenarioAgents.sources(result))
        .containsExactly("user", "agent1", "agent2", "agent3", "agent4", "agent1");
    assertThat(selectorModel.requests()).hasSize(1);
    assertThat(result.stopReason())
        .isEqualTo("Maximum number of messages 6 reached, current message count: 6");
  }

  @Test
  void aSelectorFunctionThatThrowsFailsTheRunNamingIt() {
    TaskResult result =
        failing(
            () ->
                runEchoes(
                    ModelSelector.builder(ReplayChatModel.ofTexts())
                        .selectorFunction(
                            c -> {
                              throw new IllegalArgumentException("no rule for this");
                            })
                        .build(),
                    null,
                    3,
                    ScenarioAgents.echo("a"),
                    ScenarioAgents.echo("b")));

    assertThat(result.stopReason())
        .contains(
            "the selector function of the selector failed",
            "IllegalArgumentException: no rule for this");
  }

  @Test // AutoGen test_selector_group_chat_streaming
  void aStreamingSelectorReportsItsChunksThenItsReply() {
    ReplayChatModel selectorModel =
        ReplayChatModel.builder().streamed("the agent ", "should be ", "agent2").build();

    TaskResult result =
        runEchoes(
            ModelSelector.builder(selectorModel).streaming(true).build(),
            Terminations.stopMessage(),
            10,
            new ScenarioAgents.Stopper("agent2", 0, "STOP"),
            ScenarioAgents.echo("agent3"));

    assertThat(ScenarioAgents.lines(result)).containsExactly("user: task", "agent2: STOP");
    assertThat(result.stopReason()).isEqualTo("Stop message received");
    List<String> selectorSide =
        events.stream()
            .map(
                e ->
                    e instanceof TeamEvent.Activity a && a.event() instanceof AgentEvent.TextChunk c
                        ? "chunk " + c.source() + ": " + c.text()
                        : e instanceof TeamEvent.SelectorReply r
                            ? "reply " + r.attempt() + ": " + r.text()
                            : e instanceof TeamEvent.SpeakersSelected s ? "select " + s.speakers()
                            : null)
            .filter(java.util.Objects::nonNull)
            .toList();
    assertThat(selectorSide)
        .containsExactly(
            "chunk selector: the agent ",
            "chunk selector: should be ",
            "chunk selector: agent2",
            "reply 1: the agent should be agent2",
            "select [agent2]");
  }

  @Test
  void aSelectorThatDoesNotStreamReportsNoReply() {
    ReplayChatModel selectorModel =
        ReplayChatModel.builder().streamed("the agent ", "should be ", "agent2").build();

    runEchoes(
        ModelSelector.builder(selectorModel).build(),
        Terminations.stopMessage(),
        10,
        new ScenarioAgents.Stopper("agent2", 0, "STOP"),
        ScenarioAgents.echo("agent3"));

    assertThat(events)
        .noneMatch(TeamEvent.SelectorReply.class::isInstance)
        .noneMatch(
            e -> e instanceof TeamEvent.Activity a && a.event() instanceof AgentEvent.TextChunk);
  }

  @Test // AutoGen test_selector_group_chat_with_model_context
  void theSelectorSeesOnlyItsWindowOfTheConversationAfterThePrefill() {
    ReplayChatModel selectorModel =
        ReplayChatModel.ofTexts(
            "agent2", "agent1", "agent1", "agent2", "agent1", "agent2", "agent1");
    ReplayChatModel one =
        ReplayChatModel.ofTexts(
            "[Agent One] First generation",
            "[Agent One] Second generation",
            "[Agent One] Third generation",
            "TERMINATE");
    ReplayChatModel two =
        ReplayChatModel.ofTexts(
            "[Agent Two] First generation",
            "[Agent Two] Second generation",
            "[Agent Two] Third generation");
    ModelSelector selector =
        ModelSelector.builder(selectorModel)
            .allowRepeatedSpeaker(true)
            .history(5)
            .prefill(List.of(AgentMessage.user("[User] Prefilled message")))
            .build();
    team =
        new Team(
            new TeamSpec(
                "s",
                "",
                List.of(TeamFixtures.agent("agent1", one), TeamFixtures.agent("agent2", two)),
                selector,
                Terminations.textMention("TERMINATE"),
                20,
                null));

    team.run("[GroupChat] Task");

    List<String> all =
        List.of(
            "user: [User] Prefilled message",
            "user: [GroupChat] Task",
            "agent2: [Agent Two] First generation",
            "agent1: [Agent One] First generation",
            "agent1: [Agent One] Second generation",
            "agent2: [Agent Two] Second generation",
            "agent1: [Agent One] Third generation",
            "agent2: [Agent Two] Third generation");
    assertThat(selectorModel.requests()).hasSize(7);
    for (int i = 0; i < 7; i++) {
      int end = i + 2;
      int start = Math.max(0, end - 5);
      String prompt = prompt(selectorModel.requests().get(i));
      assertThat(prompt).as("call %d", i).contains(String.join("\n", all.subList(start, end)));
      for (String gone : all.subList(0, start)) {
        assertThat(prompt).as("call %d", i).doesNotContain(gone);
      }
    }
    // The participants never see the prefill.
    assertThat(one.requests().get(0).messages().toString()).doesNotContain("Prefilled");
  }

  @Test
  void theHistoryMustHoldAMessage() {
    assertThatThrownBy(() -> ModelSelector.builder(ReplayChatModel.ofTexts()).history(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the selector's history must be at least 1 message, was 0");
  }

  @Test
  void describesItself() {
    ChatModel model = ReplayChatModel.ofTexts();
    assertThat(ModelSelector.builder(model).build()).hasToString("selector");
  }

  @Test
  void aHandBuiltSelectorTeamOfOneIsRefused() {
    assertThatThrownBy(
            () ->
                new TeamSpec(
                    "solo",
                    "",
                    List.of(ScenarioAgents.echo("a")),
                    ModelSelector.builder(ReplayChatModel.ofTexts()).build(),
                    null,
                    1,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "selector team 'solo' has one participant, 'a', but its model chooses among two or"
                + " more [Cadre/SelectorTooFew]; add a participant, or use a RoundRobin");
  }
}
