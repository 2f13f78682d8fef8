package dev.cadre.processor.agent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code @Prompt} template split into literal text and {@code {{name}}} placeholders. A
 * placeholder is two braces, optional whitespace, a Java identifier, optional whitespace and two
 * closing braces; any other text with braces (JSON examples in a prompt, say) stays literal.
 *
 * @param parts the template in order: {@link Literal}s and {@link Placeholder}s, never two literals
 *     in a row, no empty literal
 */
record PromptTemplate(List<Part> parts) {

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)\\s*}}");

  PromptTemplate {
    parts = List.copyOf(parts);
  }

  /** A piece of the template, in order. */
  sealed interface Part permits Literal, Placeholder {}

  /** Text sent as written. */
  record Literal(String text) implements Part {}

  /** Where the value of the parameter {@code name} goes. */
  record Placeholder(String name) implements Part {}

  static PromptTemplate parse(String template) {
    List<Part> parts = new ArrayList<>();
    Matcher matcher = PLACEHOLDER.matcher(template);
    int start = 0;
    while (matcher.find()) {
      if (matcher.start() > start) {
        parts.add(new Literal(template.substring(start, matcher.start())));
      }
      parts.add(new Placeholder(matcher.group(1)));
      start = matcher.end();
    }
    if (start < template.length()) {
      parts.add(new Literal(template.substring(start)));
    }
    return new PromptTemplate(parts);
  }

  /** The names the placeholders use, each once, in order of first use. */
  Set<String> placeholders() {
    Set<String> names = new LinkedHashSet<>();
    for (Part part : parts) {
      if (part instanceof Placeholder placeholder) {
        names.add(placeholder.name());
      }
    }
    return names;
  }
}
