package dev.cadre.processor.prompt;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code @Prompt} template split into literal text and {@code {{name}}} placeholders, as the
 * agent and team steps read it. A placeholder is two braces, optional whitespace, a Java
 * identifier, optional whitespace and two closing braces; any other text with braces (JSON examples
 * in a prompt, say) stays literal.
 *
 * @param parts the template in order: {@link Literal}s and {@link Placeholder}s, never two literals
 *     in a row, no empty literal
 */
public record PromptTemplate(List<Part> parts) {

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\s*(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)\\s*}}");

  public PromptTemplate {
    parts = List.copyOf(parts);
  }

  /** A piece of the template, in order. */
  public sealed interface Part permits Literal, Placeholder {}

  /** Text sent as written. */
  public record Literal(String text) implements Part {}

  /** Where the value of the parameter {@code name} goes. */
  public record Placeholder(String name) implements Part {}

  /** How one parameter's value enters the rendered prompt; see {@link #render(Function)}. */
  public record Operand(CodeBlock code, Kind kind) {

    /** What {@link #code()} evaluates to. */
    public enum Kind {
      /** A String that is never null (JSON text, say): used as it is. */
      TEXT,
      /**
       * A String that may be null: used as it is where the concatenation turns null into "null".
       */
      STRING,
      /** Anything else: through {@code String.valueOf} where it would not become text anyway. */
      VALUE
    }
  }

  /** Parses {@code template}; never fails, as text that is no placeholder is literal. */
  public static PromptTemplate parse(String template) {
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

  /** A template that is nothing but one parameter: the prompt is that parameter's text. */
  public static PromptTemplate of(String parameter) {
    return new PromptTemplate(List.of(new Placeholder(parameter)));
  }

  /** The names the placeholders use, each once, in order of first use. */
  public Set<String> placeholders() {
    Set<String> names = new LinkedHashSet<>();
    for (Part part : parts) {
      if (part instanceof Placeholder placeholder) {
        names.add(placeholder.name());
      }
    }
    return names;
  }

  /**
   * The template as one String concatenation, with no template engine at run time. The first
   * operand is always a String, so that {@code {{a}}{{b}}} with two ints concatenates rather than
   * adds, and null values read "null".
   *
   * @param operand the expression for the parameter a placeholder names
   */
  public CodeBlock render(Function<String, Operand> operand) {
    if (parts.isEmpty()) {
      return CodeBlock.of("$S", "");
    }
    List<CodeBlock> operands = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      if (part instanceof Literal literal) {
        operands.add(CodeBlock.of("$S", literal.text()));
        continue;
      }
      Operand value = operand.apply(((Placeholder) part).name());
      boolean valueOf =
          i == 0
              && (value.kind() == Operand.Kind.VALUE
                  || value.kind() == Operand.Kind.STRING && parts.size() == 1);
      operands.add(
          valueOf ? CodeBlock.of("$T.valueOf($L)", String.class, value.code()) : value.code());
    }
    return CodeBlock.join(operands, "$W+ ");
  }
}
