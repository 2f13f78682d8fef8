package dev.cadre.test;

import static dev.cadre.test.CadreAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.dsl.Cadre;
import dev.cadre.model.Prices;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.StopReason;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each conversation assertion passing, and failing with a message that shows the transcript. */
class TaskResultAssertTest {

  /** The writer's structured answer. */
  record Itinerary(String city, int days) {}

  private ReplayChatModel planner;
  private ReplayChatModel writer;
  private RunCapture run;

  @BeforeEach
  void runTeam() {
    planner =
        ReplayChatModel.builder()
            .toolCall("get_weather", "{\"city\": \"Lyon\"}")
            .text("Plan: Lyon by train.")
            .build();
    writer = ReplayChatModel.builder().text("{\"city\":\"Lyon\",\"days\":1}").build();
    Team team =
        Cadre.roundRobin("trip")
            .participant(
                Cadre.assistant("planner")
                    .systemMessage("You plan.")
                    .model(planner)
                    .tool(Weather.weatherTool()))
            .participant(
                Cadre.assistant("writer")
                    .systemMessage("You write.")
                    .model(writer)
                    .outputType(Itinerary.class))
            .termination(Terminations.maxMessages(3))
            .build();
    run = RunCapture.run(team, "Plan a day in Lyon");
  }

  @Test
  void speakersInOrder() {
    assertThat(run).hasSpeakers("planner", "writer");

    assertThatThrownBy(() -> assertThat(run).hasSpeakers("writer", "planner"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected the speakers [writer, planner]")
        .hasMessageContaining("but they were [planner, writer]")
        .hasMessageContaining("the first difference is speaker 1 (expected writer, was planner)")
        .hasMessageContaining("  > #4 planner: Plan: Lyon by train.")
        .hasMessageContaining("    #1 user: Plan a day in Lyon");
  }

  @Test
  void aToolCalledOnceWithArguments() {
    assertThat(run).calledToolOnce("get_weather", "{\"city\":\"Lyon\"}");

    assertThatThrownBy(() -> assertThat(run).calledToolOnce("get_weather", "{\"city\":\"Paris\"}"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected one call of tool get_weather with {\"city\":\"Paris\"}")
        .hasMessageContaining("there were 0 such calls among its 1 call(s): [{\"city\": \"Lyon\"}]")
        .hasMessageContaining("  > #2 planner calls get_weather {\"city\": \"Lyon\"}")
        .hasMessageContaining("    #3 planner got get_weather -> Sunny, 21°C in Lyon");
    assertThatThrownBy(() -> assertThat(run).calledToolOnce("book_train", "{}"))
        .hasMessageContaining("but it was never called");
  }

  @Test
  void anAgentNeverSawAMessage() {
    assertThat(run).agentNeverSaw("planner", planner.requests(), "\"days\"");

    assertThatThrownBy(() -> assertThat(run).agentNeverSaw("writer", writer.requests(), "by train"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected agent writer never to see \"by train\"")
        .hasMessageContaining("but its model request 1 of 1 held it in message 3")
        .hasMessageContaining("  > #4 planner: Plan: Lyon by train.");
  }

  @Test
  void theStopReason() {
    assertThat(run)
        .stoppedBy(StopReason.Kind.CONDITION)
        .hasStopReason("Maximum number of messages 3 reached, current message count: 3");

    assertThatThrownBy(() -> assertThat(run).stoppedBy(StopReason.Kind.MAX_TURNS))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected the run to stop by MAX_TURNS")
        .hasMessageContaining("but it stopped by CONDITION: Maximum number of messages 3 reached")
        .hasMessageContaining("#5 writer [structured]: {\"city\":\"Lyon\",\"days\":1}");
    assertThatThrownBy(() -> assertThat(run).hasStopReason("Text 'DONE' mentioned"))
        .hasMessageContaining("expected the stop reason \"Text 'DONE' mentioned\"")
        .hasMessageContaining("stop: Maximum number of messages 3 reached");
  }

  @Test
  void tokensAndCostUnderALimit() {
    // Three calls of 10 input and 5 output tokens each (the replay model's default usage).
    Prices prices = Prices.builder().model("replay", Prices.Price.perMillion(1000, 2000)).build();
    assertThat(run).usedAtMostTokens(45).costAtMost(prices, 0.06);

    assertThatThrownBy(() -> assertThat(run).usedAtMostTokens(44))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected at most 44 tokens")
        .hasMessageContaining("but the run used 45");
    assertThatThrownBy(() -> assertThat(run).costAtMost(prices, 0.05))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected a cost of at most 0.0500")
        .hasMessageContaining("but the run cost 0.0600");
    assertThatThrownBy(() -> assertThat(run).costAtMost(Prices.builder().build(), 1))
        .hasMessageContaining("calls of models with no price were made: [planner (replay)");
    assertThatThrownBy(() -> assertThat(run.result()).costAtMost(prices, 1))
        .hasMessageContaining("capture the run with RunCapture");
  }

  @Test
  void aStructuredAnswerEqualToARecord() {
    assertThat(run).hasStructuredAnswer(new Itinerary("Lyon", 1));

    assertThatThrownBy(() -> assertThat(run).hasStructuredAnswer(new Itinerary("Lyon", 2)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(
            "expected a structured answer equal to\n  Itinerary[city=Lyon, days=2]")
        .hasMessageContaining("but it was\n  Itinerary[city=Lyon, days=1]")
        .hasMessageContaining("  > #5 writer [structured]");
  }

  @Test
  void modelTextInAFailureIsCleanedForTheTerminal() {
    ReplayChatModel hostile = ReplayChatModel.ofTexts("\u001b[2J\u001b]0;pwned\u0007gone\nnext");
    Team team =
        Cadre.roundRobin("one")
            .participant(Cadre.assistant("bot").model(hostile))
            .termination(Terminations.maxMessages(2))
            .build();
    RunCapture hostileRun = RunCapture.run(team, "hi");

    assertThatThrownBy(() -> assertThat(hostileRun).hasSpeakers("other"))
        .satisfies(
            e -> {
              assertThat(e.getMessage()).doesNotContain("\u001b").doesNotContain("\u0007");
              assertThat(e.getMessage()).contains("bot: gone\\nnext");
            });
  }
}
