package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.replay.ReplayChatModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A Magentic-One team on replay scripts: plans, ledgers, stalls, final answers and bad ledgers. */
@Timeout(60)
class MagenticOneTeamTest {

  private Team team;
  private final List<TeamEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    if (team != null) {
      team.close();
    }
  }

  /** A progress ledger as the orchestrator's model writes it. */
  static String ledger(
      boolean satisfied, boolean loop, boolean progress, String speaker, String instruction) {
    return "{\"is_request_satisfied\": {\"reason\": \"r1\", \"answer\": "
        + satisfied
        + "},\n \"is_in_loop\": {\"reason\": \"r2\", \"answer\": "
        + loop
        + "},\n \"is_progress_being_made\": {\"reason\": \"r3\", \"answer\": "
        + progress
        + "},\n \"next_speaker\": {\"reason\": \"r4\", \"answer\": \""
        + speaker
        + "\"},\n \"instruction_or_question\": {\"reason\": \"r5\", \"answer\": \""
        + instruction
        + "\"}}";
  }

  static String go(String speaker, String instruction) {
    return ledger(false, false, true, speaker, instruction);
  }

  static String done() {
    return ledger(true, false, true, "", "");
  }

  private static AssistantAgent agent(String name, String description, ReplayChatModel model) {
    return AssistantAgent.builder(name)
        .description(description)
        .systemMessage(null)
        .model(model)
        .build();
  }

  private TaskResult run(
      MagenticOne orchestrator,
      TerminationCondition termination,
      ReplayChatModel researcher,
      ReplayChatModel writer) {
    team =
        new Team(
            new TeamSpec(
                "desk",
                "",
                List.of(
                    agent("researcher", "Finds figures in the data", researcher),
                    agent("writer", "Writes   the\nsummary", writer)),
                orchestrator,
                termination,
                Integer.MAX_VALUE,
                null));
    return team.run(List.of(AgentMessage.user("What were the total sales?")), events::add);
  }

  private static List<String> said(TaskResult result) {
    return result.messages().stream()
        .map(m -> m.source() + ": " + m.content())
        .collect(Collectors.toList());
  }

  private <T extends TeamEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
  }

  private static String text(ChatMessage message) {
    if (message instanceof ChatMessage.User user) {
      return "user(" + user.name() + "): " + user.content();
    }
    if (message instanceof ChatMessage.Assistant assistant) {
      return "assistant: " + assistant.content();
    }
    return message.toString();
  }

  private static List<String> texts(ChatRequest request) {
    return request.messages().stream().map(MagenticOneTeamTest::text).collect(Collectors.toList());
  }

  @Test
  void plansThenInstructsEachSpeakerThenWritesTheFinalAnswer() {
    ReplayChatModel orchestrator =
        ReplayChatModel.ofTexts(
            "FACTS: sales are in the table",
            "PLAN: researcher sums, writer reports",
            go("researcher", "Sum the sales column."),
            go("writer", "Report the total of 42."),
            done(),
            "The total sales were 42.");
    ReplayChatModel researcher = ReplayChatModel.ofTexts("The sum is 42.");
    ReplayChatModel writer = ReplayChatModel.ofTexts("Total sales: 42.");

    TaskResult result =
        run(MagenticOne.builder(orchestrator).build(), null, researcher, writer);

    assertThat(said(result))
        .hasSize(7)
        .startsWith("user: What were the total sales?")
        .endsWith(
            "orchestrator: Sum the sales column.",
            "researcher: The sum is 42.",
            "orchestrator: Report the total of 42.",
            "writer: Total sales: 42.",
            "orchestrator: The total sales were 42.");
    assertThat(result.messages().get(1).content())
        .contains("What were the total sales?")
        .contains("researcher: Finds figures in the data")
        .contains("writer: Writes the summary")
        .contains("FACTS: sales are in the table")
        .contains("PLAN: researcher sums, writer reports");
    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.COMPLETE);
    assertThat(result.stop().text()).contains("found the task done").contains("r1");

    // The facts are asked closed-book, the plan after them over the team's descriptions.
    List<ChatRequest> asked = orchestrator.requests();
    assertThat(asked).hasSize(6);
    assertThat(texts(asked.get(0))).hasSize(1);
    assertThat(texts(asked.get(0)).get(0))
        .contains("What were the total sales?")
        .contains("EDUCATED GUESSES");
    assertThat(texts(asked.get(1)))
        .hasSize(3)
        .element(1)
        .isEqualTo("assistant: FACTS: sales are in the table");
    assertThat(texts(asked.get(1)).get(2)).contains("researcher: Finds figures in the data");
    // The progress ledger reads the task, then the thread from the task ledger on, its own words
    // as its turns, and is asked for as structured output.
    assertThat(texts(asked.get(3)))
        .hasSize(5)
        .satisfies(t -> assertThat(t.get(0)).isEqualTo("user(null): What were the total sales?"))
        .satisfies(t -> assertThat(t.get(1)).startsWith("assistant: We are working on this task"))
        .satisfies(t -> assertThat(t.get(2)).isEqualTo("assistant: Sum the sales column."))
        .satisfies(t -> assertThat(t.get(3)).isEqualTo("user(researcher): The sum is 42."))
        .satisfies(
            t -> assertThat(t.get(4)).contains("next_speaker").contains("researcher, writer"));
    assertThat(asked.get(3).responseFormat().name()).isEqualTo("progress_ledger");
    assertThat(texts(asked.get(5)).get(texts(asked.get(5)).size() - 1))
        .contains("answer the task for the person who asked");

    // Each participant sees the task, the ledger and the instructions given so far.
    assertThat(texts(researcher.lastRequest()))
        .hasSize(3)
        .satisfies(t -> assertThat(t.get(0)).isEqualTo("user(null): What were the total sales?"))
        .satisfies(t -> assertThat(t.get(1)).startsWith("user(orchestrator): We are working"))
        .satisfies(
            t -> assertThat(t.get(2)).isEqualTo("user(orchestrator): Sum the sales column."));
    assertThat(texts(writer.lastRequest()))
        .hasSize(5)
        .endsWith(
            "user(researcher): The sum is 42.", "user(orchestrator): Report the total of 42.");

    assertThat(events(TeamEvent.TaskLedgerWritten.class))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.replan()).isZero();
              assertThat(l.facts()).isEqualTo("FACTS: sales are in the table");
              assertThat(l.plan()).isEqualTo("PLAN: researcher sums, writer reports");
            });
    assertThat(events(TeamEvent.ProgressLedgerWritten.class))
        .extracting(e -> e.ledger().nextSpeaker().answer() + "@" + e.turn())
        .containsExactly("researcher@1", "writer@2", "@3");
    assertThat(events(TeamEvent.SpeakersSelected.class))
        .extracting(TeamEvent.SpeakersSelected::speakers)
        .containsExactly(List.of("researcher"), List.of("writer"));
  }

  @Test
  void theLedgersAreInTheEventLog(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("run.jsonl");
    ReplayChatModel orchestrator =
        ReplayChatModel.ofTexts("FACTS", "PLAN", go("writer", "Write."), done(), "Done.");
    try (EventLog log = EventLog.open(file)) {
      team =
          new Team(
              new TeamSpec(
                  "desk",
                  "",
                  List.of(
                      agent("researcher", "r", ReplayChatModel.ofTexts()),
                      agent("writer", "w", ReplayChatModel.ofTexts("Written."))),
                  MagenticOne.builder(orchestrator).build(),
                  null,
                  Integer.MAX_VALUE,
                  null));
      team.run(
          List.of(AgentMessage.user("task")),
          event -> {
            events.add(event);
            log.accept(event);
          });
    }
    List<TeamEvent> read = new ArrayList<>();
    EventLog.replay(
        file,
        new EventLog.Reader() {
          @Override
          public void team(Instant at, TeamEvent event) {
            read.add(event);
          }
        });

    assertThat(read)
        .filteredOn(
            e ->
                e instanceof TeamEvent.TaskLedgerWritten
                    || e instanceof TeamEvent.ProgressLedgerWritten)
        .hasSize(3)
        .containsExactlyElementsOf(
            events.stream()
                .filter(
                    e ->
                        e instanceof TeamEvent.TaskLedgerWritten
                            || e instanceof TeamEvent.ProgressLedgerWritten)
                .collect(Collectors.toList()));
  }

  @Test
  void stallsLeadToARevisedLedgerAndTheThreadStartsAgainFromIt() {
    ReplayChatModel orchestrator =
        ReplayChatModel.ofTexts(
            "FACTS 1",
            "PLAN 1",
            ledger(false, false, false, "researcher", "Try the table."),
            ledger(false, true, true, "researcher", "Try the table again."),
            "FACTS 2: the table is in the appendix",
            "PLAN 2: writer reads the appendix",
            go("writer", "Read the appendix."),
            done(),
            "It was 42.");
    ReplayChatModel researcher = ReplayChatModel.ofTexts("I cannot find it.");
    ReplayChatModel writer = ReplayChatModel.ofTexts("The appendix says 42.");

    TaskResult result =
        run(MagenticOne.builder(orchestrator).maxStalls(2).build(), null, researcher, writer);

    assertThat(events(TeamEvent.ProgressLedgerWritten.class))
        .extracting(TeamEvent.ProgressLedgerWritten::stalls)
        .containsExactly(1, 2, 0, 0);
    assertThat(events(TeamEvent.TaskLedgerWritten.class))
        .extracting(l -> l.replan() + " " + l.plan() + " (" + l.reason() + ")")
        .containsExactly(
            "0 PLAN 1 (a new task)",
            "1 PLAN 2: writer reads the appendix (stalled 2 times in a row)");
    assertThat(result.messages())
        .extracting(AgentMessage::source)
        .containsExactly(
            "user", "orchestrator", "orchestrator", "researcher", "orchestrator", "orchestrator",
            "writer", "orchestrator");
    assertThat(result.messages().get(4).content())
        .contains("FACTS 2: the table is in the appendix")
        .contains("PLAN 2");
    List<ChatRequest> asked = orchestrator.requests();
    // The facts are revised from the whole thread, given the facts as they stood.
    assertThat(texts(asked.get(4)))
        .satisfies(t -> assertThat(t.get(t.size() - 1)).contains("FACTS 1").contains("Revise"))
        .anySatisfy(t -> assertThat(t).isEqualTo("user(researcher): I cannot find it."));
    // After the re-plan the orchestrator reads from the new ledger on, the old thread forgotten.
    assertThat(texts(asked.get(6)))
        .hasSize(3)
        .satisfies(
            t -> assertThat(t.get(1)).startsWith("assistant: We are working").contains("PLAN 2"));
    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.COMPLETE);
    assertThat(result.messages().get(result.messages().size() - 1).content())
        .isEqualTo("It was 42.");
  }

  @Test
  void stallingWithNoReplanLeftEndsWithAFinalAnswer() {
    ReplayChatModel orchestrator =
        ReplayChatModel.ofTexts(
            "FACTS 1",
            "PLAN 1",
            ledger(false, true, true, "researcher", "Try."),
            "FACTS 2",
            "PLAN 2",
            ledger(false, false, false, "researcher", "Try again."),
            "We could not find the total.");

    TaskResult result =
        run(
            MagenticOne.builder(orchestrator).maxStalls(1).maxReplans(1).build(),
            null,
            ReplayChatModel.ofTexts(),
            ReplayChatModel.ofTexts());

    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.COMPLETE);
    assertThat(result.stop().text()).contains("stalled 1 times after 1 re-plans");
    assertThat(said(result))
        .last()
        .isEqualTo("orchestrator: We could not find the total.");
    assertThat(events(TeamEvent.SpeakersSelected.class)).isEmpty();
    assertThat(orchestrator.remaining()).isZero();
  }

  @Test
  void afterMaxTurnsTheOrchestratorWritesItsFinalAnswer() {
    ReplayChatModel orchestrator =
        ReplayChatModel.ofTexts(
            "FACTS", "PLAN", go("researcher", "Sum it."), "Partial: the sum so far is 40.");

    TaskResult result =
        run(
            MagenticOne.builder(orchestrator).maxTurns(1).build(),
            null,
            ReplayChatModel.ofTexts("40 so far."),
            ReplayChatModel.ofTexts());

    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.COMPLETE);
    assertThat(result.stop().text()).contains("took its 1 turns");
    assertThat(said(result)).last().isEqualTo("orchestrator: Partial: the sum so far is 40.");
  }

  @Test
  void aMalformedLedgerIsAskedForAgainWithWhatWasWrong() {
    ReplayChatModel orchestrator =
        ReplayChatModel.ofTexts(
            "FACTS",
            "PLAN",
            "I think the researcher should go next.",
            go("researcher", "Sum it."),
            done(),
            "42.");

    TaskResult result =
        run(
            MagenticOne.builder(orchestrator).build(),
            null,
            ReplayChatModel.ofTexts("42"),
            ReplayChatModel.ofTexts());

    assertThat(events(TeamEvent.SelectionProblem.class))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.problem()).contains("progress ledger").contains("not valid JSON");
              assertThat(p.attempt()).isEqualTo(1);
            });
    List<String> retry = texts(orchestrator.requests().get(3));
    assertThat(retry.get(retry.size() - 2))
        .isEqualTo("assistant: I think the researcher should go next.");
    assertThat(retry.get(retry.size() - 1))
        .startsWith("user(null): That progress ledger cannot be used: the reply is not valid JSON");
    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.COMPLETE);
  }

  @Test
  void ledgersThatStayMalformedFailTheRunNamingTheTeamAndTheProblem() {
    ReplayChatModel orchestrator =
        ReplayChatModel.ofTexts(
            "FACTS",
            "PLAN",
            "not json",
            "{\"is_request_satisfied\": {\"reason\": \"x\", \"answer\": false}}");

    TeamRunException failure =
        catchThrowableOfType(
            () ->
                run(
                    MagenticOne.builder(orchestrator).maxLedgerAttempts(2).build(),
                    null,
                    ReplayChatModel.ofTexts(),
                    ReplayChatModel.ofTexts()),
            TeamRunException.class);

    assertThat(failure).isNotNull();
    assertThat(failure.getMessage())
        .contains("team 'desk'")
        .contains("no usable progress ledger in 2 attempts")
        .contains("is_in_loop");
    assertThat(failure.partialResult().stop().kind()).isEqualTo(StopReason.Kind.FAILED);
    assertThat(events(TeamEvent.SelectionProblem.class)).hasSize(2);
    // The failed choice changed nothing: the team can be asked again, and plans afresh.
    assertThat(((MagenticOne) team.spec().selector()).ledger().turns()).isZero();
  }

  @Test
  void aNextSpeakerWhoIsNotAParticipantIsARetry() {
    ReplayChatModel orchestrator =
        ReplayChatModel.ofTexts(
            "FACTS",
            "PLAN",
            go("mallory", "Hand me the data."),
            go("writer", "Write it."),
            done(),
            "Done.");

    TaskResult result =
        run(
            MagenticOne.builder(orchestrator).build(),
            null,
            ReplayChatModel.ofTexts(),
            ReplayChatModel.ofTexts("Written."));

    assertThat(events(TeamEvent.SelectionProblem.class))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.problem())
                    .contains("next_speaker 'mallory' is not a participant")
                    .contains("researcher, writer"));
    assertThat(said(result)).contains("orchestrator: Write it.", "writer: Written.");
    assertThat(said(result)).noneMatch(line -> line.contains("Hand me the data"));
  }

  @Test
  void theTerminationConditionStopsTheRunAsInOtherTeams() {
    ReplayChatModel orchestrator =
        ReplayChatModel.ofTexts("FACTS", "PLAN", go("researcher", "Sum it."));

    TaskResult result =
        run(
            MagenticOne.builder(orchestrator).build(),
            Terminations.textMention("TERMINATE"),
            ReplayChatModel.ofTexts("42 TERMINATE"),
            ReplayChatModel.ofTexts());

    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.CONDITION);
    assertThat(said(result)).last().isEqualTo("researcher: 42 TERMINATE");
  }

  @Test
  void modelTextIsBounded() {
    String huge = "x".repeat(50_000);
    ReplayChatModel orchestrator =
        ReplayChatModel.ofTexts(huge, huge, go("researcher", huge), done(), huge);

    TaskResult result =
        run(
            MagenticOne.builder(orchestrator).build(),
            null,
            ReplayChatModel.ofTexts("ok"),
            ReplayChatModel.ofTexts());

    assertThat(result.messages())
        .allSatisfy(m -> assertThat(m.content().length()).isLessThan(3 * MagenticOne.MAX_TEXT));
    assertThat(result.messages().get(2).content()).hasSize(MagenticOne.MAX_TEXT).endsWith("...");
    assertThat(events(TeamEvent.TaskLedgerWritten.class).get(0).facts())
        .hasSize(MagenticOne.MAX_TEXT);
  }

  @Test
  void aParticipantNamedAsTheOrchestratorIsRefused() {
    team =
        new Team(
            new TeamSpec(
                "desk",
                "",
                List.of(
                    agent("orchestrator", "clash", ReplayChatModel.ofTexts()),
                    agent("writer", "w", ReplayChatModel.ofTexts())),
                MagenticOne.builder(ReplayChatModel.ofTexts()).build(),
                null,
                Integer.MAX_VALUE,
                null));
    Throwable refused =
        catchThrowableOfType(
            () -> team.run(AgentMessage.user("task")), RuntimeException.class);
    assertThat(refused).hasMessageContaining("named 'orchestrator'");
  }
}
