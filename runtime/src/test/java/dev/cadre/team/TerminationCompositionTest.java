package dev.cadre.team;

import static dev.cadre.team.TerminationsTest.events;
import static dev.cadre.team.TerminationsTest.executed;
import static dev.cadre.team.TerminationsTest.ok;
import static dev.cadre.team.TerminationsTest.say;
import static dev.cadre.team.TerminationsTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code and} / {@code or}: when composites fire, what they say, and how they reset. */
@Timeout(30)
class TerminationCompositionTest {

  /** A hand-written condition that fires only at the check that sees its word, then forgets. */
  private static TerminationCondition fleeting(String word) {
    return new TerminationCondition() {
      @Override
      public Optional<String> check(List<AgentMessage> messages, List<AgentEvent> events) {
        return messages.stream().anyMatch(m -> m.content().equals(word))
            ? Optional.of("saw " + word)
            : Optional.empty();
      }

      @Override
      public void reset() {}

      @Override
      public String toString() {
        return "fleeting(" + word + ")";
      }
    };
  }

  @Test
  void orFiresAsSoonAsAnyPartFiresWithThatPartsReason() {
    TerminationCondition condition =
        Terminations.maxMessages(4).or(Terminations.textMention("APPROVE"));
    assertThat(say(condition, AgentMessage.user("task"))).isEmpty();
    assertThat(say(condition, text("critic", "APPROVE")))
        .contains("Text 'APPROVE' mentioned");
  }

  @Test
  void orKeepsEveryPartCountingEvenWhileNoneFires() {
    TerminationCondition condition =
        Terminations.or(
            Terminations.textMention("APPROVE"),
            Terminations.maxMessages(3),
            Terminations.tokenUsage(1000));
    assertThat(say(condition, AgentMessage.user("task"))).isEmpty();
    assertThat(say(condition, text("a", "one"))).isEmpty();
    assertThat(say(condition, text("b", "two")))
        .contains("Maximum number of messages 3 reached, current message count: 3");
  }

  @Test
  void orJoinsTheReasonsOfPartsFiringAtTheSameCheck() {
    TerminationCondition condition =
        Terminations.or(Terminations.maxMessages(1), Terminations.sourceMatch("critic"));
    assertThat(say(condition, text("critic", "hi")))
        .contains(
            "Maximum number of messages 1 reached, current message count: 1, 'critic' answered");
  }

  @Test
  void andFiresOnceEveryPartHasFiredAcrossSeparateChecks() {
    TerminationCondition condition =
        Terminations.and(
            Terminations.textMention("APPROVE", "critic"),
            Terminations.functionCall("publish"),
            Terminations.maxMessages(3));
    assertThat(say(condition, AgentMessage.user("task"))).isEmpty();
    assertThat(say(condition, text("critic", "APPROVE"))).as("1 of 3 fired").isEmpty();
    assertThat(events(condition, executed("writer", ok("publish")))).as("2 of 3").isEmpty();
    assertThat(say(condition, text("writer", "published")))
        .contains(
            "Text 'APPROVE' mentioned, Function 'publish' was executed., Maximum number of"
                + " messages 3 reached, current message count: 3");
  }

  @Test // AutoGen's and: the reasons in the order the parts fired, kept across save and load
  void andGivesTheReasonsInTheOrderThePartsFired() {
    TerminationCondition condition =
        Terminations.and(
            Terminations.textMention("APPROVE"),
            Terminations.sourceMatch("writer"),
            Terminations.maxMessages(3));
    assertThat(say(condition, text("writer", "draft"))).as("writer answered first").isEmpty();
    TerminationCondition reloaded =
        Terminations.and(
            Terminations.textMention("APPROVE"),
            Terminations.sourceMatch("writer"),
            Terminations.maxMessages(3));
    reloaded.loadState(condition.saveState());
    for (TerminationCondition and : List.of(condition, reloaded)) {
      assertThat(say(and, text("critic", "APPROVE"), text("writer", "thanks")))
          .contains(
              "'writer' answered, Text 'APPROVE' mentioned, Maximum number of messages 3"
                  + " reached, current message count: 3");
    }
  }

  @Test
  void andRemembersPartsThatFiredEvenIfTheyWouldNotFireAgain() {
    TerminationCondition condition = fleeting("A").and(fleeting("B"));
    assertThat(say(condition, text("x", "A"))).isEmpty();
    assertThat(say(condition, text("x", "nothing"))).isEmpty();
    assertThat(say(condition, text("x", "B"))).contains("saw A, saw B");
  }

