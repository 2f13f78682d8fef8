package dev.cadre.present;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.model.Cost;
import dev.cadre.model.Prices;
import dev.cadre.model.Usage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The numbers of a run that the console's summary and the report's tables both show, counted in one
 * place so that they can never disagree. A turn is a participant's answer to the team: a chat
 * message whose source is not the user. Nothing else counts as a turn: not the selector's model
 * calls (they add tokens only), not a turn that failed or was cut short before it answered, and not
 * the work of an inner team's members, which reaches the team as its host agent's activity. Tool
 * calls count when the model asks for them; usage and cost add up every model call.
 */
final class RunTally {

  private static final String USER = "user";

  /** One agent's numbers, or the run's. */
  static final class Tally {
    int turns;
    int toolCalls;
    Usage usage = Usage.ZERO;
    Cost cost = Cost.ZERO;

    void add(Tally other) {
      turns += other.turns;
      toolCalls += other.toolCalls;
      usage = usage.plus(other.usage);
      cost = cost.plus(other.cost);
    }
  }

  private final Prices prices;
  private final Map<String, Tally> agents = new LinkedHashMap<>();

  RunTally(Prices prices) {
    this.prices = prices;
  }

  /** Counts a chat message of the team: a turn of its source, unless the user wrote it. */
  void message(AgentMessage message) {
    if (!message.source().equals(USER)) {
      of(message.source()).turns++;
    }
  }

  /** Counts an agent's work: the tool calls it asks for and the tokens (and cost) it used. */
  void activity(AgentEvent event) {
    if (event instanceof AgentEvent.ToolCallsRequested requested) {
      of(event.source()).toolCalls += requested.calls().size();
    } else if (event instanceof AgentEvent.ModelUsage usage) {
      Tally tally = of(event.source());
      tally.usage = tally.usage.plus(usage.usage());
      if (prices != null) {
        tally.cost = tally.cost.plus(Cost.of(prices, usage.model(), usage.usage()));
      }
    }
  }

  /** Each agent's numbers, in the order the agents were first counted. */
  Map<String, Tally> agents() {
    return Collections.unmodifiableMap(agents);
  }

  /** One agent's numbers; zero for an agent not counted yet. */
  Tally get(String agent) {
    Tally tally = agents.get(agent);
    return tally == null ? new Tally() : tally;
  }

  /** The run's numbers: every agent's added up. */
  Tally total() {
    Tally total = new Tally();
    agents.values().forEach(total::add);
    return total;
  }

  private Tally of(String agent) {
    return agents.computeIfAbsent(agent, a -> new Tally());
  }
}
