package dev.cadre.samples.finance;

import dev.cadre.annotations.Param;
import dev.cadre.annotations.Tool;

/** The risk analyst's tool: historical value-at-risk of a ticker. */
public final class RiskTools {

  /** The confidence the sample's value-at-risk is quoted at. */
  public static final double CONFIDENCE = 0.95;

  private final PriceHistory history;

  /** The tool on the bundled prices, for team specs (see {@link PriceTools#PriceTools()}). */
  public RiskTools() {
    this(PriceHistory.bundled());
  }

  /** The tool on {@code history}. */
  public RiskTools(PriceHistory history) {
    this.history = history;
  }

  /** The one-day loss a ticker's history exceeded on no more than 5% of days. */
  public record ValueAtRisk(
      String ticker, double confidence, int observations, double oneDayValueAtRisk) {}

  @Tool(
      name = "value_at_risk",
      value =
          "Historical one-day 95% value-at-risk of a ticker: the daily loss, as a positive"
              + " fraction, exceeded on no more than 5% of the bundled days")
  public ValueAtRisk valueAtRisk(@Param("The ticker symbol, such as ACME") String ticker) {
    double[] prices = history.prices(ticker);
    return new ValueAtRisk(
        PriceTools.symbol(ticker),
        CONFIDENCE,
        prices.length - 1,
        PriceTools.round(RiskMath.historicalValueAtRisk(prices, CONFIDENCE)));
  }
}
