package dev.cadre.samples.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The sample's maths on series small enough to work out by hand. */
class RiskMathTest {

  private static final double[] PRICES = {100, 110, 99, 105};

  @Test
  void returnsAreDayOnDay() {
    assertThat(RiskMath.simpleReturns(PRICES))
        .containsExactly(new double[] {0.10, -0.10, 6.0 / 99}, within(1e-12));
    assertThat(RiskMath.logReturns(PRICES))
        .containsExactly(new double[] {0.0953101798, -0.1053605157, 0.0588405000}, within(1e-9));
    assertThat(RiskMath.totalReturn(PRICES)).isCloseTo(0.05, within(1e-12));
  }

  @Test
  void annualisedReturnCompoundsTheMeanDailyLogReturnOverAYear() {
    // 105/100 over 3 days: 1.05^(252/3) - 1 = 1.05^84 - 1.
    assertThat(RiskMath.annualisedReturn(PRICES)).isCloseTo(Math.pow(1.05, 84) - 1, within(1e-9));
    assertThat(RiskMath.annualisedReturn(new double[] {50, 50, 50})).isZero();
  }

  @Test
  void volatilityIsTheSampleStandardDeviationOfLogReturnsScaledToAYear() {
    // mean of the log returns 0.0162634; squared deviations 0.0062484 + 0.0147924 + 0.0018128
    // = 0.0228536; over n - 1 = 2: 0.0114268; square root 0.106896; times sqrt(252) = 15.8745.
    assertThat(RiskMath.dailyVolatility(PRICES)).isCloseTo(0.106896, within(1e-6));
    assertThat(RiskMath.annualisedVolatility(PRICES)).isCloseTo(1.696924, within(1e-6));
    assertThat(RiskMath.annualisedVolatility(new double[] {10, 11, 12.1}))
        .isCloseTo(0, within(1e-12));
  }

  @Test
  void maxDrawdownIsTheDeepestFallFromARunningPeak() {
    // Peaks 100, 120; the fall from 120 to 84 (30%) is deeper than 100 to 90 (10%).
    RiskMath.Drawdown drawdown = RiskMath.maxDrawdown(new double[] {100, 90, 120, 96, 84, 130});

    assertThat(drawdown.depth()).isCloseTo(0.30, within(1e-12));
    assertThat(drawdown.peak()).isEqualTo(2);
    assertThat(drawdown.trough()).isEqualTo(4);
    assertThat(RiskMath.maxDrawdown(new double[] {1, 2, 3}).depth()).isZero();
  }

  @Test
  void historicalValueAtRiskIsTheKthWorstDailyLoss() {
    // 40 returns: 5% of 40 is 2, so the 95% VaR is the second-worst loss, 7%.
    double[] prices = new double[41];
    prices[0] = 100;
    for (int i = 1; i < prices.length; i++) {
      double r =
          switch (i) {
            case 5 -> -0.09;
            case 17 -> -0.07;
            case 30 -> -0.05;
            default -> 0.01;
          };
      prices[i] = prices[i - 1] * (1 + r);
    }

    assertThat(RiskMath.historicalValueAtRisk(prices, 0.95)).isCloseTo(0.07, within(1e-12));
    // 99%: 1% of 40 rounds up to 1, the worst day.
    assertThat(RiskMath.historicalValueAtRisk(prices, 0.99)).isCloseTo(0.09, within(1e-12));
    // Few returns: at least the worst one.
    assertThat(RiskMath.historicalValueAtRisk(PRICES, 0.95)).isCloseTo(0.10, within(1e-12));
  }

  @Test
  void badInputsNameTheProblem() {
    assertThatThrownBy(() -> RiskMath.historicalValueAtRisk(PRICES, 95))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("confidence")
        .hasMessageContaining("0.95 for 95%");
    assertThatThrownBy(() -> RiskMath.logReturns(new double[] {100}))
        .hasMessageContaining("at least 2 prices");
    assertThatThrownBy(() -> RiskMath.totalReturn(new double[] {100, 0}))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> RiskMath.dailyVolatility(new double[] {100, 101}))
        .hasMessageContaining("at least 3 prices");
  }
}
