package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.model.Usage;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The built-in conditions that count or measure across checks until a limit: messages, tokens,
 * time. Each saves its count with its state. Made by the {@link Terminations} factories, which
 * document them.
 */
final class LimitConditions {

  private LimitConditions() {}

  static final class MaxMessages extends BuiltInCondition {
    private final int max;
    private final boolean includeAgentEvents;
    private int count;

    MaxMessages(int max, boolean includeAgentEvents) {
      this.max = max;
      this.includeAgentEvents = includeAgentEvents;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      count += messages.size();
      if (includeAgentEvents) {
        for (AgentEvent event : events) {
          if (event instanceof AgentEvent.ToolCallsRequested
              || event instanceof AgentEvent.ToolCallsExecuted
              || event instanceof AgentEvent.MemoryQueried) {
            count++;
          }
        }
      }
      return count >= max ? String.format(Terminations.MAX_MESSAGES_TEXT, max, count) : null;
    }

    @Override
    void clear() {
      count = 0;
    }

    @Override
    void saveFields(ObjectNode state) {
      state.put("count", count);
    }

    @Override
    Runnable prepareFields(ObjectNode state) {
      int saved = State.integer(state, "count", 0);
      return () -> count = saved;
    }

    @Override
    public String toString() {
      return "maxMessages(" + max + (includeAgentEvents ? ", includeAgentEvents)" : ")");
    }
  }

  static final class TokenUsage extends BuiltInCondition {
    private final Long maxTotal;
    private final Long maxInput;
    private final Long maxOutput;
    private Usage used = Usage.ZERO;

    TokenUsage(Long maxTotal, Long maxInput, Long maxOutput) {
      this.maxTotal = maxTotal;
      this.maxInput = maxInput;
      this.maxOutput = maxOutput;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (AgentEvent event : events) {
        if (event instanceof AgentEvent.ModelUsage) {
          used = used.plus(((AgentEvent.ModelUsage) event).usage());
        }
      }
      boolean reached =
          maxTotal != null && used.totalTokens() >= maxTotal
              || maxInput != null && used.inputTokens() >= maxInput
              || maxOutput != null && used.outputTokens() >= maxOutput;
      return reached
          ? String.format(
              Terminations.TOKEN_USAGE_TEXT,
              used.totalTokens(),
              used.inputTokens(),
              used.outputTokens())
          : null;
    }

    @Override
    void clear() {
      used = Usage.ZERO;
    }

    @Override
    void saveFields(ObjectNode state) {
      state.set("used", dev.cadre.core.Json.mapper().valueToTree(used));
    }

    @Override
    Runnable prepareFields(ObjectNode state) {
      JsonNode node = state.get("used");
      if (node == null || !node.isObject()) {
        throw new StateException("used", node == null ? "missing" : "not an object: " + node);
      }
      Usage saved;
      try {
        saved = State.read(node, Usage.class);
      } catch (StateException e) {
        throw e.within("used");
      }
      return () -> used = saved;
    }

    @Override
    public String toString() {
      if (maxInput == null && maxOutput == null) {
        return "tokenUsage(" + maxTotal + ")";
      }
      return "tokenUsage(total="
          + orNone(maxTotal)
          + ", input="
          + orNone(maxInput)
          + ", output="
          + orNone(maxOutput)
          + ")";
    }

    private static String orNone(Long limit) {
      return limit == null ? "none" : limit.toString();
    }
  }

  static final class Timeout extends BuiltInCondition {
    private final Duration limit;
    private final Clock clock;
    private Instant start;

    Timeout(Duration limit, Clock clock) {
      this.limit = limit;
      this.clock = clock;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      Instant now = clock.instant();
      if (start == null) {
        start = now;
        return null;
      }
      Duration elapsed = Duration.between(start, now);
      return elapsed.compareTo(limit) >= 0
          ? String.format(
              Terminations.TIMEOUT_TEXT,
              new BigDecimal(limit.toNanos()).movePointLeft(9).stripTrailingZeros().toPlainString())
          : null;
    }

    @Override
    void clear() {
      start = null;
    }

    // The start is wall-clock time, so a run resumed later counts the time it was stopped too.
    @Override
    void saveFields(ObjectNode state) {
      if (start != null) {
        state.put("start", start.toString());
      }
    }

    @Override
    Runnable prepareFields(ObjectNode state) {
      String text = State.optionalText(state, "start");
      Instant saved;
      try {
        saved = text == null ? null : Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw new StateException("start", "not an ISO-8601 instant: \"" + text + "\"", e);
      }
      return () -> start = saved;
    }

    @Override
    public String toString() {
      return "timeout(" + describe(limit) + ")";
    }
  }

  /** Short, readable durations for reasons: 30s, 5m, 1500ms. */
  private static String describe(Duration duration) {
    if (duration.getNano() % 1_000_000 != 0) {
      return duration.toString();
    }
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
