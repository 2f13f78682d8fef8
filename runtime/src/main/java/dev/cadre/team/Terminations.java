package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.model.Usage;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.tool.ToolResult;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * The termination conditions a team can stop on, with the semantics of AutoGen's conditions.
 *
 * <p>Every condition is stateful and {@linkplain TerminationCondition#reset() reset} by the team
 * when a run stops (on a condition, its maximum of turns or the end of a graph), not when one
 * starts: a run that failed or was cancelled leaves the count where it was. Once a condition has
 * fired it stays fired: later checks return the same reason until the next reset (AutoGen raises
 * when a terminated condition is checked again; returning the reason is friendlier to a team that
 * checks once more on its way out). Every
 * condition's {@code toString()} describes it, e.g. {@code maxMessages(10) or
 * textMention("APPROVE")}, so errors can name it.
 *
 * <p>The reason a condition gives is AutoGen's text, word for word, so that a run's stop reason
 * reads as it would there; the {@code *_TEXT} constants hold them, as {@link String#format}
 * patterns where they carry values.
 */
public final class Terminations {

  /**
   * {@link #maxMessages}: the limit, then the count, e.g. {@code Maximum number of messages 6
   * reached, current message count: 6}.
   */
  public static final String MAX_MESSAGES_TEXT =
      "Maximum number of messages %d reached, current message count: %d";

  /** {@link #textMention}: the text, e.g. {@code Text 'APPROVE' mentioned}. */
  public static final String TEXT_MENTION_TEXT = "Text '%s' mentioned";

  /** {@link #stopMessage}. */
  public static final String STOP_MESSAGE_TEXT = "Stop message received";

  /** {@link #textMessage}: the source, e.g. {@code Text message received from 'writer'}. */
  public static final String TEXT_MESSAGE_TEXT = "Text message received from '%s'";

  /**
   * {@link #handoff}: the target, then the source, e.g. {@code Handoff to user from alice
   * detected.}.
   */
  public static final String HANDOFF_TEXT = "Handoff to %s from %s detected.";

  /** {@link #sourceMatch}: the source, e.g. {@code 'critic' answered}. */
  public static final String SOURCE_MATCH_TEXT = "'%s' answered";

  /** {@link #timeout}: the limit in seconds, e.g. {@code Timeout of 30 seconds reached}. */
  public static final String TIMEOUT_TEXT = "Timeout of %s seconds reached";

  /** {@link ExternalTermination#set()}. */
  public static final String EXTERNAL_TEXT = "External termination requested";

  /** {@link #tokenUsage}: the total, input (prompt) and output (completion) tokens used. */
  public static final String TOKEN_USAGE_TEXT =
      "Token usage limit reached, total token count: %d, prompt token count: %d, completion token"
          + " count: %d.";

  /** {@link #functionCall}: the function, e.g. {@code Function 'submit' was executed.}. */
  public static final String FUNCTION_CALL_TEXT = "Function '%s' was executed.";

  /** What joins the reasons of the parts of an {@link #and} or {@link #or} that fired. */
  public static final String PARTS_SEPARATOR = ", ";

  private static final String DEFAULT_STOP_WORD = "STOP";
  private static final String TERMINATION_KIND = "termination";

  private Terminations() {}

  /**
   * Fires once {@code n} chat messages have been seen since the reset, the task's messages
   * included.
   */
  public static TerminationCondition maxMessages(int n) {
    return maxMessages(n, false);
  }

  /**
   * Fires once {@code n} chat messages, and with {@code includeAgentEvents} the agents' inner
   * events too, have been seen since the reset (AutoGen's {@code include_agent_event}). The events
   * counted are those AutoGen keeps as a response's inner messages: {@link
   * AgentEvent.ToolCallsRequested}, {@link AgentEvent.ToolCallsExecuted} and {@link
   * AgentEvent.MemoryQueried}; usage, streamed text, questions to a person and approvals are not
   * counted.
   */
  public static TerminationCondition maxMessages(int n, boolean includeAgentEvents) {
    if (n <= 0) {
      throw new IllegalArgumentException("maxMessages: n must be at least 1, got " + n);
    }
    return new MaxMessages(n, includeAgentEvents);
  }

  /**
   * Fires on a message from any source whose {@link AgentMessage#content()} contains {@code text}.
   */
  public static TerminationCondition textMention(String text) {
    return textMention(text, new String[0]);
  }

  /**
   * Fires on a message from one of {@code sources} (any source when none is given) whose {@link
   * AgentMessage#content()} contains {@code text}.
   */
  public static TerminationCondition textMention(String text, String... sources) {
    requireNonBlank(text, "textMention", "text");
    return new TextMention(text, sourceList("textMention", sources, false));
  }

  /**
   * Fires on an {@link AgentMessage.Text} whose whole content, trimmed, is exactly {@code STOP}.
   *
   * <p>AutoGen has a dedicated stop-message type; Cadre has none, so a stop message is a plain text
   * message that says nothing but the stop word. Unlike {@link #textMention}, a message that merely
   * contains the word ("do not STOP yet") does not count, nor do structured answers or handoffs.
   */
  public static TerminationCondition stopMessage() {
    return stopMessage(DEFAULT_STOP_WORD);
  }

  /**
   * Fires on an {@link AgentMessage.Text} whose whole content, trimmed, is exactly {@code stopWord}
   * (case-sensitive). See {@link #stopMessage()}.
   */
  public static TerminationCondition stopMessage(String stopWord) {
    requireNonBlank(stopWord, "stopMessage", "stopWord");
    if (!stopWord.equals(stopWord.strip())) {
      throw new IllegalArgumentException(
          "stopMessage: stopWord \""
              + stopWord
              + "\" has leading or trailing whitespace; messages are trimmed before comparing, so"
              + " it could never match");
    }
    return new StopMessage(stopWord);
  }

  /**
   * Fires on the first {@link AgentMessage.Text} from one of {@code sources}, or from anyone when
   * none is given (AutoGen's {@code TextMessageTermination}). Other kinds of message (handoffs,
   * structured answers, tool call summaries) do not count. The task counts too: without sources, a
   * text task stops the run before anyone speaks.
   */
  public static TerminationCondition textMessage(String... sources) {
    return new TextMessage(sourceList("textMessage", sources, false));
  }

  /**
   * Fires once the total tokens of the model calls seen since the reset reach {@code maxTotal}. See
   * {@link #tokenUsage(Long, Long, Long)}.
   */
  public static TerminationCondition tokenUsage(long maxTotal) {
    return tokenUsage(Long.valueOf(maxTotal), null, null);
  }

  /**
   * Fires once the tokens of the model calls seen since the reset reach any of the limits; a null
   * limit is no limit, but at least one must be given.
   *
   * <p>Usage is summed from {@link AgentEvent.ModelUsage} events, one per model call. The {@link
   * AgentEvent.Answered} event repeats the turn's total and is not counted, so nothing is counted
   * twice.
   */
  public static TerminationCondition tokenUsage(Long maxTotal, Long maxInput, Long maxOutput) {
    if (maxTotal == null && maxInput == null && maxOutput == null) {
      throw new IllegalArgumentException(
          "tokenUsage: give at least one of maxTotal, maxInput, maxOutput (all were null)");
    }
    requirePositive(maxTotal, "maxTotal");
    requirePositive(maxInput, "maxInput");
    requirePositive(maxOutput, "maxOutput");
    return new TokenUsage(maxTotal, maxInput, maxOutput);
  }

  /** Fires on an {@link AgentMessage.Handoff} to {@code target}. */
  public static TerminationCondition handoff(String target) {
    requireNonBlank(target, "handoff", "target");
    return new HandoffTo(target);
  }

  /**
   * Fires at the first check once {@code duration} has passed since the first check after the reset
   * (a team checks with the task first, so the clock starts when the run starts).
   */
  public static TerminationCondition timeout(Duration duration) {
    return timeout(duration, Clock.systemUTC());
  }

  /** {@link #timeout(Duration)} on the given clock, so tests can move time by hand. */
  static TerminationCondition timeout(Duration duration, Clock clock) {
    Objects.requireNonNull(duration, "timeout: duration must not be null");
    Objects.requireNonNull(clock, "timeout: clock must not be null");
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("timeout: duration must be positive, got " + duration);
    }
    return new Timeout(duration, clock);
  }

  /**
   * A condition that code outside the team fires by calling {@link ExternalTermination#set()}.
   */
  public static ExternalTermination external() {
    return new ExternalTermination();
  }

  /** Fires on any message from one of {@code sources}. */
  public static TerminationCondition sourceMatch(String... sources) {
    return new SourceMatch(sourceList("sourceMatch", sources, true));
  }

  /**
   * Fires when an {@link AgentEvent.ToolCallsExecuted} holds a successful result of the tool {@code
   * functionName}.
   *
   * <p>Unlike AutoGen, a failed call does not count: its error goes back to the model, which gets
   * the chance to call the tool again correctly, so the run must go on.
   */
  public static TerminationCondition functionCall(String functionName) {
    requireNonBlank(functionName, "functionCall", "functionName");
    return new FunctionCall(functionName);
  }

  /**
   * Fires when {@code predicate} holds for what a check sees: the messages and events added since
   * the previous check. {@code description} says what it stands for; it is the reason given when
   * the condition fires (where AutoGen's {@code FunctionalTermination} always says "Functional
   * termination condition met") and appears in its {@code toString()}.
   */
  public static TerminationCondition when(
      String description, BiPredicate<List<AgentMessage>, List<AgentEvent>> predicate) {
    requireNonBlank(description, "when", "description");
    Objects.requireNonNull(predicate, "when: predicate must not be null");
    return new When(description, predicate);
  }

  /**
   * Fires once every part has fired, each at some point since the reset (not necessarily at the
   * same check). The reason joins the parts' reasons with {@code ", "}, in the order they fired,
   * as AutoGen does.
   */
  public static TerminationCondition and(
      TerminationCondition first, TerminationCondition second, TerminationCondition... more) {
    return new And(compositeParts("and", And.class, first, second, more));
  }

  /**
   * Fires as soon as any part fires, with that part's reason (the reasons of all parts that fire at
   * the same check, joined with {@code ", "}). Every part sees every check, so counters stay right.
   */
  public static TerminationCondition or(
      TerminationCondition first, TerminationCondition second, TerminationCondition... more) {
    return new Or(compositeParts("or", Or.class, first, second, more));
  }

  /**
   * A condition fired from outside the team, for example by a "stop" button or a supervisor on
   * another thread. {@link #set()} may be called from any thread at any time; the run stops at its
   * next check. Set between runs, it stops the next run at its first check (the task, or the first
   * turn of a run that continues); the team resets it when a run stops on it.
   */
  public static final class ExternalTermination implements TerminationCondition {

    private final AtomicReference<String> reason = new AtomicReference<>();

    private ExternalTermination() {}

    /** Asks the run to stop at its next check, for {@link #EXTERNAL_TEXT}. */
    public void set() {
      set(EXTERNAL_TEXT);
    }

    /** Asks the run to stop at its next check, for {@code reason}. The first reason set wins. */
    public void set(String reason) {
      requireNonBlank(reason, "external", "reason");
      this.reason.compareAndSet(null, reason);
    }

    @Override
    public Optional<String> check(List<AgentMessage> messages, List<AgentEvent> events) {
      requireInputs(messages, events);
      return Optional.ofNullable(reason.get());
    }

    @Override
    public void reset() {
      reason.set(null);
    }

    @Override
    public JsonNode saveState() {
      ObjectNode state = document(this);
      putFired(state, reason.get());
      return state;
    }

    @Override
    public void loadState(JsonNode state) {
      String fired = State.optionalText(open(state, this), "fired");
      reason.set(fired);
    }

    @Override
    public String toString() {
      return "external()";
    }
  }

  /**
   * The common shape of the built-in conditions: remembers the reason once fired and keeps
   * returning it until reset. Synchronized because a team may check and reset from different
   * threads between runs.
   */
  private abstract static class Stateful implements TerminationCondition {

    private String fired;

    @Override
    public final synchronized Optional<String> check(
        List<AgentMessage> messages, List<AgentEvent> events) {
      requireInputs(messages, events);
      if (fired == null) {
        fired = evaluate(messages, events);
      }
      return Optional.ofNullable(fired);
    }

    @Override
    public final synchronized void reset() {
      fired = null;
      clear();
    }

    @Override
    public final synchronized boolean terminated() {
      return fired != null;
    }

    /** Returns the reason to stop, or null to go on. Runs only while not yet fired. */
    abstract String evaluate(List<AgentMessage> messages, List<AgentEvent> events);

    /** Forgets the run's state beyond the fired reason. */
    void clear() {}

    @Override
    public final synchronized JsonNode saveState() {
      ObjectNode state = document(this);
      putFired(state, fired);
      saveFields(state);
      return state;
    }

    @Override
    public final void loadState(JsonNode state) {
      prepare(state).run();
    }

    /**
     * Checks {@code state} through and returns what loads it, so a composite can check all its
     * parts before it changes any.
     */
    final Runnable prepare(JsonNode state) {
      ObjectNode document = open(state, this);
      String reason = State.optionalText(document, "fired");
      Runnable fields = prepareFields(document);
      return () -> {
        synchronized (this) {
          fired = reason;
          fields.run();
        }
      };
    }

    /** Adds the run's state beyond the fired reason. */
    void saveFields(ObjectNode state) {}

    /** Checks the fields {@link #saveFields} wrote and returns what loads them. */
    Runnable prepareFields(ObjectNode state) {
      return () -> {};
    }
  }

  private static ObjectNode document(TerminationCondition condition) {
    ObjectNode state = State.document(TERMINATION_KIND);
    // The description identifies the condition, so state loads only into an equal one.
    state.put("condition", condition.toString());
    return state;
  }

  private static void putFired(ObjectNode state, String fired) {
    if (fired != null) {
      state.put("fired", fired);
    }
  }

  private static ObjectNode open(JsonNode state, TerminationCondition into) {
    ObjectNode document = State.open(state, TERMINATION_KIND);
    String condition = State.text(document, "condition");
    if (!condition.equals(into.toString())) {
      throw new StateException(
          "condition",
          "the state is of the condition "
              + condition
              + " and cannot be loaded into "
              + into
              + "; load it into a team whose termination condition is the same");
    }
    return document;
  }

  private static final class MaxMessages extends Stateful {
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
      return count >= max ? String.format(MAX_MESSAGES_TEXT, max, count) : null;
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

  private static final class TextMention extends Stateful {
    private final String text;
    private final List<String> sources;

    TextMention(String text, List<String> sources) {
      this.text = text;
      this.sources = sources;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (AgentMessage message : messages) {
        if ((sources.isEmpty() || sources.contains(message.source()))
            && message.content().contains(text)) {
          return String.format(TEXT_MENTION_TEXT, text);
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return sources.isEmpty()
          ? "textMention(" + quote(text) + ")"
          : "textMention(" + quote(text) + ", " + quoteAll(sources) + ")";
    }
  }

  private static final class StopMessage extends Stateful {
    private final String stopWord;

    StopMessage(String stopWord) {
      this.stopWord = stopWord;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (AgentMessage message : messages) {
        if (message instanceof AgentMessage.Text && message.content().strip().equals(stopWord)) {
          return STOP_MESSAGE_TEXT;
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return DEFAULT_STOP_WORD.equals(stopWord)
          ? "stopMessage()"
          : "stopMessage(" + quote(stopWord) + ")";
    }
  }

  private static final class TokenUsage extends Stateful {
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
              TOKEN_USAGE_TEXT, used.totalTokens(), used.inputTokens(), used.outputTokens())
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

  private static final class HandoffTo extends Stateful {
    private final String target;

    HandoffTo(String target) {
      this.target = target;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (AgentMessage message : messages) {
        if (message instanceof AgentMessage.Handoff
            && ((AgentMessage.Handoff) message).target().equals(target)) {
          return String.format(HANDOFF_TEXT, target, message.source());
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return "handoff(" + quote(target) + ")";
    }
  }

  private static final class Timeout extends Stateful {
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
          ? String.format(TIMEOUT_TEXT, new BigDecimal(limit.toNanos()).movePointLeft(9)
              .stripTrailingZeros().toPlainString())
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

  private static final class TextMessage extends Stateful {
    private final List<String> sources;

    TextMessage(List<String> sources) {
      this.sources = sources;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (AgentMessage message : messages) {
        if (message instanceof AgentMessage.Text
            && (sources.isEmpty() || sources.contains(message.source()))) {
          return String.format(TEXT_MESSAGE_TEXT, message.source());
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return "textMessage(" + quoteAll(sources) + ")";
    }
  }

  private static final class SourceMatch extends Stateful {
    private final List<String> sources;

    SourceMatch(List<String> sources) {
      this.sources = sources;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (AgentMessage message : messages) {
        if (sources.contains(message.source())) {
          return String.format(SOURCE_MATCH_TEXT, message.source());
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return "sourceMatch(" + quoteAll(sources) + ")";
    }
  }

  private static final class FunctionCall extends Stateful {
    private final String functionName;

    FunctionCall(String functionName) {
      this.functionName = functionName;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (AgentEvent event : events) {
        if (event instanceof AgentEvent.ToolCallsExecuted) {
          for (ToolResult result : ((AgentEvent.ToolCallsExecuted) event).results()) {
            if (!result.error() && result.name().equals(functionName)) {
              return String.format(FUNCTION_CALL_TEXT, functionName);
            }
          }
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return "functionCall(" + quote(functionName) + ")";
    }
  }

  private static final class When extends Stateful {
    private final String description;
    private final BiPredicate<List<AgentMessage>, List<AgentEvent>> predicate;

    When(String description, BiPredicate<List<AgentMessage>, List<AgentEvent>> predicate) {
      this.description = description;
      this.predicate = predicate;
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      boolean holds;
      try {
        holds = predicate.test(messages, events);
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "termination condition " + this + " threw " + e + "; fix its predicate", e);
      }
      return holds ? description : null;
    }

    @Override
    public String toString() {
      return "when(" + quote(description) + ")";
    }
  }

  /** An {@code and} or {@code or} of parts; lets composition flatten and find shared parts. */
  private abstract static class Composite extends Stateful {
    final List<TerminationCondition> parts;

    Composite(List<TerminationCondition> parts) {
      this.parts = parts;
    }

    abstract String operator();

    @Override
    void clear() {
      for (TerminationCondition part : parts) {
        part.reset();
      }
    }

    @Override
    void saveFields(ObjectNode state) {
      ArrayNode saved = state.putArray("parts");
      for (TerminationCondition part : parts) {
        saved.add(part.saveState());
      }
    }

    @Override
    Runnable prepareFields(ObjectNode state) {
      JsonNode saved = state.get("parts");
      if (saved == null || !saved.isArray() || saved.size() != parts.size()) {
        throw new StateException(
            "parts",
            (saved == null ? "missing" : saved.isArray() ? saved.size() + " parts" : "not a list")
                + "; expected the states of the "
                + parts.size()
                + " parts of "
                + this);
      }
      List<Runnable> builtIn = new ArrayList<>();
      List<Integer> custom = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        TerminationCondition part = parts.get(i);
        if (part instanceof Stateful stateful) {
          try {
            builtIn.add(stateful.prepare(saved.get(i)));
          } catch (StateException e) {
            throw e.within("parts[" + i + "]");
          }
        } else {
          custom.add(i);
        }
      }
      return () -> {
        // A part written by hand cannot be checked without loading it: load those first and put
        // them back if one refuses, so the built-in parts change only once all have loaded.
        List<JsonNode> before = new ArrayList<>();
        for (int i : custom) {
          before.add(parts.get(i).saveState());
        }
        for (int k = 0; k < custom.size(); k++) {
          int i = custom.get(k);
          try {
            parts.get(i).loadState(saved.get(i));
          } catch (RuntimeException e) {
            for (int j = 0; j < k; j++) {
              parts.get(custom.get(j)).loadState(before.get(j));
            }
            throw e instanceof StateException problem ? problem.within("parts[" + i + "]") : e;
          }
        }
        builtIn.forEach(Runnable::run);
      };
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder();
      for (TerminationCondition part : parts) {
        if (text.length() > 0) {
          text.append(' ').append(operator()).append(' ');
        }
        // Parts of the same kind were flattened, so a composite part is the other kind: bracket
        // it, since "a and b or c" would be ambiguous to a reader.
        boolean bracket = part instanceof Composite;
        text.append(bracket ? "(" : "").append(part).append(bracket ? ")" : "");
      }
      return text.toString();
    }
  }

  private static final class And extends Composite {
    private final String[] reasons;
    // The parts in the order they fired, which is the order AutoGen gives their reasons in.
    private final List<Integer> order = new ArrayList<>();

    And(List<TerminationCondition> parts) {
      super(parts);
      this.reasons = new String[parts.size()];
    }

    @Override
    String operator() {
      return "and";
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      for (int i = 0; i < parts.size(); i++) {
        // A part that fired is not asked again: user-written parts need not stay fired.
        if (reasons[i] == null) {
          reasons[i] = parts.get(i).check(messages, events).orElse(null);
          if (reasons[i] != null) {
            order.add(i);
          }
        }
      }
      if (order.size() < parts.size()) {
        return null;
      }
      List<String> fired = new ArrayList<>();
      order.forEach(i -> fired.add(reasons[i]));
      return String.join(PARTS_SEPARATOR, fired);
    }

    @Override
    void clear() {
      super.clear();
      Arrays.fill(reasons, null);
      order.clear();
    }

    @Override
    void saveFields(ObjectNode state) {
      super.saveFields(state);
      ArrayNode fired = state.putArray("partsFired");
      for (String reason : reasons) {
        if (reason == null) {
          fired.addNull();
        } else {
          fired.add(reason);
        }
      }
      ArrayNode firedOrder = state.putArray("firedOrder");
      order.forEach(firedOrder::add);
    }

    @Override
    Runnable prepareFields(ObjectNode state) {
      JsonNode fired = state.get("partsFired");
      if (fired == null || !fired.isArray() || fired.size() != reasons.length) {
        throw new StateException(
            "partsFired",
            "expected a list of " + reasons.length + " reasons (null for a part not yet fired)");
      }
      String[] saved = new String[reasons.length];
      for (int i = 0; i < saved.length; i++) {
        JsonNode reason = fired.get(i);
        if (!reason.isNull() && !reason.isTextual()) {
          throw new StateException("partsFired[" + i + "]", "not text or null: " + reason);
        }
        saved[i] = reason.isNull() ? null : reason.textValue();
      }
      List<Integer> savedOrder = firedOrder(state.get("firedOrder"), saved);
      Runnable parts = super.prepareFields(state);
      return () -> {
        parts.run();
        System.arraycopy(saved, 0, reasons, 0, saved.length);
        order.clear();
        order.addAll(savedOrder);
      };
    }

    /**
     * The order the fired parts fired in: as saved, each fired part exactly once; a document
     * without it (written before the order was kept) gives the parts' order.
     */
    private static List<Integer> firedOrder(JsonNode saved, String[] reasons) {
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < reasons.length; i++) {
        if (reasons[i] != null) {
          expected.add(i);
        }
      }
      if (saved == null) {
        return expected;
      }
      List<Integer> order = new ArrayList<>();
      if (saved.isArray()) {
        for (JsonNode index : saved) {
          order.add(index.isIntegralNumber() && index.canConvertToInt() ? index.intValue() : -1);
        }
      }
      if (!saved.isArray() || !order.stream().sorted().toList().equals(expected)) {
        throw new StateException(
            "firedOrder",
            "expected the indexes of the fired parts " + expected + " in the order they fired, was "
                + saved);
      }
      return order;
    }
  }

  private static final class Or extends Composite {
    Or(List<TerminationCondition> parts) {
      super(parts);
    }

    @Override
    String operator() {
      return "or";
    }

    @Override
    String evaluate(List<AgentMessage> messages, List<AgentEvent> events) {
      List<String> reasons = new ArrayList<>();
      for (TerminationCondition part : parts) {
        part.check(messages, events).ifPresent(reasons::add);
      }
      return reasons.isEmpty() ? null : String.join(PARTS_SEPARATOR, reasons);
    }
  }

  private static List<TerminationCondition> compositeParts(
      String operator,
      Class<? extends Composite> kind,
      TerminationCondition first,
      TerminationCondition second,
      TerminationCondition... more) {
    Objects.requireNonNull(more, operator + ": the array of further conditions must not be null");
    List<TerminationCondition> given = new ArrayList<>(2 + more.length);
    given.add(first);
    given.add(second);
    Collections.addAll(given, more);
    List<TerminationCondition> parts = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      TerminationCondition part = given.get(i);
      if (part == null) {
        throw new NullPointerException(operator + ": condition #" + (i + 1) + " is null");
      }
      // Same-kind composites are flattened so toString reads "a and b and c"; the meaning is the
      // same because both kinds are associative and fired parts stay fired.
      if (kind.isInstance(part)) {
        parts.addAll(((Composite) part).parts);
      } else {
        parts.add(part);
      }
    }
    Set<TerminationCondition> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (TerminationCondition part : parts) {
      requireUnshared(operator, part, seen);
    }
    return List.copyOf(parts);
  }

  /**
   * A condition used twice in one composite would see every message twice (a count doubles), so
   * each instance may appear only once.
   */
  private static void requireUnshared(
      String operator, TerminationCondition part, Set<TerminationCondition> seen) {
    if (!seen.add(part)) {
      throw new IllegalArgumentException(
          operator
              + ": the condition "
              + part
              + " appears more than once; it would see every message twice. Create a separate"
              + " instance for each use");
    }
    if (part instanceof Composite) {
      for (TerminationCondition inner : ((Composite) part).parts) {
        requireUnshared(operator, inner, seen);
      }
    }
  }

  private static void requireInputs(List<AgentMessage> messages, List<AgentEvent> events) {
    Objects.requireNonNull(messages, "check: messages must not be null (pass an empty list)");
    Objects.requireNonNull(events, "check: events must not be null (pass an empty list)");
  }

  private static void requireNonBlank(String value, String factory, String parameter) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          factory + ": " + parameter + " must not be " + (value == null ? "null" : "blank"));
    }
  }

  private static void requirePositive(Long limit, String parameter) {
    if (limit != null && limit <= 0) {
      throw new IllegalArgumentException(
          "tokenUsage: " + parameter + " must be positive (or null for no limit), got " + limit);
    }
  }

  private static List<String> sourceList(String factory, String[] sources, boolean required) {
    Objects.requireNonNull(sources, factory + ": sources must not be null");
    if (required && sources.length == 0) {
      throw new IllegalArgumentException(factory + ": give at least one source");
    }
    for (String source : sources) {
      requireNonBlank(source, factory, "each source");
    }
    return List.of(sources);
  }

  private static String quote(String text) {
    return '"' + text + '"';
  }

  private static String quoteAll(List<String> values) {
    return values.stream().map(Terminations::quote).collect(Collectors.joining(", "));
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
