package dev.cadre.processor.prompt;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code @Prompt} template split into literal text and placeholders, as the agent and team steps
 * read it. Every <code>{{</code> opens a placeholder: a parameter's name, or a path from a record
 * parameter through its components ({@code {{order.customer.name}}}), with optional white space
 * inside the braces, closed by <code>}}</code>. Anything else that opens with <code>{{</code> is
 * {@link Malformed}, and <code>\{{</code> is two braces of text. Single braces, and <code>}}</code>
 * that closes nothing (the end of a JSON example), are text.
 *
 * @param parts the template in order: {@link Literal}s and {@link Placeholder}s, never two literals
 *     in a row, no empty literal
 * @param malformed what opens a placeholder but is none, in order
 */
public record PromptTemplate(List<Part> parts, List<Malformed> malformed) {

  private static final String IDENTIFIER =
      "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
  private static final Pattern PATH = Pattern.compile(IDENTIFIER + "(?:\\." + IDENTIFIER + ")*");
  private static final Pattern NAME = Pattern.compile(IDENTIFIER);

  public PromptTemplate {
    parts = List.copyOf(parts);
    malformed = List.copyOf(malformed);
  }

  /** A piece of the template, in order. */
  public sealed interface Part permits Literal, Placeholder {}

  /** Text sent as written. */
  public record Literal(String text) implements Part {}

  /**
   * Where a parameter's value goes, or the value of a component reached from it.
   *
   * @param parameter the parameter's name
   * @param components the record components followed from it, in order; empty for the parameter
   */
  public record Placeholder(String parameter, List<String> components) implements Part {

    public Placeholder {
      components = List.copyOf(components);
    }

    /** The placeholder of a parameter itself. */
    public Placeholder(String parameter) {
      this(parameter, List.of());
    }

    /** The parameter and its components, as a prompt names them: {@code order.customer.name}. */
    public String path() {
      return components.isEmpty() ? parameter : parameter + "." + String.join(".", components);
    }
  }

  /**
   * Text that opens a placeholder but is none.
   *
   * @param kind what is wrong with it
   * @param text the text as written, from its <code>{{</code>
   * @param content what is between its braces, without the white space around it
   * @param names the names in it: a parameter named here is not also reported as unused, as mending
   *     this placeholder is what will use it
   */
  public record Malformed(Kind kind, String text, String content, List<String> names) {

    public Malformed {
      names = List.copyOf(names);
    }

    /** What is wrong. */
    public enum Kind {
      /** {@code {{}}}. */
      EMPTY,
      /** {@code {{1x}}}, {@code {{first name}}}, {@code {{a.}}}: not a name or path. */
      NOT_A_NAME,
      /** <code>{{text}</code>: one closing brace. */
      ONE_CLOSING_BRACE,
      /** <code>{{text</code> with no <code>}}</code> after it. */
      UNCLOSED,
      /** <code>{{te {{text}}</code>: another <code>{{</code> before the first is closed. */
      REOPENED,
      /** {@code {{{text}}}}. */
      TRIPLE_OPENING,
      /** <code>{{text}}}</code>. */
      TRIPLE_CLOSING
    }
  }

  /** How one value enters the rendered prompt; see {@link #render(Function)}. */
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

  /** Parses {@code template}; never fails: what it cannot read is {@link #malformed()}. */
  public static PromptTemplate parse(String template) {
    return new Parser(template).parse();
  }

  /** A template that is nothing but one parameter: the prompt is that parameter's text. */
  public static PromptTemplate of(String parameter) {
    return new PromptTemplate(List.of(new Placeholder(parameter)), List.of());
  }

  /** The parameters the placeholders use, each once, in order of first use. */
  public Set<String> placeholders() {
    Set<String> names = new LinkedHashSet<>();
    for (Part part : parts) {
      if (part instanceof Placeholder placeholder) {
        names.add(placeholder.parameter());
      }
    }
    return names;
  }

  /** The placeholders that follow a record's components, each once, in order of first use. */
  public Set<Placeholder> componentPaths() {
    Set<Placeholder> paths = new LinkedHashSet<>();
    for (Part part : parts) {
      if (part instanceof Placeholder placeholder && !placeholder.components().isEmpty()) {
        paths.add(placeholder);
      }
    }
    return paths;
  }

  /** Whether a placeholder names {@code parameter} itself, not only its components. */
  public boolean usesWhole(String parameter) {
    return parts.contains(new Placeholder(parameter));
  }

  /**
   * Adds to {@code code} one local per record reached on the way to each component a placeholder
   * names, each read once through its accessor, and null when the record before it is null: so a
   * null anywhere on the way renders as "null", as a null parameter does.
   *
   * @param taken names the locals must not take (the parameters); the locals' names are added
   * @return the local holding each {@link #componentPaths()} placeholder's value
   */
  public Map<Placeholder, String> readComponents(CodeBlock.Builder code, Set<String> taken) {
    Map<List<String>, String> locals = new LinkedHashMap<>();
    Map<Placeholder, String> values = new LinkedHashMap<>();
    for (Placeholder placeholder : componentPaths()) {
      List<String> path = new ArrayList<>();
      path.add(placeholder.parameter());
      String previous = placeholder.parameter();
      for (String component : placeholder.components()) {
        path.add(component);
        String local = locals.get(path);
        if (local == null) {
          local = unused(String.join("_", path), taken);
          taken.add(local);
          locals.put(List.copyOf(path), local);
          code.addStatement(
              "var $N = $N == null ? null : $N.$N()", local, previous, previous, component);
        }
        previous = local;
      }
      values.put(placeholder, previous);
    }
    return values;
  }

  /** {@code name}, or it with underscores appended until no name in {@code taken} has it. */
  public static String unused(String name, Set<String> taken) {
    String unused = name;
    while (taken.contains(unused)) {
      unused += "_";
    }
    return unused;
  }

  /**
   * The template as one String concatenation, with no template engine at run time, so that a value
   * is text whatever braces it holds. The first operand is always a String, so that {@code
   * {{a}}{{b}}} with two ints concatenates rather than adds, and null values read "null".
   *
   * @param operand the expression for the value a placeholder names
   */
  public CodeBlock render(Function<Placeholder, Operand> operand) {
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
      Operand value = operand.apply((Placeholder) part);
      boolean valueOf =
          i == 0
              && (value.kind() == Operand.Kind.VALUE
                  || value.kind() == Operand.Kind.STRING && parts.size() == 1);
      operands.add(
          valueOf ? CodeBlock.of("$T.valueOf($L)", String.class, value.code()) : value.code());
    }
    return CodeBlock.join(operands, "$W+ ");
  }

  /**
   * Reads a template from left to right; each <code>{{</code> starts a placeholder or a mistake.
   */
  private static final class Parser {
    private final String template;
    private final List<Part> parts = new ArrayList<>();
    private final List<Malformed> malformed = new ArrayList<>();
    private final StringBuilder literal = new StringBuilder();
    private int at;

    Parser(String template) {
      this.template = template;
    }

    PromptTemplate parse() {
      while (at < template.length()) {
        if (template.startsWith("\\{{", at)) {
          literal.append("{{");
          at += 3;
        } else if (template.startsWith("{{{", at)) {
          tripleOpening();
        } else if (template.startsWith("{{", at)) {
          placeholder();
        } else {
          literal.append(template.charAt(at++));
        }
      }
      flush();
      return new PromptTemplate(parts, malformed);
    }

    /** {@code {{{...}}}}: up to the braces that close it, all of them. */
    private void tripleOpening() {
      int close = template.indexOf("}}", at + 3);
      int end = close < 0 ? template.length() : close + 2;
      while (end < template.length() && template.charAt(end) == '}') {
        end++;
      }
      String content = template.substring(at, end).replaceAll("^\\{+|}+$", "").strip();
      mistake(Malformed.Kind.TRIPLE_OPENING, template.substring(at, end), content);
      at = end;
    }

    private void placeholder() {
      int start = at;
      int stop = start + 2;
      while (stop < template.length()
          && template.charAt(stop) != '{'
          && template.charAt(stop) != '}') {
        stop++;
      }
      String content = template.substring(start + 2, stop).strip();
      if (stop == template.length()) {
        mistake(Malformed.Kind.UNCLOSED, template.substring(start).stripTrailing(), content);
        at = stop;
      } else if (template.startsWith("{{", stop)) {
        mistake(Malformed.Kind.REOPENED, template.substring(start, stop).stripTrailing(), content);
        at = stop;
      } else if (template.charAt(stop) == '{') {
        // A brace inside (a JSON object, say): the mistake runs to the next }}.
        int close = template.indexOf("}}", stop);
        int end = close < 0 ? template.length() : close + 2;
        String inner = template.substring(start + 2, close < 0 ? end : close).strip();
        mistake(Malformed.Kind.NOT_A_NAME, template.substring(start, end), inner);
        at = end;
      } else if (!template.startsWith("}}", stop)) {
        mistake(Malformed.Kind.ONE_CLOSING_BRACE, template.substring(start, stop + 1), content);
        at = stop + 1;
      } else if (template.startsWith("}}}", stop)) {
        mistake(Malformed.Kind.TRIPLE_CLOSING, template.substring(start, stop + 3), content);
        at = stop + 3;
      } else {
        at = stop + 2;
        if (content.isEmpty()) {
          mistake(Malformed.Kind.EMPTY, template.substring(start, at), content);
        } else if (!PATH.matcher(content).matches()) {
          mistake(Malformed.Kind.NOT_A_NAME, template.substring(start, at), content);
        } else {
          flush();
          List<String> path = List.of(content.split("\\."));
          parts.add(new Placeholder(path.get(0), path.subList(1, path.size())));
        }
      }
    }

    private void mistake(Malformed.Kind kind, String text, String content) {
      List<String> names = new ArrayList<>();
      Matcher name = NAME.matcher(content);
      while (name.find()) {
        names.add(name.group());
      }
      malformed.add(new Malformed(kind, text, content, names));
    }

    private void flush() {
      if (literal.length() > 0) {
        parts.add(new Literal(literal.toString()));
        literal.setLength(0);
      }
    }
  }
}
