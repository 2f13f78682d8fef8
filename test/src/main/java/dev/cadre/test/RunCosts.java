package dev.cadre.test;

import dev.cadre.agent.AgentEvent;
import dev.cadre.model.Cost;
import dev.cadre.model.Prices;
import dev.cadre.team.TeamEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run's model calls cost, from its usage events (each names its model), and which calls had
 * no price: for the cost assertion and the evaluation's table alike.
 */
final class RunCosts {

  private RunCosts() {}

  /** The cost of every model call among {@code events} by {@code prices}. */
  static Cost of(List<TeamEvent> events, Prices prices) {
    Cost cost = Cost.ZERO;
    for (AgentEvent.ModelUsage usage : usages(events)) {
      cost = cost.plus(Cost.of(prices, usage.model(), usage.usage()));
    }
    return cost;
  }

  /** The calls among {@code events} whose model has no price, as {@code agent (model)}. */
  static List<String> unpriced(List<TeamEvent> events, Prices prices) {
    List<String> out = new ArrayList<>();
    for (AgentEvent.ModelUsage usage : usages(events)) {
      if (prices.price(usage.model()) == null) {
        out.add(usage.source() + " (" + usage.model() + ")");
      }
    }
    return out;
  }

  private static List<AgentEvent.ModelUsage> usages(List<TeamEvent> events) {
    List<AgentEvent.ModelUsage> out = new ArrayList<>();
    for (TeamEvent event : events) {
      if (event instanceof TeamEvent.Activity a && a.event() instanceof AgentEvent.ModelUsage u) {
        out.add(u);
      }
    }
    return out;
  }
}
