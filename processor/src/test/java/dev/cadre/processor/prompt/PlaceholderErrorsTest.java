package dev.cadre.processor.prompt;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.cadre.processor.Wrapping.wrapped;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.cadre.processor.CadreProcessor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A placeholder the processor cannot read fails the compilation, on the {@code @Prompt} it is in,
 * with a message that quotes it and says how to write it; a placeholder that follows a record's
 * components is checked against the record. Nothing malformed reaches a model as text.
 */
class PlaceholderErrorsTest {

  private static final String MALFORMED = "[Cadre/MalformedPlaceholder] the prompt of ";
  private static final String PATH = "[Cadre/InvalidPlaceholderPath] the prompt of ";

  private static final JavaFileObject ORDERS =
      source(
          "Orders",
          "final class Orders {",
          "  record Address(String city) {}",
          "  record Customer(String name, Address address) {}",
          "  record Order(String id, Customer customer, int items) {}",
          "}");

  @Test
  void everyMalformedPlaceholderOfAnAgentIsAnErrorOnItsPrompt() {
    JavaFileObject agent =
        source(
            "Summarizer",
            "@Agent(description = \"Summarises\")",
            "interface Summarizer {",
            "  @Prompt(\"Summarise {{text}\")",
            "  String unclosed(String text);",
            "  @Prompt(\"Summarise {{}} and {{text}}\")",
            "  String empty(String text);",
            "  @Prompt(\"Summarise {{1x}} of {{text}}\")",
            "  String digit(String text);",
            "  @Prompt(\"Summarise {{{text}}}\")",
            "  String triple(String text);",
            "  @Prompt(\"Summarise {{first text}}\")",
            "  String spaced(String text);",
            "  @Prompt(\"Summarise {{text.}}\")",
            "  String dot(String text);",
            "  @Prompt(\"Summarise {{text}}} now\")",
            "  String closing(String text);",
            "  @Prompt(\"Summarise {{te {{text}}\")",
            "  String reopened(String text);",
            "  @Prompt(\"Summarise {{text\")",
            "  String open(String text);",
            "}");

    Compilation compilation = compile(agent);

    expect(
        compilation,
        agent,
        MALFORMED + "unclosed() has {{text}, closed with one brace; write {{text}}",
        "{{text}\")");
    expect(
        compilation,
        agent,
        MALFORMED
            + "empty() has an empty placeholder {{}}; name a parameter in it, as in {{text}},"
            + " or write \"\\\\{{\" to send two braces as text",
        "{{}} and");
    expect(
        compilation,
        agent,
        MALFORMED
            + "digit() has {{1x}}, and '1x' is no parameter name; name a parameter, as in"
            + " {{text}}, or write \"\\\\{{\" to send two braces as text",
        "{{1x}}");
    expect(
        compilation,
        agent,
        MALFORMED
            + "triple() has {{{text}}}, with three braces, which Cadre does not read; write"
            + " {{text}}, with a space between it and a brace that is text: { {{text}} }",
        "{{{text}}}");
    expect(
        compilation,
        agent,
        MALFORMED
            + "spaced() has {{first text}}, and 'first text' is no parameter name; name a"
            + " parameter, as in {{text}}",
        "{{first text}}");
    expect(
        compilation,
        agent,
        MALFORMED
            + "dot() has {{text.}}, and 'text.' is no parameter name; name a parameter, as in"
            + " {{text}}",
        "{{text.}}");
    expect(
        compilation,
        agent,
        MALFORMED
            + "closing() has {{text}}}, with three closing braces; write {{text}}, with a space"
            + " between it and a brace that is text: {{text}} }",
        "{{text}}} now");
    expect(
        compilation,
        agent,
        MALFORMED
            + "reopened() has {{te, which is not closed before the next {{; close it with }},"
            + " or write \"\\\\{{\" to send two braces as text",
        "{{te {{text}}");
    expect(
        compilation,
        agent,
        MALFORMED
            + "open() has {{text, which is never closed; close it with }}, or write \"\\\\{{\" to"
            + " send two braces as text",
        "{{text\")");
    // One error each: a parameter named in a malformed placeholder is not also "unused".
    assertThat(compilation).hadErrorCount(9);
  }

