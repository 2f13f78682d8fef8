package dev.cadre.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
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
                "stop reason: text \"DONE\" mentioned by booker",
                "turns: 2, tool calls: 1, wall time: 0.0s",
                "agent     turns  tool calls  tokens in  tokens out",
                "selector      0           0        100           1",
                "planner       1           0         20           5",
                "booker        1           1         70          14",
                "total         2           1        190          20",
                ""));
    assertThat(printed()).doesNotContain(ESC);
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
                "turns: 1, tool calls: 1, wall time: 0.0s",
                "agent   turns  tool calls  tokens in  tokens out",
                "helper      1           1         32           7",
                "total       1           1         32           7",
                ""));
  }

  /** The colour code right before {@code name}'s header. */
  private String colourOfHeader(String name) {
    String text = printed();
    int at = text.indexOf("---------- " + name + " ----------");
    assertThat(at).isPositive();
    int start = text.lastIndexOf(ESC, at - 1);
    return text.substring(start, at);
  }
}
