package dev.cadre.processor.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.processor.prompt.PromptChecks.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptChecksTest {

  @Test
  void aPromptUsingEveryParameterAndNothingElseIsFine() {
    assertThat(check("{{city}} in {{days}} days", List.of("city", "days"))).isEmpty();
  }

  @Test
  void anUnknownPlaceholderSuggestsALikelyMisspelling() {
    assertThat(check("Weather in {{cty}}", List.of("city")))
        .containsExactly(
            new Finding(
                PromptChecks.UNKNOWN_PLACEHOLDER,
                null,
                "the prompt of weather() uses {{cty}}, but the method has no parameter 'cty'; did"
                    + " you mean {{city}}?"),
            new Finding(
                PromptChecks.UNUSED_PARAMETER,
                "city",
                "parameter 'city' of weather() does not appear in its prompt, so the agent would"
                    + " never see it; add {{city}} to the @Prompt, or remove the parameter"));
  }

  @Test
  void anUnknownPlaceholderWithNothingCloseListsTheParameters() {
    assertThat(check("{{question}} about {{topic}} in {{lang}}", List.of("topic", "lang")))
        .extracting(Finding::message)
        .containsExactly(
            "the prompt of weather() uses {{question}}, but the method has no parameter"
                + " 'question'; the parameters are {{topic}}, {{lang}}; use one of them, or add the"
                + " parameter");
  }

  @Test
  void anUnknownPlaceholderOfAMethodWithoutParameters() {
    assertThat(check("{{city}}", List.of()))
        .extracting(Finding::message)
        .containsExactly(
            "the prompt of weather() uses {{city}}, but the method has no parameter 'city'; add"
                + " the parameter, or remove the placeholder");
  }

  private static List<Finding> check(String template, List<String> parameters) {
    return PromptChecks.check(PromptTemplate.parse(template), "weather", parameters, "agent");
  }
}
