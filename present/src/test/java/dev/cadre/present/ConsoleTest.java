package dev.cadre.present;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.team.StopReason;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.Prices;
import dev.cadre.model.Usage;
import dev.cadre.event.TerminalEscapes;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.ProgressLedger;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import dev.cadre.team.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ConsoleTest {

  private static final String ESC = "\u001b[";

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  /**
   * The model's side of a trip: the selector asks it once (after the planner, the booker is the
   * only one left to choose), then the planner streams, then the booker books.
   */
  private static ReplayChatModel tripScript() {
    return ReplayChatModel.builder()
            .usage(new Usage(100, 1))
            .text("planner")
            .usage(new Usage(20, 5))
            .streamed("Fly to ", "Lisbon.")
            .usage(new Usage(30, 8))
            .toolCalls(new ToolCall("c1", "book", "{\"city\": \"Lisbon\"}"))
            .usage(new Usage(40, 6))
            .text("Booked.\nDONE")
            .build();
  }

  private TaskResult runTrip(Console console) {
    return runTrip(console, tripScript());
  }

  /** A selector team of a streaming planner and a booker with a tool, all on {@code model}. */
  private TaskResult runTrip(Console console, ChatModel model) {
    Tool book =
        Tool.builder("book")
            .description("Books a hotel")
            .parameter("city", String.class, "The city")
            .function((arguments, context) -> "Hotel Avenida, " + "room 12 ".repeat(20))
            .build();
    AssistantAgent planner =
        AssistantAgent.builder("planner")
            .description("Plans trips")
            .systemMessage(null)
            .model(model)
            .streaming(true)
            .build();
    AssistantAgent booker =
        AssistantAgent.builder("booker")
            .description("Books hotels")
            .systemMessage(null)
            .model(model)
            .tools(book)
            .build();
    try (Team team =
        new Team(
            new TeamSpec(
                "trip",
                "",
                List.of(planner, booker),
                ModelSelector.builder(model).build(),
                Terminations.textMention("DONE"),
                10,
                null))) {
      return team.run(List.of(AgentMessage.user("Plan a weekend in Lisbon")), console);
    }
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aPriceTableAddsTheCostOfEachAgentAndOfTheRun() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .usage(new Usage(100, 1, 0, 80, 0))
            .text("planner")
            .usage(new Usage(20, 5))
            .streamed("Fly to ", "Lisbon.")
            .usage(new Usage(30, 8))
            .toolCalls(new ToolCall("c1", "book", "{\"city\": \"Lisbon\"}"))
            .usage(new Usage(40, 6))
            .text("Booked.\nDONE")
            .build();
    // Per million tokens, large so that four decimals show every call.
    Prices prices =
        Prices.builder()
            .model("replay", Prices.Price.perMillion(1000, 4000).cachedInput(250))
            .build();
    try (Console console =
        Console.builder(out).terminal(false).clock(fixed).prices(prices).build()) {
      runTrip(console, model);
    }

    assertThat(printed())
        .endsWith(
            String.join(
                "\n",
                "agent     turns  tool calls  tokens in  tokens out        cost",
                "selector      0           0        100           1      0.0440",
                "planner       1           0         20           5      0.0400",
                "booker        1           1         70          14      0.1260",
                "total         2           1        190          20      0.2100",
                ""));
  }

  @Test
  void callsOfAModelWithoutAPriceMarkTheCostAsALowerBound() {
    Prices prices = Prices.builder().model("gpt-4.1", Prices.Price.perMillion(2, 8)).build();
    try (Console console =
        Console.builder(out).terminal(false).clock(fixed).prices(prices).build()) {
      runTrip(console);
    }

    assertThat(printed()).contains("total         2           1        190          20    0.0000+?");
  }

  @Test
  void aShortRunsWallTimeReadsInMillisecondsAsInTheReport() {
    ManualClock clock = new ManualClock();
    try (Console console = Console.builder(out).terminal(false).clock(clock).build()) {
      console.accept(new TeamEvent.Message(AgentMessage.user("go")));
      clock.millis += 140;
      console.accept(new TeamEvent.Message(new AgentMessage.Text("coder", "done")));
      console.accept(
          new TeamEvent.Finished(
              new TaskResult(List.of(), List.of(), StopReason.maxTurns(1), Usage.ZERO, null)));
    }

    assertThat(printed()).contains("turns: 1, tool calls: 0, wall time: 140ms\n");
  }

  @Test
  void aStopTextQuotingAQuotedTextShowsItsQuotesOnceAndAFailureItsErrorOnce() {
    try (Console console = Console.builder(out).terminal(false).clock(fixed).build()) {
      console.accept(
          new TeamEvent.Finished(
              new TaskResult(
                  List.of(),
                  List.of(),
                  new StopReason(
                      StopReason.Kind.CONDITION,
                      "textMention",
                      String.format(Terminations.TEXT_MENTION_TEXT, "\"recommendation\"")),
                  Usage.ZERO,
                  null)));
      console.accept(
          new TeamEvent.Finished(
              new TaskResult(
                  List.of(),
                  List.of(),
                  StopReason.failed("coder", "IllegalStateException: disk full"),
                  Usage.ZERO,
                  null)));
    }

    assertThat(printed())
        .contains("stop reason: Text \"recommendation\" mentioned\n")
        .contains("failed: coder\n")
        .containsOnlyOnce("IllegalStateException: disk full");
  }

  @Test
  void plainOutputShowsMessagesToolsSelectionsAndTheSummary() {
    try (Console console =
        Console.builder(out).terminal(false).clock(fixed).maxResultLength(40).build()) {
      runTrip(console);
    }

    assertThat(printed())
        .isEqualTo(
            String.join(
                "\n",
                "---------- user ----------",
                "Plan a weekend in Lisbon",
                "(next: planner)",
                "",
                "---------- planner ----------",
                "Fly to Lisbon.",
                "(next: booker)",
                "",
                "---------- booker ----------",
                "  -> book {\"city\": \"Lisbon\"}",
                "  <- book: Hotel Avenida, room 12 room 12 room 12 r... (174 chars)",
                "Booked.",
                "DONE",
                "",
                "---------- summary ----------",
                "stop reason: Text 'DONE' mentioned",
                "turns: 2, tool calls: 1, wall time: 0ms",
                "agent     turns  tool calls  tokens in  tokens out",
                "selector      0           0        100           1",
                "planner       1           0         20           5",
                "booker        1           1         70          14",
                "total         2           1        190          20",
                ""));
    assertThat(printed()).doesNotContain(ESC);
  }

  @Test
  void aToolsProgressIsShownUnderItsAgentBetweenTheCallAndItsResult() {
    try (Console console = Console.builder(out).terminal(false).clock(fixed).build()) {
      console.accept(
          new TeamEvent.Activity(
              new AgentEvent.ToolCallsRequested(
                  "booker", List.of(new ToolCall("c1", "book", "{}")))));
      console.accept(
          new TeamEvent.Activity(
              new AgentEvent.ToolProgress("booker", "c1", "book", 1, 4.0, "searching\u001b[2J")));
      console.accept(
          new TeamEvent.Activity(
              new AgentEvent.ToolProgress("booker", "c1", "book", 2.5, null, null)));
      console.accept(
          new TeamEvent.Activity(
              new AgentEvent.ToolCallsExecuted(
                  "booker", List.of(new ToolResult("c1", "book", "booked", false)))));
    }

    assertThat(printed())
        .contains(
            String.join(
                "\n",
                "---------- booker ----------",
                "  -> book {}",
                "  .. book 1/4: searching",
                "  .. book 2.5",
                "  <- book: booked"));
  }

  @Test
  void aStreamingSelectorsReplyIsShownOnceUnderItsHeadingThenWhoWasChosen() {
    ReplayChatModel selector =
        ReplayChatModel.builder()
            .usage(new Usage(100, 1))
            .streamed("I pick ", "nobody")
            .usage(new Usage(100, 1))
            .streamed("the ", "planner")
            .build();
    ReplayChatModel agents =
        ReplayChatModel.builder().streamed("Fly to ", "Lisbon.").text("Booked.\nDONE").build();
    AssistantAgent planner =
        AssistantAgent.builder("planner")
            .description("Plans trips")
            .systemMessage(null)
            .model(agents)
            .streaming(true)
            .build();
    AssistantAgent booker =
        AssistantAgent.builder("booker")
            .description("Books hotels")
            .systemMessage(null)
            .model(agents)
            .build();
    try (Console console = Console.builder(out).terminal(false).clock(fixed).build();
        Team team =
            new Team(
                new TeamSpec(
                    "trip",
                    "",
                    List.of(planner, booker),
                    ModelSelector.builder(selector).streaming(true).build(),
                    Terminations.textMention("DONE"),
                    10,
                    null))) {
      team.run(List.of(AgentMessage.user("Plan a weekend in Lisbon")), console);
    }

    assertThat(printed())
        .startsWith(
            String.join(
                "\n",
                "---------- user ----------",
                "Plan a weekend in Lisbon",
                "",
                "---------- selector ----------",
                "I pick nobody",
                "(choosing a speaker: the reply \"I pick nobody\" names none of the candidates"
                    + " (planner, booker))",
                "the planner",
                "(next: planner)",
                "",
                "---------- planner ----------",
                "Fly to Lisbon.",
                "(next: booker)",
                "",
                "---------- booker ----------",
                "Booked.",
                "DONE",
                "",
                "---------- summary ----------",
                ""))
        .contains("selector      0           0        200           2\n");
  }

  @Test
  void magenticOneLedgersArePrintedAsOneLineEachWithHostileTextCleaned() {
    ProgressLedger ledger =
        new ProgressLedger(
            new ProgressLedger.Verdict(false, "not yet"),
            new ProgressLedger.Verdict(true, "asked twice"),
            new ProgressLedger.Verdict(false, "no new figures"),
            new ProgressLedger.Answer("writer" + ESC + "2J", "writes"),
            new ProgressLedger.Answer("Write it.", "why"));
    try (Console console = Console.builder(out).terminal(false).clock(fixed).build()) {
      console.accept(new TeamEvent.TaskLedgerWritten("facts", "plan", 0, "a new task"));
      console.accept(new TeamEvent.ProgressLedgerWritten(ledger, 3, 2));
      console.accept(
          new TeamEvent.TaskLedgerWritten("facts", "plan", 1, "stalled 2 times in a row"));
    }

    assertThat(printed())
        .isEqualTo(
            String.join(
                "\n",
                "(task ledger: facts and plan written)",
                "(progress, turn 3: done no, progress no, loop yes, stalls 2; next: writer)",
                "(re-plan 1: stalled 2 times in a row)",
                ""));
  }

  @Test
  void aSelectorReplyThatDidNotStreamInIsShownWholeUnderTheSelectorsHeading() {
    try (Console console = Console.builder(out).terminal(false).clock(fixed).build()) {
      console.accept(new TeamEvent.Message(AgentMessage.user("Plan a weekend")));
      console.accept(new TeamEvent.SelectorReply("The planner\nshould start.", 1));
      console.accept(
          new TeamEvent.Activity(new AgentEvent.ModelUsage("selector", "m", new Usage(9, 3))));
      console.accept(new TeamEvent.SpeakersSelected(List.of("planner")));
      console.accept(new TeamEvent.Message(new AgentMessage.Text("planner", "Fly.")));
    }

    assertThat(printed())
        .isEqualTo(
            String.join(
                "\n",
                "---------- user ----------",
                "Plan a weekend",
                "",
                "---------- selector ----------",
                "The planner",
                "should start.",
                "(next: planner)",
                "",
                "---------- planner ----------",
                "Fly.",
                ""));
  }

  @Test
  void onATerminalEachAgentHasItsOwnColour() {
    try (Console console = Console.builder(out).terminal(true).environment(Map.of()).build()) {
      assertThat(console.styled()).isTrue();
      runTrip(console);
    }

    String planner = colourOfHeader("planner");
    String booker = colourOfHeader("booker");
    assertThat(planner).isNotEqualTo(booker);
    // The same agent keeps its colour: in the summary too.
    assertThat(printed()).contains(planner + "planner" + ESC + "0m");
  }

  @Test
  void noColorTurnsStylingOffEvenOnATerminal() {
    try (Console console =
        Console.builder(out)
            .terminal(true)
            .environment(Map.of("NO_COLOR", "1"))
            .clock(fixed)
            .maxResultLength(40)
            .build()) {
      assertThat(console.styled()).isFalse();
      runTrip(console);
    }

    assertThat(printed()).doesNotContain(ESC).contains("---------- planner ----------");
  }

  @Test
  void whileAModelCallIsInFlightTheIndicatorShowsWhoIsThinking() throws Exception {
    CountDownLatch indicatorShown = new CountDownLatch(1);
    OutputStream watching =
        new OutputStream() {
          @Override
          public void write(int b) {
            bytes.write(b);
            if (bytes.toString(StandardCharsets.UTF_8).contains("thinking")) {
              indicatorShown.countDown();
            }
          }
        };
    ReplayChatModel script = tripScript();
    // The first call (the selector's, right after the task) answers only once the indicator shows.
    ChatModel slowFirstCall =
        new ChatModel() {
          private boolean first = true;

          @Override
          public ModelInfo info() {
            return script.info();
          }

          @Override
          public synchronized ChatResponse chat(ChatRequest request, CancellationToken token) {
            if (first) {
              first = false;
              try {
                assertThat(indicatorShown.await(10, TimeUnit.SECONDS)).isTrue();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            }
            return script.chat(request, token);
          }
        };
    try (Console console =
        Console.builder(new PrintStream(watching, true, StandardCharsets.UTF_8))
            .terminal(true)
            .environment(Map.of())
            .build()) {
      runTrip(console, slowFirstCall);
    }

    assertThat(printed())
        .contains("model thinking")
        // Cleared before the next output.
        .contains("\r" + ESC + "2K");
    String text = printed();
    int thinking = text.indexOf("model thinking");
    assertThat(text.indexOf("\r" + ESC + "2K", thinking)).isGreaterThan(thinking);
  }

  @Test
  void aSingleAgentsEventsPrintUnderItsNameWithASummaryOnRequest() {
    try (Console console = Console.builder(out).terminal(false).clock(fixed).build()) {
      console.agent(new AgentEvent.TextChunk("helper", "Hel"));
      console.agent(new AgentEvent.TextChunk("helper", "lo"));
      console.agent(new AgentEvent.ModelUsage("helper", "m", new Usage(12, 3)));
      console.agent(
          new AgentEvent.ToolCallsRequested(
              "helper", List.of(new ToolCall("c1", "lookup", "{\"q\":\"x\"}"))));
      console.agent(
          new AgentEvent.ToolCallsExecuted(
              "helper", List.of(new ToolResult("c1", "lookup", "no such thing", true))));
      console.agent(new AgentEvent.ModelUsage("helper", "m", new Usage(20, 4)));
      console.agent(
          new AgentEvent.Answered(
              "helper", new AgentMessage.Text("helper", "Nothing found."), new Usage(32, 7)));
      console.summary("answered");
    }

    assertThat(printed())
        .isEqualTo(
            String.join(
                "\n",
                "---------- helper ----------",
                "Hello",
                "  -> lookup {\"q\":\"x\"}",
                "  <- lookup failed: no such thing",
                "Nothing found.",
                "",
                "---------- summary ----------",
                "stop reason: answered",
                "turns: 1, tool calls: 1, wall time: 0ms",
                "agent   turns  tool calls  tokens in  tokens out",
                "helper      1           1         32           7",
                "total       1           1         32           7",
                ""));
  }

  /** An agent name that tries to set the window title and clear the screen: "coder" to a person. */
  private static final String EVIL_AGENT = "coder\u001b]0;pwned\u0007\u001b[2J";

  /**
   * A run in which every kind of outside text the console prints carries the whole corpus: the
   * task, the selector's reply, the chosen speaker, a selection problem, streamed text in pieces
   * of {@code chunk}, a tool call's name and arguments, its result, a question to a person, an
   * approval's reason, a handoff's text and target, another agent's message and name, the failure
   * and the stop reason.
   */
  private static void hostileRun(Console console, int chunk) {
    String hostile = TerminalEscapes.hostile();
    console.accept(new TeamEvent.Message(AgentMessage.user(hostile)));
    console.accept(new TeamEvent.SelectorReply(hostile, 1));
    console.accept(new TeamEvent.SpeakersSelected(List.of(EVIL_AGENT)));
    console.accept(new TeamEvent.SelectionProblem(hostile, 1, EVIL_AGENT));
    for (int i = 0; i < hostile.length(); i += chunk) {
      String piece = hostile.substring(i, Math.min(hostile.length(), i + chunk));
      console.accept(new TeamEvent.Activity(new AgentEvent.TextChunk(EVIL_AGENT, piece)));
    }
    String tool = "look\u001b[8m\u0007up";
    console.accept(
        new TeamEvent.Activity(
            new AgentEvent.ToolCallsRequested(
                EVIL_AGENT, List.of(new ToolCall("c1", tool, "{\"q\":\"" + hostile + "\"}")))));
    console.accept(
        new TeamEvent.Activity(
            new AgentEvent.ToolCallsExecuted(
                EVIL_AGENT, List.of(new ToolResult("c1", tool, hostile, true)))));
    console.accept(
        new TeamEvent.Activity(new AgentEvent.InputRequested(EVIL_AGENT, "q1", hostile)));
    console.accept(
        new TeamEvent.Activity(
            new AgentEvent.ApprovalDecided(
                EVIL_AGENT, new ToolCall("c2", "rm\r", "{}"), false, hostile)));
    console.accept(
        new TeamEvent.Message(
            new AgentMessage.Handoff(
                EVIL_AGENT, "reviewer\u001b]8;;https://evil.example\u0007", hostile, List.of())));
    console.accept(new TeamEvent.Message(new AgentMessage.Text("reviewer\u009b31m", hostile)));
    console.accept(
        new TeamEvent.Finished(
            new TaskResult(
                List.of(), List.of(), StopReason.failed(EVIL_AGENT, hostile), Usage.ZERO, null)));
  }

  /** What a person must see of {@link #hostileRun}: the corpus's visible text everywhere. */
  private static String hostileRunShown() {
    String shown = TerminalEscapes.visible();
    String flat = shown.strip().replaceAll("\\s+", " ");
    String format = "%-8s  %5s  %10s  %9s  %10s%n";
    return String.join(
            "\n",
            "---------- user ----------",
            shown,
            "",
            "---------- selector ----------",
            shown,
            "(next: coder)",
            "(choosing a speaker: " + shown + "; falling back to coder)",
            "",
            "---------- coder ----------",
            shown,
            // The corpus ends inside a sequence that never ends: the arguments' closing is hidden.
            "  -> lookup {\"q\":\"" + flat,
            "  <- lookup failed: " + flat,
            "  ? " + shown,
            "  (rm refused: " + shown + ")",
            shown,
            "  (hands off to reviewer)",
            "",
            "---------- reviewer ----------",
            shown,
            "failed: coder",
            "",
            "---------- summary ----------",
            "stop reason: " + shown,
            "turns: 2, tool calls: 1, wall time: 0ms",
            "")
        + String.format(
            Locale.ROOT, format, "agent", "turns", "tool calls", "tokens in", "tokens out")
        + String.format(Locale.ROOT, format, "coder", 1, 1, 0, 0)
        + String.format(Locale.ROOT, format, "reviewer", 1, 0, 0, 0)
        + String.format(Locale.ROOT, format, "total", 2, 1, 0, 0);
  }

  @Test
  void offATerminalOutsideTextIsShownWithoutItsControlsAndEscapes() {
    for (int chunk : new int[] {1, 2, 3, 7, 64, Integer.MAX_VALUE}) {
      bytes.reset();
      try (Console console =
          Console.builder(out).terminal(false).clock(fixed).maxResultLength(100_000).build()) {
        hostileRun(console, chunk);
      }

      assertThat(printed()).as("streamed in pieces of %d", chunk).isEqualTo(hostileRunShown());
      assertThat(TerminalEscapes.forbidden(printed())).isNull();
    }
  }

  @Test
  void onATerminalOutsideTextLosesItsEscapesButCadresOwnStylingStays() {
    try (Console console =
        Console.builder(out)
            .terminal(true)
            .environment(Map.of())
            .clock(fixed)
            .maxResultLength(100_000)
            .build()) {
      hostileRun(console, 5);
    }

    String text = printed();
    // Cadre's own styling is there: the agent's coloured bold header, dim lines, resets.
    assertThat(text)
        .containsPattern("\u001b\\[1m\u001b\\[3[0-9]m---------- coder ----------\u001b\\[0m")
        .contains("\u001b[2m(next: coder)\u001b[0m")
        .contains("\u001b[1m---------- summary ----------\u001b[0m");
    // Take away exactly what Cadre prints itself; what is left is the plain text, with nothing
    // a terminal would act on.
    String unstyled =
        text.replaceAll(
            "\r\u001b\\[2K(\u001b\\[2m[|/\\\\-] [a-z, ]+ thinking [0-9.]+s\u001b\\[0m)?", "");
    for (String own : CADRES_OWN_STYLES) {
      unstyled = unstyled.replace(own, "");
    }
    assertThat(unstyled).isEqualTo(hostileRunShown());
    assertThat(TerminalEscapes.forbidden(unstyled)).isNull();
  }

  @Test
  void theThinkingIndicatorShowsAnAgentsNameWithoutItsEscapes() {
    try (Console console =
        Console.builder(out).terminal(true).environment(Map.of()).clock(fixed).build()) {
      // After its tools ran, the agent's model is thinking again: the indicator names the agent.
      console.accept(
          new TeamEvent.Activity(
              new AgentEvent.ToolCallsExecuted(
                  EVIL_AGENT, List.of(new ToolResult("c1", "lookup", "42", false)))));
      // The indicator's timer runs on its own thread; one tick by hand makes the test exact.
      console.tick();
    }

    String text = printed();
    assertThat(text).contains("coder thinking 0.0s");
    String unstyled = text.replace("\r\u001b[2K", "");
    for (String own : CADRES_OWN_STYLES) {
      unstyled = unstyled.replace(own, "");
    }
    assertThat(TerminalEscapes.forbidden(unstyled)).isNull();
  }

  @Test
  void aLongResultIsCutBetweenCharactersNeverInsideOne() {
    try (Console console =
        Console.builder(out).terminal(false).clock(fixed).maxResultLength(11).build()) {
      console.agent(
          new AgentEvent.ToolCallsExecuted(
              "a", List.of(new ToolResult("c1", "smile", "\ud83d\ude00".repeat(30), false))));
    }

    assertThat(printed())
        .isEqualTo(
            "---------- a ----------\n  <- smile: " + "\ud83d\ude00".repeat(5) + "... (60 chars)\n");
  }

  @Test
  void aSequenceSplitAcrossStreamedPiecesIsRemovedWhole() {
    for (TerminalEscapes.Entry entry : TerminalEscapes.CORPUS) {
      String hostile = entry.hostile();
      for (int split = 0; split <= hostile.length(); split++) {
        bytes.reset();
        try (Console console = Console.builder(out).terminal(false).clock(fixed).build()) {
          console.agent(new AgentEvent.TextChunk("a", hostile.substring(0, split)));
          console.agent(new AgentEvent.TextChunk("a", hostile.substring(split)));
          console.agent(
              new AgentEvent.Answered(
                  "a", new AgentMessage.Text("a", hostile), new Usage(1, 1)));
        }

        assertThat(printed())
            .as("%s, split at %d", entry.name(), split)
            .isEqualTo("---------- a ----------\n" + entry.visible() + "\n");
      }
    }
  }

  /** Every escape sequence Cadre's console prints itself, the indicator's aside. */
  static final List<String> CADRES_OWN_STYLES =
      List.of(
          "\u001b[0m", "\u001b[1m", "\u001b[2m", "\u001b[31m", "\u001b[32m", "\u001b[33m",
          "\u001b[34m", "\u001b[35m", "\u001b[36m", "\u001b[91m", "\u001b[92m", "\u001b[93m",
          "\u001b[94m", "\u001b[95m", "\u001b[96m");

  /** The colour code right before {@code name}'s header. */
  private String colourOfHeader(String name) {
    String text = printed();
    int at = text.indexOf("---------- " + name + " ----------");
    assertThat(at).isPositive();
    int start = text.lastIndexOf(ESC, at - 1);
    return text.substring(start, at);
  }
}
