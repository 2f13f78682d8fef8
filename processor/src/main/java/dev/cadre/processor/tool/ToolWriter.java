package dev.cadre.processor.tool;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.cadre.processor.Context;
import dev.cadre.processor.Naming;
import dev.cadre.processor.Output;
import dev.cadre.processor.json.Codecs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Holder>_Tools} for a checked {@link ToolHolder}:
 *
 * <ul>
 *   <li>per tool, a {@code private static final String} constant holding its parameters' JSON
 *       schema, written at compile time;
 *   <li>{@code public static List<Tool> tools(Holder instance)} (or {@code tools()} when every tool
 *       is static), which builds one {@code ToolSpec} per tool from its constant each time it is
 *       called (an {@code ObjectNode} is mutable, so none is shared through a static field);
 *   <li>per tool, a private method that reads each argument with the {@link Codecs} code, calls the
 *       tool method directly, and returns what the model reads: a {@code String} result as it is,
 *       {@value #VOID_RESULT} for {@code void}, anything else as compact JSON;
 *   <li>the codecs' helper methods.
 * </ul>
 *
 * Checked exceptions the tool method declares propagate; the runtime reports them to the model.
 */
final class ToolWriter {

  /** What the model reads after a {@code void} tool ran: an empty result reads like nothing. */
  static final String VOID_RESULT = "done";

  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  static final ClassName TOOL = ClassName.get("dev.cadre.tool", "Tool");
  private static final ClassName TOOL_SPEC = ClassName.get("dev.cadre.tool", "ToolSpec");
  private static final ClassName TOOL_CONTEXT = ClassName.get("dev.cadre.tool", "ToolContext");
  private static final ClassName JSON_SCHEMAS = ClassName.get("dev.cadre.tool", "JsonSchemas");
  private static final ClassName JSON_VALUES = ClassName.get("dev.cadre.tool", "JsonValues");
  private static final ClassName OBJECT_NODE =
      ClassName.get("com.fasterxml.jackson.databind.node", "ObjectNode");
  static final ClassName LIST = ClassName.get("java.util", "List");
  private static final ClassName OBJECTS = ClassName.get("java.util", "Objects");
  // Names the call methods use for themselves; a tool parameter with one of them is renamed.
  private static final Set<String> RESERVED = Set.of("instance", "arguments", "context", "result");

  private final Context context;

  ToolWriter(Context context) {
    this.context = context;
  }

  void write(ToolHolder holder) {
    Codecs codecs = new Codecs();
    ClassName holderName = ClassName.get(holder.element());
    TypeSpec.Builder type =
        TypeSpec.classBuilder(holder.generated())
            .addOriginatingElement(holder.element())
            .addAnnotation(
                AnnotationSpec.builder(GENERATED)
                    .addMember("value", "$S", "dev.cadre.processor.CadreProcessor")
                    .build())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc(
                "The {@code @Tool} methods of {@link $T} as {@link $T}s an agent can offer its"
                    + " model.\n",
                holderName,
                TOOL);
    if (holder.deprecated()) {
      type.addAnnotation(
          AnnotationSpec.builder(SuppressWarnings.class)
              .addMember("value", "$S", "deprecation")
              .build());
    }

    Set<String> names = new HashSet<>();
    List<CodeBlock> tools = new ArrayList<>();
    List<MethodSpec> calls = new ArrayList<>();
    for (ToolHolder.ToolMethod tool : holder.tools()) {
      String constant = unique(names, constantName(tool.name()) + "_PARAMETERS");
      String call = unique(names, "call" + camel(tool.name()));
      List<Codecs.Property> properties = new ArrayList<>();
      for (ToolHolder.ToolParameter parameter : tool.parameters()) {
        if (!parameter.isContext()) {
          properties.add(
              new Codecs.Property(parameter.name(), parameter.type(), parameter.description()));
        }
      }
      type.addField(
          FieldSpec.builder(
                  String.class, constant, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .initializer("$S", codecs.objectSchema(properties))
              .build());
      tools.add(
          CodeBlock.of(
              "$T.of(\n$>$>new $T($S, $S, $T.parse($N)),\n$L)$<$<",
              TOOL,
              TOOL_SPEC,
              tool.name(),
              tool.description(),
              JSON_SCHEMAS,
              constant,
              tool.isStatic()
                  ? CodeBlock.of("(arguments, context) -> $N(arguments, context)", call)
                  : CodeBlock.of(
                      "(arguments, context) -> $N(instance, arguments, context)", call)));
      calls.add(call(holder, holderName, tool, call, codecs));
    }

    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    MethodSpec.Builder toolsMethod =
        MethodSpec.methodBuilder("tools")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(ParameterizedTypeName.get(LIST, TOOL))
            .addJavadoc(
                "The tools $L, in declaration order.\n",
                holder.tools().stream()
                    .map(tool -> "{@code " + tool.name() + "}")
                    .collect(Collectors.joining(", ")));
    if (holder.needsInstance()) {
      toolsMethod
          .addJavadoc(
              "\n@param instance the $L whose methods the tools call\n", holderName.simpleName())
          .addParameter(holder.type(), "instance")
          .addStatement(
              "$T.requireNonNull(instance, $S)",
              OBJECTS,
              holderName.simpleName()
                  + " instance is null: pass the object whose @Tool methods the tools call");
    }
    type.addMethod(
        toolsMethod
            .addCode("return $T.of(\n$>$>$L$<$<);\n", LIST, CodeBlock.join(tools, ",\n"))
            .build());
    type.addMethods(calls);
    type.addMethods(codecs.helperMethods());

    JavaFile file =
        JavaFile.builder(holder.generated().packageName(), type.build())
            .skipJavaLangImports(true)
            .build();
    new Output(context)
        .write(file, holder.element(), "the @Tool methods of " + holderName.canonicalName());
  }

  /** The method that runs one tool: read the arguments, call, turn the result into text. */
  private static MethodSpec call(
      ToolHolder holder,
      ClassName holderName,
      ToolHolder.ToolMethod tool,
      String name,
      Codecs codecs) {
    String method = tool.method().getSimpleName().toString();
    MethodSpec.Builder call =
        MethodSpec.methodBuilder(name)
            .addJavadoc("Runs tool {@code $L}: {@link $T#$L}.\n", tool.name(), holderName, method)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(String.class);
    if (!tool.isStatic()) {
      call.addParameter(holder.type(), "instance");
    }
    call.addParameter(OBJECT_NODE, "arguments")
        .addParameter(TOOL_CONTEXT, "context")
        .addExceptions(tool.thrown());

    Set<String> locals = new HashSet<>(RESERVED);
    tool.parameters().forEach(parameter -> locals.add(parameter.name()));
    List<CodeBlock> arguments = new ArrayList<>();
    for (ToolHolder.ToolParameter parameter : tool.parameters()) {
      if (parameter.isContext()) {
        arguments.add(CodeBlock.of("context"));
        continue;
      }
      String local = parameter.name();
      if (RESERVED.contains(local)) {
        local = unique(locals, local + "Argument");
      }
      call.addStatement(
          "$T $N = $L",
          parameter.type().javaType(),
          local,
          codecs.read(
              parameter.type(),
              CodeBlock.of("arguments.get($S)", parameter.name()),
              CodeBlock.of("$S", parameter.name())));
      arguments.add(CodeBlock.of("$N", local));
    }
    CodeBlock invocation =
        tool.isStatic()
            ? CodeBlock.of("$T.$N($L)", holderName, method, CodeBlock.join(arguments, ", "))
            : CodeBlock.of("instance.$N($L)", method, CodeBlock.join(arguments, ", "));
    switch (tool.result()) {
      case NONE -> call.addStatement("$L", invocation).addStatement("return $S", VOID_RESULT);
      case TEXT -> call.addStatement("return $L", invocation);
      case JSON ->
          call.addStatement("$T result = $L", tool.resultType().javaType(), invocation)
              .addStatement(
                  "return $T.render($L)",
                  JSON_VALUES,
                  codecs.write(tool.resultType(), CodeBlock.of("result")));
    }
    return call.build();
  }

  private static String unique(Set<String> taken, String base) {
    String name = base;
    for (int i = 2; !taken.add(name); i++) {
      name = base + i;
    }
    return name;
  }

  /** {@code get-weather} and {@code getWeather} become {@code GET_WEATHER}. */
  private static String constantName(String toolName) {
    String name = Naming.snakeCase(toolName.replace('-', '_')).toUpperCase(Locale.ROOT);
    return Character.isDigit(name.charAt(0)) ? "TOOL_" + name : name;
  }

  /** {@code get_weather} and {@code get-weather} become {@code GetWeather}. */
  private static String camel(String toolName) {
    StringBuilder out = new StringBuilder();
    for (String part : toolName.split("[_-]+")) {
      if (!part.isEmpty()) {
        out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return out.length() == 0 ? "Tool" : out.toString();
  }
}
