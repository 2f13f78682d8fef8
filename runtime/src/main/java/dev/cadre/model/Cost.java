package dev.cadre.model;

import java.util.Locale;

/**
 * What model calls cost by a {@link Prices} table, summed over calls: a turn's, an agent's or a
 * run's. Calls of a model the table has no price for are counted, not guessed at.
 *
 * @param amount the cost of the priced calls, in the table's currency
 * @param unpricedCalls how many calls had no price, so {@code amount} is a lower bound
 */
public record Cost(double amount, long unpricedCalls) {

  /** No cost, and no call unpriced. */
  public static final Cost ZERO = new Cost(0, 0);

  /** The cost of one call of {@code model} that used {@code usage}. */
  public static Cost of(Prices prices, String model, Usage usage) {
    Prices.Price price = prices.price(model);
    return price == null ? new Cost(0, 1) : new Cost(price.cost(usage), 0);
  }

  /** The sum of this cost and {@code other}. */
  public Cost plus(Cost other) {
    return new Cost(amount + other.amount, unpricedCalls + other.unpricedCalls);
  }

  /**
   * The amount to four decimals, {@code 0.0123}; with {@code +?} after it when some calls had no
   * price, since the real cost is higher.
   */
  public String shown() {
    return String.format(Locale.ROOT, "%.4f", amount) + (unpricedCalls > 0 ? "+?" : "");
  }
}
