package dev.cadre.samples.finance;

/**
 * The finance team's answer on one ticker: the figures the tools computed, the news mood, and what
 * to do.
 *
 * @param annualisedReturn compounded to a year, as a fraction
 * @param volatility annualised standard deviation of daily log returns
 * @param maxDrawdown largest fall from a peak, as a positive fraction
 * @param valueAtRisk95 historical one-day 95% value-at-risk, as a positive fraction
 * @param sentiment the average headline score, from -1 to 1
 */
public record RiskReport(
    String ticker,
    double annualisedReturn,
    double volatility,
    double maxDrawdown,
    double valueAtRisk95,
    double sentiment,
    Recommendation recommendation,
    String rationale) {

  /** What the risk analyst advises. */
  public enum Recommendation {
    BUY,
    HOLD,
    SELL
  }
}
