package dev.cadre.samples.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.Json;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The finance sample run offline on its bundled script: who spoke, which tools ran and what they
 * really computed from the bundled prices and headlines, and the typed report.
 */
class FinanceSampleTest {

  private static final double TOLERANCE = 1e-6;
  private static final String TICKER = FinanceSample.DEFAULT_TICKER;

  private final FinanceSample sample = new FinanceSample();
  private final double[] prices = PriceHistory.bundled().prices(TICKER);

  @Test
  void describesItself() {
    assertThat(sample.name()).isEqualTo("finance");
    assertThat(sample.description()).isNotBlank();
    assertThat(sample.defaultTask()).contains(TICKER).doesNotContain("{{");
  }

  @Test
  void theSelectorPicksEachAnalystInTurnAndTheRunEndsOnTheReport() {
    List<TeamEvent> events = new ArrayList<>();

    TaskResult result = sample.run(sample.offlineModel(), sample.defaultTask(), events::add);

    assertThat(result.messages().get(0).content()).isEqualTo(sample.defaultTask());
    assertThat(events)
        .filteredOn(TeamEvent.SpeakersSelected.class::isInstance)
        .map(event -> ((TeamEvent.SpeakersSelected) event).speakers())
        .containsExactly(
            List.of("quant_analyst"), List.of("sentiment_analyst"), List.of("risk_analyst"));
    assertThat(result.messages())
        .extracting(AgentMessage::source)
        .containsExactly("user", "quant_analyst", "sentiment_analyst", "risk_analyst");
    assertThat(result.stopReason()).contains("recommendation");
    assertThat(events.get(events.size() - 1)).isInstanceOf(TeamEvent.Finished.class);
  }

  @Test
  void theAnalystsCallRealToolsWhoseResultsAreComputedFromTheBundledData() {
    List<TeamEvent> events = new ArrayList<>();

    sample.run(sample.offlineModel(), sample.defaultTask(), events::add);

    List<String> callers = new ArrayList<>();
    Map<String, ToolCall> calls = new LinkedHashMap<>();
    Map<String, ToolResult> results = new LinkedHashMap<>();
    for (TeamEvent event : events) {
      if (event instanceof TeamEvent.Activity activity) {
        if (activity.event() instanceof AgentEvent.ToolCallsRequested requested) {
          requested.calls().forEach(call -> calls.put(call.name(), call));
          requested.calls().forEach(call -> callers.add(requested.source() + ":" + call.name()));
        } else if (activity.event() instanceof AgentEvent.ToolCallsExecuted executed) {
          executed.results().forEach(done -> results.put(done.name(), done));
        }
      }
    }
    assertThat(callers)
        .containsExactly(
            "quant_analyst:price_returns",
            "quant_analyst:volatility",
            "quant_analyst:max_drawdown",
            "sentiment_analyst:score_headlines",
            "risk_analyst:value_at_risk");
    assertThat(calls.values())
        .extracting(ToolCall::arguments)
        .allSatisfy(
            arguments -> assertThat(json(arguments).get("ticker").asText()).isEqualTo(TICKER));
    assertThat(results.values()).noneMatch(ToolResult::error);

    JsonNode returns = json(results.get("price_returns"));
    assertThat(returns.get("days").asInt()).isEqualTo(59);
    assertThat(returns.get("totalReturn").asDouble())
        .isCloseTo(prices[59] / prices[0] - 1, within(TOLERANCE))
        .isCloseTo(15.84 / 23.10 - 1, within(TOLERANCE));
    assertThat(returns.get("annualisedReturn").asDouble())
        .isCloseTo(Math.pow(15.84 / 23.10, 252.0 / 59) - 1, within(TOLERANCE));

    JsonNode volatility = json(results.get("volatility"));
    assertThat(volatility.get("annualisedVolatility").asDouble())
        .isCloseTo(RiskMath.annualisedVolatility(prices), within(TOLERANCE));

    JsonNode drawdown = json(results.get("max_drawdown"));
    assertThat(drawdown.get("peakDate").asText()).isEqualTo("2025-01-02");
    assertThat(drawdown.get("troughDate").asText()).isEqualTo("2025-03-06");
    assertThat(drawdown.get("maxDrawdown").asDouble())
        .isCloseTo((23.10 - 13.12) / 23.10, within(TOLERANCE));

    JsonNode valueAtRisk = json(results.get("value_at_risk"));
    assertThat(valueAtRisk.get("oneDayValueAtRisk").asDouble())
        .isCloseTo(-thirdWorstSimpleReturn(), within(TOLERANCE));

    // Six CRXB headlines; the fifth matches two positive words and one negative.
    JsonNode sentiment = json(results.get("score_headlines"));
    assertThat(sentiment.get("headlines"))
        .extracting(headline -> headline.get("score").asDouble())
        .containsExactly(1.0, -1.0, -1.0, -1.0, 0.333333, -1.0);
    assertThat(sentiment.get("average").asDouble())
        .isCloseTo((1 - 1 - 1 - 1 + 1.0 / 3 - 1) / 6, within(TOLERANCE));
  }

  @Test
  void theTeamAnswersWithATypedReportWhoseFiguresAreTheToolResults() {
    ReplayChatModel model = (ReplayChatModel) sample.offlineModel();
    RiskReport report;
    try (CadreFinanceDesk desk = FinanceSample.desk(model)) {
      report = desk.assess(TICKER);
    }

    assertThat(report.ticker()).isEqualTo(TICKER);
    assertThat(report.annualisedReturn())
        .isCloseTo(RiskMath.annualisedReturn(prices), within(TOLERANCE));
    assertThat(report.volatility())
        .isCloseTo(RiskMath.annualisedVolatility(prices), within(TOLERANCE));
    assertThat(report.maxDrawdown())
        .isCloseTo(RiskMath.maxDrawdown(prices).depth(), within(TOLERANCE));
    assertThat(report.valueAtRisk95())
        .isCloseTo(RiskMath.historicalValueAtRisk(prices, 0.95), within(TOLERANCE));
    assertThat(report.sentiment())
        .isCloseTo(HeadlineSentiment.bundled().scoreHeadlines(TICKER).average(), within(TOLERANCE));
    assertThat(report.recommendation()).isEqualTo(RiskReport.Recommendation.SELL);
    assertThat(report.rationale()).contains("drawdown");
    // The entry method's prompt is the sample's default task, and the selector saw who does what.
    assertThat(model.requests().get(0).messages().toString())
        .contains(sample.defaultTask())
        .contains("Quantitative analyst")
        .contains("Sentiment analyst")
        .contains("Risk analyst");
    assertThat(model.remaining()).isZero();
  }

  private double thirdWorstSimpleReturn() {
    double[] returns = new double[prices.length - 1];
    for (int i = 1; i < prices.length; i++) {
      returns[i - 1] = prices[i] / prices[i - 1] - 1;
    }
    Arrays.sort(returns);
    return returns[2];
  }

  private static JsonNode json(ToolResult result) {
    return json(result.content());
  }

  private static JsonNode json(String text) {
    try {
      return Json.parse(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
