package dev.cadre.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A price table the user supplies, per model, that turns {@link Usage} into money: the console's
 * summary and the run report show a cost when given one. Cadre ships no prices of its own, since
 * they change and differ by contract; copy them from the provider's pricing page.
 *
 * <pre>{@code
 * Prices prices = Prices.builder()
 *     .model("gpt-4.1", Prices.Price.perMillion(2.00, 8.00).cachedInput(0.50))
 *     .model("claude-sonnet-4",
 *         Prices.Price.perMillion(3.00, 15.00).cachedInput(0.30).cacheWrite(3.75))
 *     .build();
 * }</pre>
 *
 * <p>A reply names the model that answered, often a dated version ({@code gpt-4.1-2025-04-14}): a
 * model is priced by its exact name, else by the longest name in the table it starts with.
 */
public final class Prices {

  private final Map<String, Price> table;

  private Prices(Map<String, Price> table) {
    this.table = Map.copyOf(table);
  }

  /** Starts an empty price table. */
  public static Builder builder() {
    return new Builder();
  }

  /** The price of {@code model}: its own entry, else the longest entry it starts with; or null. */
  public Price price(String model) {
    if (model == null) {
      return null;
    }
    Price exact = table.get(model);
    if (exact != null) {
      return exact;
    }
    String best = null;
    for (String name : table.keySet()) {
      if (model.startsWith(name) && (best == null || name.length() > best.length())) {
        best = name;
      }
    }
    return best == null ? null : table.get(best);
  }

  /** What {@code usage} of {@code model} costs, or empty when the table has no price for it. */
  public OptionalDouble cost(String model, Usage usage) {
    Price price = price(model);
    return price == null ? OptionalDouble.empty() : OptionalDouble.of(price.cost(usage));
  }

  /**
   * One model's prices in the currency of the user's choice per million tokens. Cached input,
   * cache writes and reasoning are priced as ordinary input, input and output unless set.
   *
   * @param input per million input tokens neither read from nor written to the cache
   * @param output per million output tokens other than reasoning
   * @param cachedInput per million input tokens read from the prompt cache
   * @param cacheWrite per million input tokens written to the prompt cache
   * @param reasoning per million reasoning tokens
   */
  public record Price(
      double input, double output, double cachedInput, double cacheWrite, double reasoning) {

    /** Checks that no price is negative. */
    public Price {
      if (input < 0 || output < 0 || cachedInput < 0 || cacheWrite < 0 || reasoning < 0) {
        throw new IllegalArgumentException("prices cannot be negative");
      }
    }

    /** Input and output prices per million tokens; cache and reasoning priced the same. */
    public static Price perMillion(double input, double output) {
      return new Price(input, output, input, input, output);
    }

    /** This price with cached input at {@code perMillion}. */
    public Price cachedInput(double perMillion) {
      return new Price(input, output, perMillion, cacheWrite, reasoning);
    }

    /** This price with cache writes at {@code perMillion}. */
    public Price cacheWrite(double perMillion) {
      return new Price(input, output, cachedInput, perMillion, reasoning);
    }

    /** This price with reasoning tokens at {@code perMillion}. */
    public Price reasoning(double perMillion) {
      return new Price(input, output, cachedInput, cacheWrite, perMillion);
    }

    /** What {@code usage} costs at these prices. */
    public double cost(Usage usage) {
      long plainOutput = Math.max(0, usage.outputTokens() - usage.reasoningTokens());
      return (usage.uncachedInputTokens() * input
              + usage.cachedInputTokens() * cachedInput
              + usage.cacheWriteTokens() * cacheWrite
              + plainOutput * output
              + usage.reasoningTokens() * reasoning)
          / 1_000_000.0;
    }
  }

  /** Builds a {@link Prices} table. */
  public static final class Builder {
    private final Map<String, Price> table = new LinkedHashMap<>();

    private Builder() {}

    /** The price of {@code model} and of its versions whose names start with it. */
    public Builder model(String model, Price price) {
      Objects.requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("a price needs a model name");
      }
      table.put(model, Objects.requireNonNull(price, "price"));
      return this;
    }

    /** Builds the table. */
    public Prices build() {
      return new Prices(table);
    }
  }
}
