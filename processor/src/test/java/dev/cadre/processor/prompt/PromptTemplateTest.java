package dev.cadre.processor.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import com.palantir.javapoet.CodeBlock;
import dev.cadre.processor.prompt.PromptTemplate.Literal;
import dev.cadre.processor.prompt.PromptTemplate.Operand;
import dev.cadre.processor.prompt.PromptTemplate.Placeholder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {

  @Test
  void placeholdersAreIdentifiersInDoubleBracesAndEveryOtherBraceIsText() {
    PromptTemplate template =
        PromptTemplate.parse(
            "Answer as {\"verdict\": \"ok\"} or {{\"verdict\": \"no\"}} about {{ topic"
                + " }}{{a.b}}{{}}");

    assertThat(template.parts())
        .containsExactly(
            new Literal("Answer as {\"verdict\": \"ok\"} or {{\"verdict\": \"no\"}} about "),
            new Placeholder("topic"),
            new Literal("{{a.b}}{{}}"));
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
    Map<String, Operand> operands =
        Map.of(
            "count", new Operand(CodeBlock.of("count"), Operand.Kind.VALUE),
            "topic", new Operand(CodeBlock.of("topic"), Operand.Kind.STRING),
            "order", new Operand(CodeBlock.of("json(order)"), Operand.Kind.TEXT));

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

  /** The rendered expression, as a statement: JavaPoet prints wrapped code at a line's end. */
  private static String render(String template, Map<String, Operand> operands) {
    CodeBlock rendered = PromptTemplate.parse(template).render(operands::get);
    String statement = CodeBlock.builder().addStatement("$L", rendered).build().toString();
    return statement.substring(0, statement.length() - ";\n".length());
  }
}