  @Test
  void bracesThatLookLikeJsonAreNoPlaceholderAndTheMessageSaysHowToEscapeThem() {
    JavaFileObject agent =
        source(
            "Judge",
            "@Agent(description = \"Judges\")",
            "interface Judge {",
            "  @Prompt(\"Answer {{\\\"verdict\\\": \\\"ok\\\"}} about {{topic}}\")",
            "  String judge(String topic);",
            "}");

    Compilation compilation = compile(agent);

    expect(
        compilation,
        agent,
        MALFORMED
            + "judge() has {{\"verdict\": \"ok\"}}, and '\"verdict\": \"ok\"' is no parameter name;"
            + " name a parameter, as in {{topic}}, or write \"\\\\{{\" to send two braces as text",
        "{{\\\"verdict");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void aPathIsCheckedAgainstTheRecordItFollows() {
    JavaFileObject agent =
        source(
            "Clerk",
            "@Agent(description = \"Ships orders\")",
            "interface Clerk {",
            "  @Prompt(\"Ship {{order.custmer}}\")",
            "  String misspelt(Orders.Order order);",
            "  @Prompt(\"Ship {{order.id.length}}\")",
            "  String intoAString(Orders.Order order);",
            "  @Prompt(\"Ship {{note.text}}\")",
            "  String notARecord(String note);",
            "  @Prompt(\"Ship {{order.customer.address.zip}}\")",
            "  String deep(Orders.Order order);",
            "}");

    Compilation compilation = compile(ORDERS, agent);

    expect(
        compilation,
        agent,
        PATH
            + "misspelt() uses {{order.custmer}}, but record test.Orders.Order has no component"
            + " 'custmer'; its components are id, customer, items; did you mean"
            + " {{order.customer}}?",
        "{{order.custmer}}");
    expect(
        compilation,
        agent,
        PATH
            + "intoAString() uses {{order.id.length}}, but order.id is a java.lang.String, not a"
            + " record, so it has no component 'length'; use {{order.id}}",
        "{{order.id.length}}");
    expect(
        compilation,
        agent,
        PATH
            + "notARecord() uses {{note.text}}, but note is a java.lang.String, not a record, so"
            + " it has no component 'text'; use {{note}}",
        "{{note.text}}");
    expect(
        compilation,
        agent,
        PATH
            + "deep() uses {{order.customer.address.zip}}, but record test.Orders.Address has no"
            + " component 'zip'; its components are city",
        "{{order.customer.address.zip}}");
    assertThat(compilation).hadErrorCount(4);
  }

  @Test
  void aTeamsPromptIsCheckedTheSameWay() {
    JavaFileObject desk =
        source(
            "Desk",
            "@Agent(description = \"Writes\") interface Writer {}",
            "@GroupChat(participants = Writer.class, maxMessages = 3)",
            "interface Desk {",
            "  @Prompt(\"Write about {{topic}\")",
            "  String write(String topic);",
            "  @Prompt(\"Ship {{order.customer.nme}}\")",
            "  String ship(Orders.Order order);",
            "}");

    Compilation compilation = compile(ORDERS, desk);

    expect(
        compilation,
        desk,
        MALFORMED + "write() has {{topic}, closed with one brace; write {{topic}}",
        "{{topic}\")");
    expect(
        compilation,
        desk,
        PATH
            + "ship() uses {{order.customer.nme}}, but record test.Orders.Customer has no"
            + " component 'nme'; its components are name, address; did you mean"
            + " {{order.customer.name}}?",
        "{{order.customer.nme}}");
    assertThat(compilation).hadErrorCount(2);
  }

  private static void expect(
      Compilation compilation, JavaFileObject file, String message, String line) {
    assertThat(compilation)
        .hadErrorContainingMatch(wrapped(message))
        .inFile(file)
        .onLineContaining(line);
  }

  static JavaFileObject source(String name, String... lines) {
    String[] all = new String[lines.length + 4];
    all[0] = "package test;";
    all[1] = "import dev.cadre.annotations.Agent;";
    all[2] = "import dev.cadre.annotations.GroupChat;";
    all[3] = "import dev.cadre.annotations.Prompt;";
    System.arraycopy(lines, 0, all, 4, lines.length);
    return JavaFileObjects.forSourceLines("test." + name, all);
  }

  static Compilation compile(JavaFileObject... files) {
    return Compiler.javac().withProcessors(new CadreProcessor()).compile(files);
  }
}
