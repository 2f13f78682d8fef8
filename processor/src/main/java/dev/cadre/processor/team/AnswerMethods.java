package dev.cadre.processor.team;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.cadre.processor.json.Codecs;
import dev.cadre.processor.json.JsonType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the private methods of a generated team that read the run's last message as an entry
 * method's answer, a record or an enum: one {@code answerX(TaskResult)} per answer type, the JSON
 * readers they call, and the shared {@code json}, {@code unfenced} and {@code notAnswer}.
 */
final class AnswerMethods {

  private static final ClassName TASK_RESULT = ClassName.get("dev.cadre.team", "TaskResult");
  private static final ClassName AGENT_MESSAGE = ClassName.get("dev.cadre.agent", "AgentMessage");
  private static final ClassName JSON = ClassName.get("dev.cadre.core", "Json");
  private static final ClassName JSON_NODE =
      ClassName.get("com.fasterxml.jackson.databind", "JsonNode");
  private static final ClassName TEXT_NODE =
      ClassName.get("com.fasterxml.jackson.databind.node", "TextNode");
  private static final ClassName DESERIALIZATION_FEATURE =
      ClassName.get("com.fasterxml.jackson.databind", "DeserializationFeature");
  private static final ClassName JSON_PROCESSING_EXCEPTION =
      ClassName.get("com.fasterxml.jackson.core", "JsonProcessingException");
  // How much of a message an error quotes.
  private static final int QUOTED = 200;

  private final String teamName;
  private final Codecs codecs = new Codecs();
  private final Map<TypeName, MethodSpec> answerMethods = new LinkedHashMap<>();
  private final Set<String> answerNames = new HashSet<>();

  /** The answer methods of team {@code teamName}, which their errors name. */
  AnswerMethods(String teamName) {
    this.teamName = teamName;
  }

  /**
   * Every method written so far, in the order the generated class holds them; none when no entry
   * method answers with a record or enum.
   */
  List<MethodSpec> methods() {
    List<MethodSpec> methods = new ArrayList<>();
    if (!answerMethods.isEmpty()) {
      methods.addAll(List.of(json(), unfenced(), notAnswer()));
      methods.addAll(answerMethods.values());
      methods.addAll(codecs.helperMethods());
    }
    return methods;
  }

  /**
   * The name of the method that reads the run's last message as {@code type} (a record or enum),
   * written once per type. An enum is read from a JSON string, or from the {@code value} of an
   * object, as an agent answers in an enum ({@code {"value": "APPROVE"}}).
   */
  String methodFor(JsonType type) {
    MethodSpec known = answerMethods.get(type.javaType());
    if (known != null) {
      return known.name();
    }
    String simple = ((ClassName) type.javaType()).simpleName();
    String method = TeamWriter.unique("answer" + simple, answerNames);
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(method)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(type.javaType())
            .addParameter(TASK_RESULT, "result")
            .addStatement("$T last = result.lastMessage()", AGENT_MESSAGE)
            .beginControlFlow("try");
    if (type instanceof JsonType.EnumType) {
      spec.addStatement("$T json = json(last)", JSON_NODE)
          .addStatement(
              "return json.isObject() ? $L : $L",
              codecs.read(type, CodeBlock.of("json.get($S)", "value"), CodeBlock.of("$S", "value")),
              codecs.read(type, CodeBlock.of("json")));
    } else {
      spec.addStatement("return $L", codecs.read(type, CodeBlock.of("json(last)")));
    }
    spec.nextControlFlow("catch ($T e)", IllegalArgumentException.class)
        .addStatement("throw notAnswer(last, $S, e)", simple)
        .endControlFlow();
    answerMethods.put(type.javaType(), spec.build());
    return method;
  }

  /** JSON of a message: a structured answer's value, or the text parsed, strictly. */
  private static MethodSpec json() {
    return MethodSpec.methodBuilder("json")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(JSON_NODE)
        .addParameter(AGENT_MESSAGE, "message")
        .beginControlFlow("if (message instanceof $T.Structured structured)", AGENT_MESSAGE)
        .addStatement("return structured.value()")
        .endControlFlow()
        .addStatement("$T text = unfenced(message.content())", String.class)
        .beginControlFlow("try")
        // Text after the JSON means the message is more than the answer: not one to read.
        .addStatement(
            "return $T.mapper().reader().with($T.FAIL_ON_TRAILING_TOKENS).readTree(text)",
            JSON,
            DESERIALIZATION_FEATURE)
        .nextControlFlow("catch ($T e)", JSON_PROCESSING_EXCEPTION)
        .beginControlFlow("if (text.matches($S))", "\\w+")
        .addComment("a bare word, as models often answer with an enum constant: APPROVE")
        .addStatement("return $T.valueOf(text)", TEXT_NODE)
        .endControlFlow()
        .addStatement(
            "throw new $T($S + e.getOriginalMessage() + $S, e)",
            IllegalArgumentException.class,
            "it is not JSON (",
            ")")
        .endControlFlow()
        .build();
  }

  /** Text without the white space and the Markdown code fence (```json ... ```) around it. */
  private static MethodSpec unfenced() {
    return MethodSpec.methodBuilder("unfenced")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(String.class)
        .addParameter(String.class, "text")
        .addStatement("$T stripped = text.strip()", String.class)
        .beginControlFlow(
            "if (stripped.length() < 6 || !stripped.startsWith($S) || !stripped.endsWith($S))",
            "```",
            "```")
        .addStatement("return stripped")
        .endControlFlow()
        .addStatement("int end = stripped.length() - 3")
        .addComment("the opening fence's line may name the language: ```json")
        .addStatement("int start = stripped.indexOf('\\n')")
        .addStatement(
            "return stripped.substring(start < 0 || start > end ? 3 : start + 1, end).strip()")
        .build();
  }

  /** The error for a last message that is not JSON of the answer type. */
  private MethodSpec notAnswer() {
    return MethodSpec.methodBuilder("notAnswer")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(IllegalStateException.class)
        .addParameter(AGENT_MESSAGE, "message")
        .addParameter(String.class, "type")
        .addParameter(IllegalArgumentException.class, "cause")
        .addStatement("$T text = message.content()", String.class)
        .beginControlFlow("if (text.length() > $L)", QUOTED)
        .addStatement("text = text.substring(0, $L) + $S", QUOTED - 3, "...")
        .endControlFlow()
        .addStatement(
            "return new $T($S + message.source() + $S + type + $S + cause.getMessage() + $S + text"
                + " + $S + message.source() + $S + type + $S, cause)",
            IllegalStateException.class,
            "team '" + teamName + "' cannot read its last message, from '",
            "', as ",
            ": ",
            "; the message: \"",
            "\"; have '",
            "' answer with only the JSON of ",
            ", e.g. by saying so in its system message")
        .build();
  }
}
