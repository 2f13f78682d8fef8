package dev.cadre.processor.agent;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.cadre.processor.Context;
import dev.cadre.processor.json.Codecs;
import dev.cadre.processor.json.JsonType;
import dev.cadre.processor.json.JsonTypes;
import java.util.List;
import javax.lang.model.type.TypeMirror;

/**
 * The agent step's one door to the json step: which types map to JSON, and the schema text and
 * reading and writing code of the ones that do. Structured output of a type that is not an object
 * (an enum) is asked for as the property {@value #WRAPPED} of an object, as the model APIs want an
 * object at the root of a response schema (the runtime's {@code StructuredOutput.of} does the
 * same).
 */
final class AgentJson {

  static final String WRAPPED = "value";

  private final JsonTypes types;

  AgentJson(Context context) {
    this.types = new JsonTypes(context);
  }

  /**
   * How {@code type} maps to JSON.
   *
   * @param type the mapped type, null when it does not map (see problems) or is unresolved
   * @param problems why it does not map, each naming the path to the culprit
   * @param unresolved whether the type holds a type that is not generated yet
   */
  record Mapping(JsonType type, List<String> problems, boolean unresolved) {}

  Mapping map(TypeMirror type) {
    JsonTypes.Mapping mapping = types.map(type);
    return new Mapping(mapping.type(), List.copyOf(mapping.problems()), mapping.unresolved());
  }

  /** The JSON code of one generated class: make one per class, and add its helper methods. */
  static final class Writer {
    private final Codecs codecs = new Codecs();

    /** The response schema of an answer of {@code type}, as JSON text. */
    String outputSchema(JsonType type, boolean wrapped) {
      String schema = codecs.schema(type);
      if (!wrapped) {
        return schema;
      }
      return "{\"type\":\"object\",\"properties\":{\""
          + WRAPPED
          + "\":"
          + schema
          + "},\"required\":[\""
          + WRAPPED
          + "\"],\"additionalProperties\":false}";
    }

    /** An expression reading the answer from the JSON node {@code json} (a variable name). */
    CodeBlock readOutput(JsonType type, boolean wrapped, String json) {
      CodeBlock node =
          wrapped ? CodeBlock.of("$N.get($S)", json, WRAPPED) : CodeBlock.of("$N", json);
      return codecs.read(type, node);
    }

    /** An expression writing {@code value} as a {@code JsonNode}. */
    CodeBlock write(JsonType type, CodeBlock value) {
      return codecs.write(type, value);
    }

    /** The private static methods the expressions above call, in a stable order. */
    List<MethodSpec> helperMethods() {
      return codecs.helperMethods();
    }
  }
}
