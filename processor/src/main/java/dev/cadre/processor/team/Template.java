package dev.cadre.processor.team;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code @Prompt} template cut into literal text and {@code {{parameter}}} placeholders (spaces
 * inside the braces are allowed: {@code {{ topic }}}).
 *
 * @param parts the pieces in order; each is either text or a placeholder
 */
record Template(List<Part> parts) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

  /** Literal {@code text}, or the placeholder for {@code parameter} (exactly one is non-null). */
  record Part(String text, String parameter) {}

  static Template parse(String template) {
    List<Part> parts = new ArrayList<>();
    Matcher matcher = PLACEHOLDER.matcher(template);
    int at = 0;
    while (matcher.find()) {
      if (matcher.start() > at) {
        parts.add(new Part(template.substring(at, matcher.start()), null));
      }
      parts.add(new Part(null, matcher.group(1)));
      at = matcher.end();
    }
    if (at < template.length()) {
      parts.add(new Part(template.substring(at), null));
    }
    return new Template(List.copyOf(parts));
  }

  /** A template that is nothing but one parameter: the task is that parameter's text. */
  static Template of(String parameter) {
    return new Template(List.of(new Part(null, parameter)));
  }

  /** The names in the placeholders, first occurrence of each, in order. */
  Set<String> placeholders() {
    Set<String> names = new LinkedHashSet<>();
    for (Part part : parts) {
      if (part.parameter() != null) {
        names.add(part.parameter());
      }
    }
    return names;
  }
}
