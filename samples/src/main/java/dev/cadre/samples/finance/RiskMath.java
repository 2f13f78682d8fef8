package dev.cadre.samples.finance;

import java.util.Arrays;

/**
 * The arithmetic of the finance sample, on a series of daily closing prices (oldest first): plain
 * functions, so the tools stay thin and the maths can be checked on a series small enough to work
 * out by hand.
 */
public final class RiskMath {

  /** Trading days in a year, for annualising daily figures. */
  public static final int TRADING_DAYS = 252;

  private RiskMath() {}

  /** Daily log returns, {@code ln(p[i] / p[i-1])}: one fewer than the prices. */
  public static double[] logReturns(double[] prices) {
    requireSeries(prices, 2);
    double[] returns = new double[prices.length - 1];
    for (int i = 1; i < prices.length; i++) {
      returns[i - 1] = Math.log(prices[i] / prices[i - 1]);
    }
    return returns;
  }

  /** Daily simple returns, {@code p[i] / p[i-1] - 1}: one fewer than the prices. */
  public static double[] simpleReturns(double[] prices) {
    requireSeries(prices, 2);
    double[] returns = new double[prices.length - 1];
    for (int i = 1; i < prices.length; i++) {
      returns[i - 1] = prices[i] / prices[i - 1] - 1;
    }
    return returns;
  }

  /** The return over the whole series: last over first, less one. */
  public static double totalReturn(double[] prices) {
    requireSeries(prices, 2);
    return prices[prices.length - 1] / prices[0] - 1;
  }

  /**
   * The total return compounded to a year of {@link #TRADING_DAYS}: {@code exp(mean daily log
   * return * 252) - 1}.
   */
  public static double annualisedReturn(double[] prices) {
    return Math.expm1(mean(logReturns(prices)) * TRADING_DAYS);
  }

  /** The sample standard deviation (n - 1) of the daily log returns. */
  public static double dailyVolatility(double[] prices) {
    double[] returns = logReturns(prices);
    if (returns.length < 2) {
      throw new IllegalArgumentException(
          "volatility needs at least 3 prices (2 returns), got " + prices.length);
    }
    double mean = mean(returns);
    double squares = 0;
    for (double r : returns) {
      squares += (r - mean) * (r - mean);
    }
    return Math.sqrt(squares / (returns.length - 1));
  }

  /** {@link #dailyVolatility} scaled by the square root of {@link #TRADING_DAYS}. */
  public static double annualisedVolatility(double[] prices) {
    return dailyVolatility(prices) * Math.sqrt(TRADING_DAYS);
  }

  /** The largest fall from a running peak, and where it happened (indices into the prices). */
  public record Drawdown(double depth, int peak, int trough) {}

  /**
   * The maximum drawdown: the largest {@code (peak - price) / peak} over the series, as a positive
   * fraction (0 when prices never fall).
   */
  public static Drawdown maxDrawdown(double[] prices) {
    requireSeries(prices, 1);
    int peak = 0;
    Drawdown worst = new Drawdown(0, 0, 0);
    for (int i = 1; i < prices.length; i++) {
      if (prices[i] > prices[peak]) {
        peak = i;
      }
      double depth = (prices[peak] - prices[i]) / prices[peak];
      if (depth > worst.depth()) {
        worst = new Drawdown(depth, peak, i);
      }
    }
    return worst;
  }

  /**
   * Historical one-day value-at-risk: the loss, as a positive fraction of value, that the daily
   * simple returns exceeded on no more than {@code 1 - confidence} of the days. It is the k-th
   * worst return negated, with {@code k = ceil(n * (1 - confidence))} (at least 1); for 59 returns
   * at 95%, the third worst.
   */
  public static double historicalValueAtRisk(double[] prices, double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException(
          "confidence must lie strictly between 0 and 1 (0.95 for 95%), got " + confidence);
    }
    double[] returns = simpleReturns(prices);
    Arrays.sort(returns);
    // The small slack keeps 40 * 0.05 at 2: 1 - 0.95 is a hair above 0.05 in binary.
    int k = Math.max(1, (int) Math.ceil(returns.length * (1 - confidence) - 1e-9));
    return -returns[k - 1];
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static void requireSeries(double[] prices, int least) {
    if (prices.length < least) {
      throw new IllegalArgumentException(
          "the price series needs at least " + least + " prices, got " + prices.length);
    }
    for (double price : prices) {
      if (!(price > 0)) {
        throw new IllegalArgumentException("prices must be positive, got " + price);
      }
    }
  }
}