  @Test
  void aFiredCompositeKeepsReturningItsReasonUntilReset() {
    TerminationCondition or = fleeting("A").or(fleeting("B"));
    assertThat(say(or, text("x", "A"))).contains("saw A");
    assertThat(say(or, text("x", "nothing"))).contains("saw A");
    assertThat(say(or, text("x", "B"))).as("the first reason stays").contains("saw A");

    TerminationCondition and = fleeting("A").and(fleeting("B"));
    assertThat(say(and, text("x", "A"), text("x", "B"))).contains("saw A, saw B");
    assertThat(say(and)).contains("saw A, saw B");
    and.reset();
    assertThat(say(and)).isEmpty();
  }

  @Test
  void nestedCompositesFireAndResetAsAWhole() {
    Terminations.ExternalTermination stop = Terminations.external();
    TerminationsTest.ManualClock clock = new TerminationsTest.ManualClock();
    TerminationCondition condition =
        Terminations.or(
            Terminations.and(Terminations.textMention("APPROVE"), Terminations.maxMessages(4)),
            Terminations.or(stop, Terminations.timeout(Duration.ofMinutes(1), clock)));

    for (int run = 1; run <= 2; run++) {
      condition.reset();
      assertThat(say(condition, AgentMessage.user("task"))).isEmpty();
      assertThat(say(condition, text("critic", "APPROVE"))).as("run %d", run).isEmpty();
      assertThat(say(condition, text("writer", "thanks"))).isEmpty();
      assertThat(say(condition, text("critic", "bye")))
          .as("run %d", run)
          .contains(
              "Text 'APPROVE' mentioned, Maximum number of messages 4 reached, current message"
                  + " count: 4");
    }

    condition.reset();
    assertThat(say(condition, AgentMessage.user("task"))).isEmpty();
    stop.set("cancelled by user");
    assertThat(say(condition, text("a", "x"))).contains("cancelled by user");

    condition.reset();
    assertThat(say(condition, AgentMessage.user("task"))).as("reset cleared the stop").isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(say(condition, text("a", "x"))).contains("Timeout of 60 seconds reached");
  }

  @Test
  void resetReachesThePartsSoASecondRunBehavesLikeTheFirst() {
    TerminationCondition and =
        Terminations.maxMessages(2).and(Terminations.tokenUsage(null, null, 10L));
    for (int run = 1; run <= 2; run++) {
      and.reset();
      assertThat(say(and, AgentMessage.user("task"))).as("run %d", run).isEmpty();
      assertThat(events(and, TerminationsTest.usage("a", 100, 9))).isEmpty();
      assertThat(say(and, text("a", "answer"))).as("output 9 of 10 only").isEmpty();
      assertThat(events(and, TerminationsTest.usage("a", 0, 1)))
          .as("run %d", run)
          .contains(
              "Maximum number of messages 2 reached, current message count: 2, Token usage limit"
                  + " reached, total token count: 110, prompt token count: 100, completion token"
                  + " count: 10.");
    }
  }

  @Test
  void describesCompositionsWithBracketsWhereKindsMix() {
    TerminationCondition max = Terminations.maxMessages(10);
    TerminationCondition approve = Terminations.textMention("APPROVE");
    assertThat(max.or(approve)).hasToString("maxMessages(10) or textMention(\"APPROVE\")");

    TerminationCondition chained =
        Terminations.maxMessages(10)
            .or(Terminations.stopMessage())
            .or(Terminations.handoff("user"));
    assertThat(chained).hasToString("maxMessages(10) or stopMessage() or handoff(\"user\")");

    TerminationCondition mixed =
        Terminations.and(
                Terminations.textMention("APPROVE"),
                Terminations.or(Terminations.maxMessages(3), Terminations.external()))
            .or(Terminations.timeout(Duration.ofSeconds(90)));
    assertThat(mixed)
        .hasToString(
            "(textMention(\"APPROVE\") and (maxMessages(3) or external()))" + " or timeout(90s)");
  }

  @Test
  void flattenedChainsStillFireAtTheRightTime() {
    TerminationCondition condition =
        Terminations.sourceMatch("a")
            .and(Terminations.sourceMatch("b"))
            .and(Terminations.sourceMatch("c"));
    assertThat(condition)
        .hasToString("sourceMatch(\"a\") and sourceMatch(\"b\") and sourceMatch(\"c\")");
    assertThat(say(condition, text("a", "1"), text("b", "2"))).isEmpty();
    assertThat(say(condition, text("c", "3")))
        .contains("'a' answered, 'b' answered, 'c' answered");
  }

  @Test
  void rejectsNullPartsAndAPartUsedTwice() {
    TerminationCondition max = Terminations.maxMessages(3);
    assertThatThrownBy(() -> Terminations.or(max, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("or: condition #2 is null");
    assertThatThrownBy(() -> Terminations.and(max, max))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxMessages(3) appears more than once")
        .hasMessageContaining("separate instance");
    TerminationCondition inner = max.or(Terminations.stopMessage());
    assertThatThrownBy(() -> Terminations.and(inner, max))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxMessages(3) appears more than once");
  }
}
