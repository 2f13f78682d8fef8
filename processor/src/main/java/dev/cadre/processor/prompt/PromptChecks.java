package dev.cadre.processor.prompt;

import dev.cadre.graph.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a {@code @Prompt} template against its method's parameters: {@value #UNKNOWN_PLACEHOLDER}
 * for a placeholder that names no parameter, {@value #UNUSED_PARAMETER} for a parameter no
 * placeholder names. The agent and team steps report the findings where they belong (the one on the
 * {@code @Prompt} value, the other on the parameter).
 */
public final class PromptChecks {

  public static final String UNKNOWN_PLACEHOLDER = "Cadre/UnknownPlaceholder";
  public static final String UNUSED_PARAMETER = "Cadre/UnusedParameter";

  private PromptChecks() {}

  /**
   * One mismatch between the prompt and the parameters.
   *
   * @param parameter the unused parameter, or null for an unknown placeholder (which belongs on the
   *     {@code @Prompt} value)
   */
  public record Finding(String tag, String parameter, String message) {}

  /**
   * Every mismatch: unknown placeholders in order of first use, then unused parameters in order.
   *
   * @param method the method's simple name
   * @param parameters the method's parameter names, in order
   * @param reader who would read the prompt, for the message: "agent" or "team"
   */
  public static List<Finding> check(
      PromptTemplate template, String method, List<String> parameters, String reader) {
    List<Finding> findings = new ArrayList<>();
    Set<String> used = template.placeholders();
    for (String placeholder : used) {
      if (!parameters.contains(placeholder)) {
        findings.add(
            new Finding(
                UNKNOWN_PLACEHOLDER,
                null,
                "the prompt of "
                    + method
                    + "() uses {{"
                    + placeholder
                    + "}}, but the method has no parameter '"
                    + placeholder
                    + "'; "
                    + mend(placeholder, parameters)));
      }
    }
    for (String parameter : parameters) {
      if (!used.contains(parameter)) {
        findings.add(
            new Finding(
                UNUSED_PARAMETER,
                parameter,
                "parameter '"
                    + parameter
                    + "' of "
                    + method
                    + "() does not appear in its prompt, so the "
                    + reader
                    + " would never see it; add {{"
                    + parameter
                    + "}} to the @Prompt, or remove the parameter"));
      }
    }
    return findings;
  }

  /** "did you mean {{x}}?" for a likely misspelling, else the parameters there are. */
  private static String mend(String placeholder, List<String> parameters) {
    if (parameters.isEmpty()) {
      return "add the parameter, or remove the placeholder";
    }
    String closest = Suggestions.closest(placeholder, parameters);
    if (closest != null) {
      return "did you mean {{" + closest + "}}?";
    }
    List<String> all = new ArrayList<>();
    parameters.forEach(name -> all.add("{{" + name + "}}"));
    return "the parameters are "
        + String.join(", ", all)
        + "; use one of them, or add the parameter";
  }
}
