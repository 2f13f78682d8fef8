package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.model.Usage;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The single conditions: each fires exactly when it should, says why, and resets. */
@Timeout(30)
class TerminationsTest {

  static final List<AgentMessage> NO_MESSAGES = List.of();
  static final List<AgentEvent> NO_EVENTS = List.of();

  static AgentMessage text(String source, String content) {
    return new AgentMessage.Text(source, content);
  }

  static Optional<String> say(TerminationCondition condition, AgentMessage... messages) {
    return condition.check(List.of(messages), NO_EVENTS);
  }

  static Optional<String> events(TerminationCondition condition, AgentEvent... events) {
    return condition.check(NO_MESSAGES, List.of(events));
  }

  static AgentEvent usage(String source, long input, long output) {
    return new AgentEvent.ModelUsage(source, "test-model", new Usage(input, output));
  }

  static AgentEvent executed(String source, ToolResult... results) {
    return new AgentEvent.ToolCallsExecuted(source, List.of(results));
  }

  static ToolResult ok(String tool) {
    return new ToolResult("call-" + tool, tool, "done", false);
  }

  static ToolResult failed(String tool) {
    return new ToolResult("call-" + tool, tool, "bad arguments", true);
  }

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @Nested
  class MaxMessages {

    /** One run: task, then two answers; the third message is the limit. */
    private void run(TerminationCondition condition) {
      assertThat(say(condition, AgentMessage.user("write a poem"))).isEmpty();
      assertThat(say(condition, text("writer", "roses are red"))).isEmpty();
      assertThat(condition.check(NO_MESSAGES, List.of(usage("writer", 5, 5)))).isEmpty();
      assertThat(say(condition, text("critic", "more")))
          .contains("Maximum number of messages 3 reached, current message count: 3");
    }

    @Test
    void countsTheTaskAndFiresWhenTheCountReachesTheLimit() {
      run(Terminations.maxMessages(3));
    }

    @Test
    void resetMakesItReusableForASecondRun() {
      TerminationCondition condition = Terminations.maxMessages(3);
      run(condition);
      condition.reset();
      run(condition);
    }

    @Test
    void firesWhenOneCheckOvershootsTheLimit() {
      TerminationCondition condition = Terminations.maxMessages(2);
      assertThat(say(condition, text("user", "a"), text("x", "b"), text("y", "c")))
          .contains("Maximum number of messages 2 reached, current message count: 3");
    }

    @Test
    void staysFiredUntilReset() {
      TerminationCondition condition = Terminations.maxMessages(1);
      String reached = "Maximum number of messages 1 reached, current message count: 1";
      assertThat(say(condition, text("user", "go"))).contains(reached);
      assertThat(say(condition)).contains(reached);
      condition.reset();
      assertThat(say(condition)).isEmpty();
    }

