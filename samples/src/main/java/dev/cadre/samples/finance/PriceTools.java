package dev.cadre.samples.finance;

import dev.cadre.annotations.Param;
import dev.cadre.annotations.Tool;
import java.util.List;
import java.util.Locale;

/** The quantitative analyst's tools: returns, volatility and drawdown of a ticker's prices. */
public final class PriceTools {

  private final PriceHistory history;

  /**
   * Tools on the bundled prices; the no-argument constructor lets a team spec name these tools
   * (through the generated tool library, which makes the instance only when a spec uses them).
   */
  public PriceTools() {
    this(PriceHistory.bundled());
  }

  /** Tools on {@code history}. */
  public PriceTools(PriceHistory history) {
    this.history = history;
  }

  /** How a ticker's price moved over the period. */
  public record Returns(
      String ticker,
      String from,
      String to,
      int days,
      double totalReturn,
      double annualisedReturn) {}

  /** How much a ticker's daily log returns swing. */
  public record Volatility(
      String ticker, int days, double dailyVolatility, double annualisedVolatility) {}

  /** A ticker's largest fall from a peak. */
  public record Drawdown(
      String ticker,
      double maxDrawdown,
      String peakDate,
      double peakPrice,
      String troughDate,
      double troughPrice) {}

  @Tool(
      name = "price_returns",
      value = "Total and annualised return of a ticker over the bundled daily closes")
  public Returns returns(@Param("The ticker symbol, such as ACME") String ticker) {
    List<PriceHistory.Close> closes = history.closes(ticker);
    double[] prices = history.prices(ticker);
    return new Returns(
        symbol(ticker),
        closes.get(0).date(),
        closes.get(closes.size() - 1).date(),
        prices.length - 1,
        round(RiskMath.totalReturn(prices)),
        round(RiskMath.annualisedReturn(prices)));
  }

  @Tool(
      name = "volatility",
      value =
          "Daily and annualised volatility (standard deviation of daily log returns) of a ticker")
  public Volatility volatility(@Param("The ticker symbol, such as ACME") String ticker) {
    double[] prices = history.prices(ticker);
    return new Volatility(
        symbol(ticker),
        prices.length - 1,
        round(RiskMath.dailyVolatility(prices)),
        round(RiskMath.annualisedVolatility(prices)));
  }

  @Tool(
      name = "max_drawdown",
      value =
          "Largest fall of a ticker's close from a previous peak, as a fraction, with its dates")
  public Drawdown maxDrawdown(@Param("The ticker symbol, such as ACME") String ticker) {
    List<PriceHistory.Close> closes = history.closes(ticker);
    RiskMath.Drawdown drawdown = RiskMath.maxDrawdown(history.prices(ticker));
    PriceHistory.Close peak = closes.get(drawdown.peak());
    PriceHistory.Close trough = closes.get(drawdown.trough());
    return new Drawdown(
        symbol(ticker),
        round(drawdown.depth()),
        peak.date(),
        peak.price(),
        trough.date(),
        trough.price());
  }

  static String symbol(String ticker) {
    return ticker.strip().toUpperCase(Locale.ROOT);
  }

  /** Six decimals: ample for a model to read, and stable to compare. */
  static double round(double value) {
    return Math.round(value * 1e6) / 1e6;
  }
}
