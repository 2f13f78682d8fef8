package dev.cadre.test;

import static dev.cadre.test.CadreAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.dsl.Cadre;
import dev.cadre.model.ChatModel;
import dev.cadre.model.Prices;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.StopReason;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import org.junit.jupiter.api.Test;

/** The README's assertions example, run as it is shown. */
class ReadmeAssertionsTest {

  private static Team tripTeam(ChatModel model) {
    return Cadre.roundRobin("trip")
        .participant(Cadre.assistant("planner").model(model).tool(Weather.weatherTool()))
        .participant(Cadre.assistant("writer").model(model))
        .termination(Terminations.textMention("DONE"))
        .build();
  }

  @Test
  void assertions() {
    ChatModel model =
        ReplayChatModel.builder()
            .toolCall("get_weather", "{\"city\": \"Lyon\"}")
            .text("Lyon by train.")
            .text("Day 1: Lyon. DONE")
            .build();
    Prices prices = Prices.builder().model("replay", Prices.Price.perMillion(0.15, 0.60)).build();
    // README:begin
    RunCapture run = RunCapture.run(tripTeam(model), "Plan a day in Lyon");

    assertThat(run)
        .hasSpeakers("planner", "writer")
        .calledToolOnce("get_weather", "{\"city\": \"Lyon\"}")
        .stoppedBy(StopReason.Kind.CONDITION)
        .hasStopReason("Text 'DONE' mentioned")
        .usedAtMostTokens(2_000)
        .costAtMost(prices, 0.01);
    // README:end
  }
}