    @Test
    void rejectsNonPositiveLimits() {
      assertThatThrownBy(() -> Terminations.maxMessages(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxMessages: n must be at least 1, got 0");
      assertThatThrownBy(() -> Terminations.maxMessages(-4))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("got -4");
    }

    @Test
    void describesItself() {
      assertThat(Terminations.maxMessages(10)).hasToString("maxMessages(10)");
      assertThat(Terminations.maxMessages(4, true))
          .hasToString("maxMessages(4, includeAgentEvents)");
      assertThat(Terminations.maxMessages(4, false)).hasToString("maxMessages(4)");
    }

    @Test // AutoGen test_max_message_termination, include_agent_event
    void withAgentEventsTheInnerMessagesOfATurnCountToo() {
      ToolCall call = new ToolCall("c1", "pass", "{}");
      AgentEvent requested = new AgentEvent.ToolCallsRequested("agent", List.of(call));
      AgentEvent executed = executed("agent", ok("pass"));
      AgentEvent input = new AgentEvent.InputRequested("client", "q1", "Your answer:");
      TerminationCondition counting = Terminations.maxMessages(4, true);
      TerminationCondition plain = Terminations.maxMessages(4);
      for (TerminationCondition condition : List.of(counting, plain)) {
        assertThat(say(condition, AgentMessage.user("T"))).isEmpty();
      }
      List<AgentEvent> turn = List.of(requested, usage("agent", 5, 5), executed, input);
      List<AgentMessage> answer = List.of(text("agent", "pass"));

      // The request, the execution and the answer: 4 with the task. Usage and a question to a
      // person are not inner messages.
      assertThat(counting.check(answer, turn))
          .contains("Maximum number of messages 4 reached, current message count: 4");
      assertThat(plain.check(answer, turn)).isEmpty();
      AgentEvent memory = new AgentEvent.MemoryQueried("agent", "notes", List.of());
      TerminationCondition memories = Terminations.maxMessages(1, true);
      assertThat(memories.check(NO_MESSAGES, List.of(memory))).isPresent();
    }
  }

  @Nested
  class TextMention {

    @Test
    void firesOnAMessageContainingTheTextAndNamesTextAndSource() {
      TerminationCondition condition = Terminations.textMention("APPROVE");
      assertThat(say(condition, AgentMessage.user("review this"))).isEmpty();
      assertThat(say(condition, text("critic", "I do not approve yet"))).isEmpty();
      assertThat(say(condition, text("writer", "fixed"), text("critic", "Looks good. APPROVE.")))
          .contains("Text 'APPROVE' mentioned");
    }

    @Test
    void looksAtTheContentOfEveryKindOfMessage() {
      TerminationCondition condition = Terminations.textMention("done");
      AgentMessage structured =
          new AgentMessage.Structured("planner", JsonNodeFactory.instance.textNode("all done"));
      assertThat(say(condition, structured)).contains("Text 'done' mentioned");
    }

    @Test
    void ignoresStreamedEvents() {
      TerminationCondition condition = Terminations.textMention("APPROVE");
      assertThat(events(condition, new AgentEvent.TextChunk("critic", "APPROVE"))).isEmpty();
    }

    @Test
    void withSourcesOnlyThoseSourcesCount() {
      TerminationCondition condition = Terminations.textMention("APPROVE", "critic", "lead");
      assertThat(say(condition, AgentMessage.user("say APPROVE when happy"))).isEmpty();
      assertThat(say(condition, text("writer", "please APPROVE"))).isEmpty();
      assertThat(say(condition, text("lead", "APPROVE")))
          .contains("Text 'APPROVE' mentioned");
    }

    @Test
    void resetMakesItReusable() {
      TerminationCondition condition = Terminations.textMention("APPROVE");
      for (int run = 0; run < 2; run++) {
        condition.reset();
        assertThat(say(condition, text("user", "task"))).isEmpty();
        assertThat(say(condition, text("critic", "APPROVE"))).isPresent();
      }
    }

    @Test
    void validatesArguments() {
      assertThatThrownBy(() -> Terminations.textMention(" "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("textMention: text must not be blank");
      assertThatThrownBy(() -> Terminations.textMention(null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("textMention: text must not be null");
      assertThatThrownBy(() -> Terminations.textMention("x", "critic", ""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("textMention: each source must not be blank");
    }

    @Test
    void describesItself() {
      assertThat(Terminations.textMention("APPROVE")).hasToString("textMention(\"APPROVE\")");
      assertThat(Terminations.textMention("OK", "a", "b"))
          .hasToString("textMention(\"OK\", \"a\", \"b\")");
    }
  }

  @Nested
  class StopMessage {

    @Test
    void firesOnlyOnATextMessageThatIsExactlyTheStopWord() {
      TerminationCondition condition = Terminations.stopMessage();
      assertThat(say(condition, AgentMessage.user("go on until I say STOP"))).isEmpty();
      assertThat(say(condition, text("critic", "stop"))).isEmpty();
      assertThat(say(condition, text("critic", "STOP."))).isEmpty();
      assertThat(say(condition, new AgentMessage.Handoff("critic", "writer", "STOP", null)))
          .isEmpty();
      assertThat(say(condition, text("critic", "  STOP\n")))
          .contains("Stop message received");
    }

    @Test
    void takesAnotherStopWord() {
      TerminationCondition condition = Terminations.stopMessage("TERMINATE");
      assertThat(say(condition, text("a", "STOP"))).isEmpty();
      assertThat(say(condition, text("a", "TERMINATE")))
          .contains(Terminations.STOP_MESSAGE_TEXT);
      assertThat(condition).hasToString("stopMessage(\"TERMINATE\")");
      assertThat(Terminations.stopMessage()).hasToString("stopMessage()");
    }

    @Test
    void resetMakesItReusable() {
      TerminationCondition condition = Terminations.stopMessage();
      assertThat(say(condition, text("a", "STOP"))).isPresent();
      condition.reset();
      assertThat(say(condition, text("a", "go"))).isEmpty();
      assertThat(say(condition, text("a", "STOP"))).isPresent();
    }

    @Test
    void rejectsAStopWordThatCouldNeverMatch() {
      assertThatThrownBy(() -> Terminations.stopMessage(""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("stopMessage: stopWord must not be blank");
      assertThatThrownBy(() -> Terminations.stopMessage(" END"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("leading or trailing whitespace");
    }
  }

  @Nested
  class TextMessage {

    @Test // AutoGen test_text_message_termination
    void firesOnTheFirstTextMessageFromAnySource() {
      TerminationCondition condition = Terminations.textMessage();
      assertThat(say(condition, new AgentMessage.Handoff("user", "a", "Hello", List.of())))
          .isEmpty();
      AgentMessage structured =
          new AgentMessage.Structured("a", JsonNodeFactory.instance.textNode("x"));
      assertThat(say(condition, structured)).isEmpty();
      assertThat(say(condition, AgentMessage.user("Hello")))
          .contains("Text message received from 'user'");
      // Fired: it stays fired until reset, where AutoGen would raise.
      assertThat(say(condition, text("a", "more"))).contains("Text message received from 'user'");
      condition.reset();
      assertThat(say(condition)).isEmpty();
      assertThat(condition).hasToString("textMessage()");
    }

    @Test
    void withSourcesOnlyTheirTextsCount() {
      TerminationCondition condition = Terminations.textMessage("agent", "writer");
      assertThat(say(condition, AgentMessage.user("Hello"))).isEmpty();
      assertThat(say(condition, new AgentMessage.Handoff("agent", "b", "over", List.of())))
          .isEmpty();
      assertThat(say(condition, text("critic", "no"), text("writer", "draft")))
          .contains(String.format(Terminations.TEXT_MESSAGE_TEXT, "writer"));
      assertThat(condition).hasToString("textMessage(\"agent\", \"writer\")");
      assertThatThrownBy(() -> Terminations.textMessage("a", " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("textMessage: each source must not be blank");
    }
  }

  @Nested
  class TokenUsage {

    @Test
    void sumsModelUsageAcrossEventsAndChecks() {
      TerminationCondition condition = Terminations.tokenUsage(100);
      assertThat(say(condition, AgentMessage.user("task"))).isEmpty();
      assertThat(events(condition, usage("a", 30, 20), usage("b", 25, 24))).isEmpty(); // 99
      assertThat(events(condition, usage("a", 1, 0)))
          .contains(
              "Token usage limit reached, total token count: 100, prompt token count: 56,"
                  + " completion token count: 44.");
    }

    @Test
    void doesNotCountTheTurnTotalOfAnsweredEventsAgain() {
      TerminationCondition condition = Terminations.tokenUsage(100);
      AgentEvent answered = new AgentEvent.Answered("a", text("a", "hi"), new Usage(60, 30));
      assertThat(events(condition, usage("a", 60, 30), answered)).isEmpty();
      assertThat(events(condition, usage("a", 5, 5))).isPresent();
    }

    @Test
    void firesOnWhicheverSeparateLimitIsReached() {
      TerminationCondition input = Terminations.tokenUsage(null, 50L, null);
      assertThat(events(input, usage("a", 10, 500))).isEmpty();
      assertThat(events(input, usage("a", 40, 0)))
          .contains(String.format(Terminations.TOKEN_USAGE_TEXT, 550, 50, 500));

      TerminationCondition output = Terminations.tokenUsage(1000L, 500L, 20L);
      assertThat(events(output, usage("a", 100, 19))).isEmpty();
      assertThat(events(output, usage("a", 0, 2)))
          .contains(String.format(Terminations.TOKEN_USAGE_TEXT, 121, 100, 21));
    }

    @Test
    void resetStartsTheSumAgain() {
      TerminationCondition condition = Terminations.tokenUsage(10);
      assertThat(events(condition, usage("a", 5, 5))).isPresent();
      condition.reset();
      assertThat(events(condition, usage("a", 5, 4))).isEmpty();
      assertThat(events(condition, usage("a", 0, 1))).isPresent();
    }

    @Test
    void validatesLimits() {
      assertThatThrownBy(() -> Terminations.tokenUsage(null, null, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least one of maxTotal, maxInput, maxOutput");
      assertThatThrownBy(() -> Terminations.tokenUsage(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxTotal must be positive");
      assertThatThrownBy(() -> Terminations.tokenUsage(null, null, -1L))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("maxOutput must be positive");
    }

    @Test
    void describesItself() {
      assertThat(Terminations.tokenUsage(5000)).hasToString("tokenUsage(5000)");
      assertThat(Terminations.tokenUsage(null, 100L, null))
          .hasToString("tokenUsage(total=none, input=100, output=none)");
    }
  }

  @Nested
  class Handoff {

    @Test
    void firesOnAHandoffToTheTarget() {
      TerminationCondition condition = Terminations.handoff("user");
      assertThat(say(condition, text("triage", "ask the user"))).isEmpty();
      assertThat(say(condition, new AgentMessage.Handoff("triage", "billing", "over", null)))
          .isEmpty();
      assertThat(say(condition, new AgentMessage.Handoff("billing", "user", "need input", null)))
          .contains("Handoff to user from billing detected.");
      assertThat(condition).hasToString("handoff(\"user\")");
    }

    @Test
    void resetMakesItReusable() {
      TerminationCondition condition = Terminations.handoff("user");
      AgentMessage toUser = new AgentMessage.Handoff("a", "user", "", null);
      assertThat(say(condition, toUser)).isPresent();
      condition.reset();
      assertThat(say(condition, text("a", "x"))).isEmpty();
      assertThat(say(condition, toUser)).isPresent();
    }

    @Test
    void rejectsABlankTarget() {
      assertThatThrownBy(() -> Terminations.handoff(""))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("handoff: target must not be blank");
    }
  }

  @Nested
  class TimeoutCondition {

    private final ManualClock clock = new ManualClock();

    @Test
    void clockStartsAtTheFirstCheckAndFiresOnceTheDurationHasPassed() {
      TerminationCondition condition = Terminations.timeout(Duration.ofSeconds(30), clock);
      clock.advance(Duration.ofHours(1)); // built long before the run: does not count
      assertThat(say(condition, AgentMessage.user("task"))).isEmpty();
      clock.advance(Duration.ofSeconds(29));
      assertThat(say(condition, text("a", "x"))).isEmpty();
      clock.advance(Duration.ofSeconds(1));
      assertThat(say(condition, text("a", "y"))).contains("Timeout of 30 seconds reached");
    }

    @Test
    void resetRestartsTheClock() {
      TerminationCondition condition = Terminations.timeout(Duration.ofMinutes(5), clock);
      assertThat(say(condition)).isEmpty();
      clock.advance(Duration.ofMinutes(6));
      assertThat(say(condition)).contains("Timeout of 300 seconds reached");
      condition.reset();
      assertThat(say(condition)).isEmpty();
      clock.advance(Duration.ofMinutes(4));
      assertThat(say(condition)).isEmpty();
      clock.advance(Duration.ofMinutes(1));
      assertThat(say(condition)).isPresent();
    }

    @Test
    void validatesTheDuration() {
      assertThatThrownBy(() -> Terminations.timeout(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("timeout: duration must be positive, got PT0S");
      assertThatThrownBy(() -> Terminations.timeout(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Terminations.timeout(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("duration");
    }

    @Test
    void describesItself() {
      assertThat(Terminations.timeout(Duration.ofMillis(1500))).hasToString("timeout(1500ms)");
      ManualClock clock = new ManualClock();
      TerminationCondition fraction = Terminations.timeout(Duration.ofMillis(1500), clock);
      assertThat(say(fraction)).isEmpty();
      clock.advance(Duration.ofSeconds(2));
      assertThat(say(fraction)).contains("Timeout of 1.5 seconds reached");
      assertThat(Terminations.timeout(Duration.ofHours(2))).hasToString("timeout(2h)");
    }
  }

  @Nested
  class External {

    @Test
    void setFromAnotherThreadFiresAtTheNextCheck() throws Exception {
      Terminations.ExternalTermination stop = Terminations.external();
      assertThat(say(stop, AgentMessage.user("task"))).isEmpty();
      Thread setter = new Thread(stop::set);
      setter.start();
      setter.join();
      assertThat(say(stop)).contains("External termination requested");
      assertThat(say(stop)).contains("External termination requested");
    }

    @Test
    void setWhileTheTeamIsCheckingIsSeenByALaterCheck() throws Exception {
      Terminations.ExternalTermination stop = Terminations.external();
      CountDownLatch checking = new CountDownLatch(1);
      CountDownLatch wasSet = new CountDownLatch(1);
      Thread setter =
          new Thread(
              () -> {
                try {
                  checking.await();
                  stop.set("user pressed stop");
                  wasSet.countDown();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      setter.start();
      assertThat(say(stop, text("a", "working"))).isEmpty();
      checking.countDown();
      assertThat(wasSet.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(say(stop, text("a", "still working"))).contains("user pressed stop");
      setter.join();
    }

    @Test
    void firstReasonWinsAndResetClearsIt() {
      Terminations.ExternalTermination stop = Terminations.external();
      stop.set("first");
      stop.set("second");
      assertThat(say(stop)).contains("first");
      stop.reset();
      assertThat(say(stop)).isEmpty();
      stop.set();
      assertThat(say(stop)).contains("External termination requested");
    }

    @Test
    void rejectsABlankReasonAndDescribesItself() {
      Terminations.ExternalTermination stop = Terminations.external();
      assertThatThrownBy(() -> stop.set(" "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("external: reason must not be blank");
      assertThat(stop).hasToString("external()");
    }
  }

  @Nested
  class SourceMatch {

    @Test
    void firesOnAnyMessageFromAListedSource() {
      TerminationCondition condition = Terminations.sourceMatch("critic", "lead");
      assertThat(say(condition, AgentMessage.user("task"), text("writer", "draft"))).isEmpty();
      assertThat(say(condition, text("critic", "hmm"))).contains("'critic' answered");
      condition.reset();
      assertThat(say(condition, text("writer", "draft 2"))).isEmpty();
      assertThat(say(condition, text("lead", "ok"))).contains("'lead' answered");
    }

    @Test
    void needsAtLeastOneSource() {
      assertThatThrownBy(Terminations::sourceMatch)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("sourceMatch: give at least one source");
      assertThat(Terminations.sourceMatch("a", "b")).hasToString("sourceMatch(\"a\", \"b\")");
    }
  }

  @Nested
  class FunctionCall {

    @Test
    void firesWhenTheToolHasBeenExecutedSuccessfully() {
      TerminationCondition condition = Terminations.functionCall("submit");
      ToolCall call = new ToolCall("c1", "submit", "{}");
      assertThat(events(condition, new AgentEvent.ToolCallsRequested("a", List.of(call))))
          .as("asked for, not yet run")
          .isEmpty();
      assertThat(events(condition, executed("a", ok("search"), failed("submit"))))
          .as("failed calls go back to the model to retry")
          .isEmpty();
      assertThat(events(condition, executed("b", ok("search"), ok("submit"))))
          .contains("Function 'submit' was executed.");
    }

    @Test
    void ignoresMessagesThatMerelyMentionTheTool() {
      TerminationCondition condition = Terminations.functionCall("submit");
      assertThat(say(condition, text("a", "I will call submit"))).isEmpty();
    }

    @Test
    void resetMakesItReusable() {
      TerminationCondition condition = Terminations.functionCall("submit");
      assertThat(events(condition, executed("a", ok("submit")))).isPresent();
      condition.reset();
      assertThat(events(condition, executed("a", ok("other")))).isEmpty();
      assertThat(events(condition, executed("a", ok("submit")))).isPresent();
      assertThat(condition).hasToString("functionCall(\"submit\")");
    }
  }

  @Nested
  class When {

    @Test
    void seesWhatEachCheckAddedAndGivesTheDescriptionAsReason() {
      List<Integer> seen = new ArrayList<>();
      TerminationCondition condition =
          Terminations.when(
              "two answers in one turn",
              (messages, events) -> {
                seen.add(messages.size() * 10 + events.size());
                return messages.size() >= 2;
              });
      assertThat(say(condition, text("user", "task"))).isEmpty();
      assertThat(condition.check(List.of(text("a", "1")), List.of(usage("a", 1, 1)))).isEmpty();
      assertThat(say(condition, text("a", "1"), text("b", "2")))
          .contains("two answers in one turn");
      assertThat(seen).containsExactly(10, 11, 20);
      assertThat(condition).hasToString("when(\"two answers in one turn\")");
    }

    @Test
    void aFailingPredicateIsNamedInTheError() {
      TerminationCondition condition =
          Terminations.when(
              "approved",
              (messages, events) -> {
                throw new IllegalStateException("boom");
              });
      assertThatThrownBy(() -> say(condition, text("a", "x")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("when(\"approved\")")
          .hasMessageContaining("boom");
    }

    @Test
    void validatesArguments() {
      assertThatThrownBy(() -> Terminations.when("", (m, e) -> true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("when: description must not be blank");
      assertThatThrownBy(() -> Terminations.when("x", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("predicate");
    }
  }

  @Test
  void checkRejectsNullListsWithAHint() {
    assertThatThrownBy(() -> Terminations.maxMessages(1).check(null, NO_EVENTS))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("pass an empty list");
  }
}
