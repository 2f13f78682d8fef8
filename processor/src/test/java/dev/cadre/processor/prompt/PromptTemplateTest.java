package dev.cadre.processor.prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import com.palantir.javapoet.CodeBlock;
import dev.cadre.processor.prompt.PromptTemplate.Literal;
import dev.cadre.processor.prompt.PromptTemplate.Malformed;
import dev.cadre.processor.prompt.PromptTemplate.Malformed.Kind;
import dev.cadre.processor.prompt.PromptTemplate.Operand;
import dev.cadre.processor.prompt.PromptTemplate.Placeholder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {

  @Test
  void everyDoubleBraceOpensAPlaceholderAndSingleBracesAreText() {
    PromptTemplate template =
        PromptTemplate.parse(
            "Answer as {\"verdict\": {\"ok\": true}} about {{ topic }} for {{order.customer.name}},"
                + " \\{{not one}}");

    assertThat(template.parts())
        .containsExactly(
            new Literal("Answer as {\"verdict\": {\"ok\": true}} about "),
            new Placeholder("topic"),
            new Literal(" for "),
            new Placeholder("order", List.of("customer", "name")),
            new Literal(", {{not one}}"));
    assertThat(template.malformed()).isEmpty();
    assertThat(template.placeholders()).containsExactly("topic", "order");
    assertThat(template.componentPaths())
        .containsExactly(new Placeholder("order", List.of("customer", "name")));
  }

  @Test
  void whatOpensAPlaceholderButIsNoneIsMalformedWithTheNamesInIt() {
    PromptTemplate template =
        PromptTemplate.parse(
            "{{}} {{1x}} {{a b}} {{a.}} {{c} {{{d}}} {{e}}} {{f {{g}} {{\"h\": {\"i\": 1}}} {{j");

    assertThat(template.malformed())
        .extracting(Malformed::kind, Malformed::text, Malformed::content, Malformed::names)
        .containsExactly(
            tuple(Kind.EMPTY, "{{}}", "", List.of()),
            tuple(Kind.NOT_A_NAME, "{{1x}}", "1x", List.of("x")),
            tuple(Kind.NOT_A_NAME, "{{a b}}", "a b", List.of("a", "b")),
            tuple(Kind.NOT_A_NAME, "{{a.}}", "a.", List.of("a")),
            tuple(Kind.ONE_CLOSING_BRACE, "{{c}", "c", List.of("c")),
            tuple(Kind.TRIPLE_OPENING, "{{{d}}}", "d", List.of("d")),
            tuple(Kind.TRIPLE_CLOSING, "{{e}}}", "e", List.of("e")),
            tuple(Kind.REOPENED, "{{f", "f", List.of("f")),
            tuple(Kind.NOT_A_NAME, "{{\"h\": {\"i\": 1}}", "\"h\": {\"i\": 1", List.of("h", "i")),
            tuple(Kind.UNCLOSED, "{{j", "j", List.of("j")));
    assertThat(template.placeholders()).containsExactly("g");
  }

  @Test
  void placeholdersAreListedOnceInOrderOfFirstUse() {
    PromptTemplate template = PromptTemplate.parse("{{b}} and {{a}}, then {{b}} again");

    assertThat(template.placeholders()).containsExactly("b", "a");
  }

  @Test
  void aTemplateOfOneParameterIsThatPlaceholder() {
    assertThat(PromptTemplate.of("task").parts()).containsExactly(new Placeholder("task"));
  }

  @Test
  void renderingConcatenatesWithAStringFirst() {
    Map<Placeholder, Operand> operands =
        Map.of(
            new Placeholder("count"), new Operand(CodeBlock.of("count"), Operand.Kind.VALUE),
            new Placeholder("topic"), new Operand(CodeBlock.of("topic"), Operand.Kind.STRING),
            new Placeholder("order"), new Operand(CodeBlock.of("json(order)"), Operand.Kind.TEXT));

    // A first non-String value would add rather than concatenate, so it goes through valueOf.
    assertThat(render("{{count}} haiku about {{topic}}", operands))
        .isEqualTo("java.lang.String.valueOf(count) + \" haiku about \" + topic");
    // A String first is enough for concatenation; later values need nothing.
    assertThat(render("{{topic}}: {{count}}", operands)).isEqualTo("topic + \": \" + count");
    // Alone, a String that may be null still reads "null"; text that never is stays as it is.
    assertThat(render("{{topic}}", operands)).isEqualTo("java.lang.String.valueOf(topic)");
    assertThat(render("{{order}}", operands)).isEqualTo("json(order)");
    assertThat(render("", operands)).isEqualTo("\"\"");
  }

  @Test
  void eachRecordOnAPathIsReadOnceIntoALocalOfItsOwn() {
    CodeBlock.Builder code = CodeBlock.builder();
    Set<String> taken = new HashSet<>(Set.of("order", "order_customer"));

    Map<Placeholder, String> locals =
        PromptTemplate.parse("{{order.customer.name}} {{order.id}} {{order.customer.name}}")
            .readComponents(code, taken);

    assertThat(code.build().toString())
        .isEqualTo(
            "var order_customer_ = order == null ? null : order.customer();\n"
                + "var order_customer_name = order_customer_ == null ? null :"
                + " order_customer_.name();\n"
                + "var order_id = order == null ? null : order.id();\n");
    assertThat(locals)
        .containsExactly(
            entry(new Placeholder("order", List.of("customer", "name")), "order_customer_name"),
            entry(new Placeholder("order", List.of("id")), "order_id"));
    assertThat(taken).contains("order_customer_", "order_customer_name", "order_id");
  }

  /** The rendered expression, as a statement: JavaPoet prints wrapped code at a line's end. */
  private static String render(String template, Map<Placeholder, Operand> operands) {
    CodeBlock rendered = PromptTemplate.parse(template).render(operands::get);
    String statement = CodeBlock.builder().addStatement("$L", rendered).build().toString();
    return statement.substring(0, statement.length() - ";\n".length());
  }
}
