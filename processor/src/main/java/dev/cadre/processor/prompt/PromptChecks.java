package dev.cadre.processor.prompt;

import dev.cadre.graph.Suggestions;
import dev.cadre.processor.prompt.PromptTemplate.Malformed;
import dev.cadre.processor.prompt.PromptTemplate.Part;
import dev.cadre.processor.prompt.PromptTemplate.Placeholder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a {@code @Prompt} template against its method's parameters: {@value #MALFORMED} for text
 * that opens a placeholder but is none, {@value #UNKNOWN_PLACEHOLDER} for a placeholder that names
 * no parameter, {@value #UNUSED_PARAMETER} for a parameter no placeholder names. The agent and team
 * steps report the findings where they belong (the first two on the {@code @Prompt} value, the last
 * on the parameter). {@link PromptPaths} checks the components a placeholder follows.
 */
public final class PromptChecks {

  public static final String MALFORMED = "Cadre/MalformedPlaceholder";
  public static final String UNKNOWN_PLACEHOLDER = "Cadre/UnknownPlaceholder";
  public static final String UNUSED_PARAMETER = "Cadre/UnusedParameter";

  // How to write in a @Prompt (a Java string) the two braces that are text, as the user types it.
  private static final String ESCAPE = "write \"\\\\{{\" to send two braces as text";

  private PromptChecks() {}

  /**
   * One mismatch between the prompt and the parameters.
   *
   * @param parameter the unused parameter, or null for a finding about the template (which belongs
   *     on the {@code @Prompt} value)
   */
  public record Finding(String tag, String parameter, String message) {}

  /**
   * Every mismatch: malformed placeholders and unknown ones in order, then unused parameters in
   * order. A parameter named in a malformed placeholder is not reported as unused: mending the
   * placeholder is what will use it.
   *
   * @param method the method's simple name
   * @param parameters the method's parameter names, in order
   * @param reader who would read the prompt, for the message: "agent" or "team"
   */
  public static List<Finding> check(
      PromptTemplate template, String method, List<String> parameters, String reader) {
    List<Finding> findings = new ArrayList<>();
    Set<String> named = new HashSet<>();
    for (Malformed malformed : template.malformed()) {
      findings.add(
          new Finding(
              MALFORMED,
              null,
              "the prompt of " + method + "() has " + malformed(malformed, parameters)));
      named.addAll(malformed.names());
    }
    Set<String> unknown = new HashSet<>();
    for (Part part : template.parts()) {
      if (part instanceof Placeholder placeholder
          && !parameters.contains(placeholder.parameter())
          && unknown.add(placeholder.parameter())) {
        findings.add(
            new Finding(
                UNKNOWN_PLACEHOLDER,
                null,
                "the prompt of "
                    + method
                    + "() uses {{"
                    + placeholder.path()
                    + "}}, but the method has no parameter '"
                    + placeholder.parameter()
                    + "'; "
                    + mend(placeholder, parameters)));
      }
    }
    Set<String> used = template.placeholders();
    for (String parameter : parameters) {
      if (!used.contains(parameter) && !named.contains(parameter)) {
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

  /** What is wrong with {@code malformed} and how to write it, after "the prompt of m() has ". */
  private static String malformed(Malformed malformed, List<String> parameters) {
    String text = malformed.text();
    String content = malformed.content();
    switch (malformed.kind()) {
      case EMPTY:
        return "an empty placeholder "
            + text
            + "; "
            + (parameters.isEmpty()
                ? "remove it"
                : "name a parameter in it, as in {{" + parameters.get(0) + "}}")
            + ", or "
            + ESCAPE;
      case NOT_A_NAME:
        boolean aName = Character.isJavaIdentifierStart(content.charAt(0));
        String closest = Suggestions.closest(content, parameters);
        String example =
            closest != null ? closest : parameters.isEmpty() ? null : parameters.get(0);
        return text
            + ", and '"
            + content
            + "' is no parameter name; "
            + (example == null ? "remove it" : "name a parameter, as in {{" + example + "}}")
            + (aName ? "" : ", or " + ESCAPE);
      case ONE_CLOSING_BRACE:
        return text + ", closed with one brace; write {{" + content + "}}";
      case UNCLOSED:
        return text + ", which is never closed; close it with }}, or " + ESCAPE;
      case REOPENED:
        return text + ", which is not closed before the next {{; close it with }}, or " + ESCAPE;
      case TRIPLE_OPENING:
        return text
            + ", with three braces, which Cadre does not read; write {{"
            + content
            + "}}, with a space between it and a brace that is text: { {{"
            + content
            + "}} }";
      case TRIPLE_CLOSING:
        return text
            + ", with three closing braces; write {{"
            + content
            + "}}, with a space between it and a brace that is text: {{"
            + content
            + "}} }";
      default:
        throw new AssertionError(malformed.kind());
    }
  }

  /** "did you mean {{x}}?" for a likely misspelling, else the parameters there are. */
  private static String mend(Placeholder placeholder, List<String> parameters) {
    if (parameters.isEmpty()) {
      return "add the parameter, or remove the placeholder";
    }
    String closest = Suggestions.closest(placeholder.parameter(), parameters);
    if (closest != null) {
      return "did you mean {{" + new Placeholder(closest, placeholder.components()).path() + "}}?";
    }
    List<String> all = new ArrayList<>();
    parameters.forEach(name -> all.add("{{" + name + "}}"));
    return "the parameters are "
        + String.join(", ", all)
        + "; use one of them, or add the parameter";
  }
}
