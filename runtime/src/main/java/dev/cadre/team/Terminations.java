package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.state.State;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;

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

  // The conditions themselves are in LimitConditions, MessageConditions and CompositeConditions,
  // on the common base of BuiltInCondition; ExternalTermination, a public type, stays here.

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

  static final String DEFAULT_STOP_WORD = "STOP";

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
    return new LimitConditions.MaxMessages(n, includeAgentEvents);
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
    return new MessageConditions.TextMention(text, sourceList("textMention", sources, false));
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
    return new MessageConditions.StopMessage(stopWord);
  }

  /**
   * Fires on the first {@link AgentMessage.Text} from one of {@code sources}, or from anyone when
   * none is given (AutoGen's {@code TextMessageTermination}). Other kinds of message (handoffs,
   * structured answers, tool call summaries) do not count. The task counts too: without sources, a
   * text task stops the run before anyone speaks.
   */
  public static TerminationCondition textMessage(String... sources) {
    return new MessageConditions.TextMessage(sourceList("textMessage", sources, false));
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
    return new LimitConditions.TokenUsage(maxTotal, maxInput, maxOutput);
  }

  /** Fires on an {@link AgentMessage.Handoff} to {@code target}. */
  public static TerminationCondition handoff(String target) {
    requireNonBlank(target, "handoff", "target");
    return new MessageConditions.HandoffTo(target);
  }

  /**
   * Fires at the first check once {@code duration} has passed since the first check after the reset
   * (a team checks with the task first, so the clock starts when the run starts).
   */
  public static TerminationCondition timeout(Duration duration) {
    return timeout(duration, Clock.systemUTC());
  }

  /**
   * {@link #timeout(Duration)} on {@code clock}: a test gives a clock it moves by hand (the test
   * kit's {@code TestClock}), so the run stops on time on every run, however slow the machine.
   */
  public static TerminationCondition timeout(Duration duration, Clock clock) {
    Objects.requireNonNull(duration, "timeout: duration must not be null");
    Objects.requireNonNull(clock, "timeout: clock must not be null");
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("timeout: duration must be positive, got " + duration);
    }
    return new LimitConditions.Timeout(duration, clock);
  }

  /**
   * A condition that code outside the team fires by calling {@link ExternalTermination#set()}.
   */
  public static ExternalTermination external() {
    return new ExternalTermination();
  }

  /** Fires on any message from one of {@code sources}. */
  public static TerminationCondition sourceMatch(String... sources) {
    return new MessageConditions.SourceMatch(sourceList("sourceMatch", sources, true));
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
    return new MessageConditions.FunctionCall(functionName);
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
    return new MessageConditions.When(description, predicate);
  }

  /**
   * Fires once every part has fired, each at some point since the reset (not necessarily at the
   * same check). The reason joins the parts' reasons with {@code ", "}, in the order they fired,
   * as AutoGen does.
   */
  public static TerminationCondition and(
      TerminationCondition first, TerminationCondition second, TerminationCondition... more) {
    return CompositeConditions.and(first, second, more);
  }

  /**
   * Fires as soon as any part fires, with that part's reason (the reasons of all parts that fire at
   * the same check, joined with {@code ", "}). Every part sees every check, so counters stay right.
   */
  public static TerminationCondition or(
      TerminationCondition first, TerminationCondition second, TerminationCondition... more) {
    return CompositeConditions.or(first, second, more);
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
      ObjectNode state = BuiltInCondition.document(this);
      BuiltInCondition.putFired(state, reason.get());
      return state;
    }

    @Override
    public void loadState(JsonNode state) {
      String fired = State.optionalText(BuiltInCondition.open(state, this), "fired");
      reason.set(fired);
    }

    @Override
    public String toString() {
      return "external()";
    }
  }

  /** Checks the arguments of a condition's check, as every built-in condition does. */
  static void requireInputs(List<AgentMessage> messages, List<AgentEvent> events) {
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
}
