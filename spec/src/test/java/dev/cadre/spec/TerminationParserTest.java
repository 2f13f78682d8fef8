package dev.cadre.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.team.TerminationCondition;
import dev.cadre.team.Terminations;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A spec's termination reads every condition the runtime writes, in the runtime's own words. */
class TerminationParserTest {

  static List<TerminationCondition> conditions() {
    return List.of(
        Terminations.maxMessages(3),
        Terminations.maxMessages(3, true),
        Terminations.textMention("APPROVE"),
        Terminations.textMention("OK", "critic", "editor"),
        Terminations.textMention("\"recommendation\""),
        Terminations.textMention("a\\b", "say \"x\""),
        Terminations.stopMessage(),
        Terminations.stopMessage("END"),
        Terminations.textMessage(),
        Terminations.textMessage("writer"),
        Terminations.sourceMatch("a", "b"),
        Terminations.handoff("user"),
        Terminations.functionCall("submit"),
        Terminations.timeout(Duration.ofSeconds(30)),
        Terminations.timeout(Duration.ofMillis(1500)),
        Terminations.timeout(Duration.ofHours(2)),
        Terminations.tokenUsage(1000),
        Terminations.tokenUsage(null, 50L, 60L),
        Terminations.maxMessages(9)
            .or(Terminations.textMention("DONE").and(Terminations.sourceMatch("writer"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conditions")
  void whatTheRuntimeWritesReadsBackAsTheSameCondition(TerminationCondition condition)
      throws Exception {
    assertThat(TerminationParser.parse(condition.toString()).toString())
        .isEqualTo(condition.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "maxMessages(0)",
        "maxMessages(\"3\")",
        "textMention(APPROVE)",
        "timeout(30 parsecs)",
        "maxMessages(3) or",
        "(maxMessages(3)",
        "tokenUsage(color=3)",
        "sourceMatch()",
        "textMention(\"open",
        "happyEnding()",
        "external()"
      })
  void malformedConditionsAreProblemsNotCrashes(String text) {
    assertThatThrownBy(() -> TerminationParser.parse(text))
        .isInstanceOf(TerminationParser.Problem.class)
        .hasMessageNotContaining("Exception");
  }
}
