package dev.cadre.processor.agent;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import dev.cadre.processor.CadreProcessor;
import dev.cadre.processor.Naming;
import dev.cadre.processor.agent.AgentModel.Component;
import dev.cadre.processor.agent.AgentModel.HandoffTarget;
import dev.cadre.processor.agent.AgentModel.Kind;
import dev.cadre.processor.agent.AgentModel.Method;
import dev.cadre.processor.agent.AgentModel.Parameter;
import dev.cadre.processor.agent.AgentModel.Rendering;
import dev.cadre.processor.agent.AgentModel.ToolHolder;
import dev.cadre.processor.json.JsonType;
import dev.cadre.processor.prompt.PromptTemplate;
import dev.cadre.processor.prompt.PromptTemplate.Operand;
import dev.cadre.processor.prompt.PromptTemplate.Placeholder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * Writes {@code Cadre<Name>} for a valid {@link AgentModel}: the class a person would write by hand
 * over the runtime's {@code AssistantAgent}. Each entry method renders its prompt by string
 * concatenation (no template engine at run time) and asks the agent for one turn; structured
 * answers use a schema written here as a constant and a parser written by the json step, so nothing
 * is reflected on at run time.
 */
final class AgentWriter {

  private static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");
  private static final ClassName ASSISTANT_AGENT =
      ClassName.get("dev.cadre.agent", "AssistantAgent");
  private static final ClassName AGENT_RESPONSE = ClassName.get("dev.cadre.agent", "AgentResponse");
  private static final ClassName AGENT_MESSAGE = ClassName.get("dev.cadre.agent", "AgentMessage");
  private static final ClassName HANDOFF = ClassName.get("dev.cadre.agent", "Handoff");
  private static final ClassName STRUCTURED_OUTPUT =
      ClassName.get("dev.cadre.agent", "StructuredOutput");
  private static final ClassName TOOL_APPROVER = ClassName.get("dev.cadre.agent", "ToolApprover");
  private static final ClassName CHAT_MODEL = ClassName.get("dev.cadre.model", "ChatModel");
  private static final ClassName CANCELLATION_TOKEN =
      ClassName.get("dev.cadre.core", "CancellationToken");
  private static final ClassName THREADS = ClassName.get("dev.cadre.core", "Threads");
  private static final ClassName JSON = ClassName.get("dev.cadre.core", "Json");
  private static final ClassName JSON_SCHEMAS = ClassName.get("dev.cadre.tool", "JsonSchemas");
  private static final ClassName COMPLETABLE_FUTURE =
      ClassName.get("java.util.concurrent", "CompletableFuture");
  private static final ClassName FUNCTION = ClassName.get("java.util.function", "Function");
  private static final ClassName LIST = ClassName.get("java.util", "List");
  private static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");
  private static final ClassName MAP = ClassName.get("java.util", "Map");
  private static final ClassName HASH_MAP = ClassName.get("java.util", "HashMap");
  private static final ClassName OBJECTS = ClassName.get("java.util", "Objects");
  private static final TypeName ANY_OUTPUT =
      ParameterizedTypeName.get(STRUCTURED_OUTPUT, WildcardTypeName.subtypeOf(Object.class));

  private final AgentModel agent;
  private final ClassName interfaceName;
  private final ClassName className;
  private final ClassName builderName;
  private final AgentJson.Writer json = new AgentJson.Writer();
  // One structured output per answer type, in order of first use.
  private final Map<String, OutputField> outputs = new LinkedHashMap<>();

  private AgentWriter(AgentModel agent) {
    this.agent = agent;
    this.interfaceName = ClassName.get(agent.type());
    this.className = Naming.generatedClass(agent.type(), "Cadre", "");
    this.builderName = className.nestedClass("Builder");
  }

  /** The source of {@code Cadre<Name>} for {@code agent}. */
  static JavaFile write(AgentModel agent) {
    return new AgentWriter(agent).file();
  }

  private JavaFile file() {
    List<MethodSpec> entries = new ArrayList<>();
    boolean sync = false;
    boolean async = false;
    for (Method method : agent.methods()) {
      entries.add(entryMethod(method));
      sync |= !method.output().async();
      async |= method.output().async();
    }
    TypeSpec.Builder type =
        TypeSpec.classBuilder(className)
            .addOriginatingElement(agent.type())
            .addJavadoc(
                "The {@code $L} agent: implements {@link $T} with an {@link $T}.\nBuild it with"
                    + " {@link #builder()}.\n",
                agent.name().value(),
                interfaceName,
                ASSISTANT_AGENT)
            .addAnnotation(
                AnnotationSpec.builder(GENERATED)
                    .addMember("value", "$S", CadreProcessor.class.getName())
                    .build())
            .addModifiers(visibility())
            .addModifiers(Modifier.FINAL)
            .addSuperinterface(TypeName.get(agent.type().asType()));
    for (OutputField output : outputs.values()) {
      type.addField(
          FieldSpec.builder(
                  String.class, output.schema, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .initializer("$S", json.outputSchema(output.json, output.wrapped))
              .build());
    }
    type.addField(ASSISTANT_AGENT, "agent", Modifier.PRIVATE, Modifier.FINAL);
    for (OutputField output : outputs.values()) {
      type.addField(
          ParameterizedTypeName.get(STRUCTURED_OUTPUT, output.type),
          output.field,
          Modifier.PRIVATE,
          Modifier.FINAL);
    }
    type.addMethod(constructor())
        .addMethod(
            MethodSpec.methodBuilder("builder")
                .addJavadoc("Starts building the agent.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(builderName)
                .addStatement("return new $T()", builderName)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("agent")
                .addJavadoc("The assistant agent behind this interface, for teams.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(ASSISTANT_AGENT)
                .addStatement("return agent")
                .build())
        .addMethods(entries);
    if (sync) {
      type.addMethod(askMethod());
    }
    if (!entries.isEmpty()) {
      type.addMethod(askCancellableMethod());
    }
    if (async) {
      type.addMethod(askAsyncMethod());
    }
    type.addMethods(json.helperMethods()).addType(builder());
    return JavaFile.builder(className.packageName(), type.build())
        .skipJavaLangImports(true)
        .build();
  }

  /** Public when the interface can be seen from everywhere, else package-private like it. */
  private Modifier[] visibility() {
    for (Element element = agent.type();
        !(element instanceof PackageElement);
        element = element.getEnclosingElement()) {
      if (!element.getModifiers().contains(Modifier.PUBLIC)) {
        return new Modifier[0];
      }
    }
    return new Modifier[] {Modifier.PUBLIC};
  }

  private MethodSpec constructor() {
    CodeBlock.Builder chain =
        CodeBlock.builder()
            .add("$T.builder($S)", ASSISTANT_AGENT, agent.name().value())
            .indent()
            .indent();
    if (!agent.description().isEmpty()) {
      chain.add("\n.description($S)", agent.description());
    }
    if (!agent.systemMessage().isEmpty()) {
      chain.add("\n.systemMessage($S)", agent.systemMessage());
    }
    String key = agent.modelKey().value();
    if (key.isEmpty()) {
      chain.add("\n.model(builder.model)");
    } else {
      chain.add("\n.model(builder.models.get($S))", key);
    }
    for (ToolHolder holder : agent.tools()) {
      ClassName tools = toolsClass(holder.element());
      if (holder.instance()) {
        chain.add("\n.tools($T.tools(builder.$N))", tools, setterName(holder));
      } else {
        chain.add("\n.tools($T.tools())", tools);
      }
    }
    List<String> approve = approvals();
    if (!approve.isEmpty()) {
      CodeBlock.Builder call = CodeBlock.builder().add("\n.toolApproval(builder.approver");
      for (String tool : approve) {
        call.add(", $S", tool);
      }
      chain.add(call.add(")").build());
    }
    for (HandoffTarget handoff : agent.handoffs()) {
      if (handoff.description().isEmpty()) {
        chain.add("\n.handoff($T.to($S))", HANDOFF, handoff.name());
      } else {
        chain.add("\n.handoff($S, $S)", handoff.name(), handoff.description());
      }
    }
    if (agent.maxToolIterations().value() != 10) {
      chain.add("\n.maxToolIterations($L)", agent.maxToolIterations().value());
    }
    if (agent.temperature().value() >= 0) {
      chain.add("\n.temperature($L)", agent.temperature().value());
    }
    if (agent.streaming()) {
      chain.add("\n.streaming(true)");
    }
    chain.add("\n.build()").unindent().unindent();
    MethodSpec.Builder constructor =
        MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PRIVATE)
            .addParameter(builderName, "builder")
            .addStatement("this.agent =\n$L", chain.build());
    for (OutputField output : outputs.values()) {
      constructor.addStatement(
          "this.$N =\n$T.of($T.class,$W$S,$W$T.parse($N),$Wjson -> $L)",
          output.field,
          STRUCTURED_OUTPUT,
          output.type,
          output.name,
          JSON_SCHEMAS,
          output.schema,
          json.readOutput(output.json, output.wrapped, "json"));
    }
    return constructor.build();
  }

  private MethodSpec entryMethod(Method method) {
    MethodSpec.Builder builder =
        MethodSpec.methodBuilder(method.name())
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(TypeName.get(method.type().getReturnType()));
    Set<String> names = new HashSet<>();
    for (Parameter parameter : method.parameters()) {
      builder.addParameter(
          ParameterSpec.builder(TypeName.get(parameter.type()), parameter.name()).build());
      names.add(parameter.name());
    }
    // Locals get names no parameter has, so that any parameter name works.
    CodeBlock.Builder reads = CodeBlock.builder();
    Map<Placeholder, String> components = method.template().readComponents(reads, names);
    builder.addCode(reads.build());
    String prompt = PromptTemplate.unused("prompt", names);
    builder.addStatement("$T $N = $L", String.class, prompt, prompt(method, components));
    AgentModel.Output output = method.output();
    CodeBlock structured =
        output.kind() == Kind.VALUE
            ? CodeBlock.of("this.$N", output(output).field)
            : CodeBlock.of("null");
    TypeName value = output.value() == null ? null : TypeName.get(output.value());
    if (!output.async()) {
      switch (output.kind()) {
        case TEXT:
          builder.addStatement("return ask($N, null).text()", prompt);
          break;
        case VALUE:
          builder.addStatement("return ask($N, $L).value($T.class)", prompt, structured, value);
          break;
        default:
          builder.addStatement("return ask($N, null)", prompt);
      }
      return builder.build();
    }
    switch (output.kind()) {
      case TEXT:
        builder.addStatement("return askAsync($N, null, $T::text)", prompt, AGENT_RESPONSE);
        break;
      case VALUE:
        String response = PromptTemplate.unused("response", names);
        builder.addStatement(
            "return askAsync($N, $L, $N -> $N.value($T.class))",
            prompt,
            structured,
            response,
            response,
            value);
        break;
      default:
        builder.addStatement("return askAsync($N, null, $T.identity())", prompt, FUNCTION);
    }
    return builder.build();
  }

  /**
   * The prompt as one concatenation; records, collections and the like as compact JSON.
   *
   * @param components the local holding the value of each placeholder that follows components
   */
  private CodeBlock prompt(Method method, Map<Placeholder, String> components) {
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    for (Parameter parameter : method.parameters()) {
      parameters.put(parameter.name(), parameter);
    }
    Map<Placeholder, Component> reached = new HashMap<>();
    for (Component component : method.components()) {
      reached.put(component.placeholder(), component);
    }
    return method
        .template()
        .render(
            placeholder -> {
              if (placeholder.components().isEmpty()) {
                Parameter parameter = parameters.get(placeholder.parameter());
                return operand(
                    placeholder.parameter(),
                    parameter.type(),
                    parameter.rendering(),
                    parameter.json());
              }
              Component component = reached.get(placeholder);
              return operand(
                  components.get(placeholder),
                  component.type(),
                  component.rendering(),
                  component.json());
            });
  }

  /** The value of the variable {@code name}, as the prompt shows a value of {@code type}. */
  private Operand operand(String name, TypeMirror type, Rendering rendering, JsonType json) {
    CodeBlock value = CodeBlock.of("$N", name);
    if (rendering == Rendering.JSON) {
      return new Operand(
          CodeBlock.of(
              "($N == null ? $S : $T.write($L))", name, "null", JSON, this.json.write(json, value)),
          Operand.Kind.TEXT);
    }
    return new Operand(value, isString(type) ? Operand.Kind.STRING : Operand.Kind.VALUE);
  }

  private static boolean isString(TypeMirror type) {
    return type instanceof DeclaredType declared
        && ((TypeElement) declared.asElement())
            .getQualifiedName()
            .contentEquals("java.lang.String");
  }

  private OutputField output(AgentModel.Output output) {
    TypeElement element = (TypeElement) ((DeclaredType) output.value()).asElement();
    String key = element.getQualifiedName().toString();
    OutputField existing = outputs.get(key);
    if (existing != null) {
      return existing;
    }
    String simple = element.getSimpleName().toString();
    String base = simple;
    int suffix = 1;
    while (fieldTaken(Naming.lowerCamel(base) + "Output")) {
      base = simple + ++suffix;
    }
    OutputField field =
        new OutputField(
            ClassName.get(element),
            simple.replaceAll("[^a-zA-Z0-9_-]", "_"),
            Naming.snakeCase(base).toUpperCase(Locale.ROOT) + "_SCHEMA",
            Naming.lowerCamel(base) + "Output",
            output.json(),
            element.getKind() == ElementKind.ENUM);
    outputs.put(key, field);
    return field;
  }

  private boolean fieldTaken(String field) {
    for (OutputField output : outputs.values()) {
      if (output.field.equals(field)) {
        return true;
      }
    }
    return field.equals("agentOutput");
  }

  /** Runs a turn that nothing can cancel, for the blocking entry methods. */
  private MethodSpec askMethod() {
    return MethodSpec.methodBuilder("ask")
        .addJavadoc("Runs one turn on {@code prompt}; a null {@code output} asks for free text.\n")
        .addModifiers(Modifier.PRIVATE)
        .returns(AGENT_RESPONSE)
        .addParameter(String.class, "prompt")
        .addParameter(ANY_OUTPUT, "output")
        .addStatement("return ask(prompt, output, $T.none())", CANCELLATION_TOKEN)
        .build();
  }

  private MethodSpec askCancellableMethod() {
    return MethodSpec.methodBuilder("ask")
        .addModifiers(Modifier.PRIVATE)
        .returns(AGENT_RESPONSE)
        .addParameter(String.class, "prompt")
        .addParameter(ANY_OUTPUT, "output")
        .addParameter(CANCELLATION_TOKEN, "cancellation")
        .addStatement(
            "return agent.onMessages($T.of($T.user(prompt)), output, cancellation, event -> {})",
            LIST,
            AGENT_MESSAGE)
        .build();
  }

  private MethodSpec askAsyncMethod() {
    TypeVariableName t = TypeVariableName.get("T");
    TypeName future = ParameterizedTypeName.get(COMPLETABLE_FUTURE, t);
    return MethodSpec.methodBuilder("askAsync")
        .addJavadoc(
            "Runs one turn on {@code prompt} on a Cadre thread; cancelling the future cancels the"
                + " turn.\n")
        .addModifiers(Modifier.PRIVATE)
        .addTypeVariable(t)
        .returns(future)
        .addParameter(String.class, "prompt")
        .addParameter(ANY_OUTPUT, "output")
        .addParameter(ParameterizedTypeName.get(FUNCTION, AGENT_RESPONSE, t), "answer")
        .addStatement("$T cancellation = new $T()", CANCELLATION_TOKEN, CANCELLATION_TOKEN)
        .addStatement(
            "$T future =\n$T.supplyAsync(\n$>$>() -> answer.apply(ask(prompt, output,"
                + " cancellation)), $T.shared())$<$<",
            future,
            COMPLETABLE_FUTURE,
            THREADS)
        .addCode(
            "future.whenComplete(\n$>$>(value, error) -> {\n$>if (future.isCancelled()) {\n$>"
                + "cancellation.cancel();\n$<}\n$<});\n$<$<")
        .addStatement("return future")
        .build();
  }

  private TypeSpec builder() {
    TypeSpec.Builder builder =
        TypeSpec.classBuilder(builderName)
            .addJavadoc(
                "Takes what the agent needs; {@link #build()} names everything still missing.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addField(CHAT_MODEL, "model", Modifier.PRIVATE)
            .addField(
                FieldSpec.builder(
                        ParameterizedTypeName.get(MAP, ClassName.get(String.class), CHAT_MODEL),
                        "models",
                        Modifier.PRIVATE,
                        Modifier.FINAL)
                    .initializer("new $T<>()", HASH_MAP)
                    .build());
    List<ToolHolder> instances = new ArrayList<>();
    for (ToolHolder holder : agent.tools()) {
      if (holder.instance()) {
        instances.add(holder);
        builder.addField(ClassName.get(holder.element()), setterName(holder), Modifier.PRIVATE);
      }
    }
    boolean approves = !agent.approve().isEmpty();
    if (approves) {
      builder.addField(TOOL_APPROVER, "approver", Modifier.PRIVATE);
    }
    builder
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(
            MethodSpec.methodBuilder("model")
                .addJavadoc("The model of agents that name no model key.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(builderName)
                .addParameter(CHAT_MODEL, "model")
                .addStatement("this.model = $T.requireNonNull(model, $S)", OBJECTS, "model")
                .addStatement("return this")
                .build())
        .addMethod(
            MethodSpec.methodBuilder("model")
                .addJavadoc(
                    "The model of agents declared with {@code @Agent(model = key)}. Keys this"
                        + " agent\n"
                        + "does not use are ignored, so that one set of models can build a team.\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(builderName)
                .addParameter(String.class, "key")
                .addParameter(CHAT_MODEL, "model")
                .addStatement(
                    "models.put($T.requireNonNull(key, $S), $T.requireNonNull(model, $S))",
                    OBJECTS,
                    "key",
                    OBJECTS,
                    "model")
                .addStatement("return this")
                .build());
    for (ToolHolder holder : instances) {
      String name = setterName(holder);
      ClassName type = ClassName.get(holder.element());
      builder.addMethod(
          MethodSpec.methodBuilder(name)
              .addJavadoc("The {@link $T} whose {@code @Tool} methods the agent calls.\n", type)
              .addModifiers(Modifier.PUBLIC)
              .returns(builderName)
              .addParameter(type, name)
              .addStatement("this.$N = $T.requireNonNull($N, $S)", name, OBJECTS, name, name)
              .addStatement("return this")
              .build());
    }
    if (approves) {
      builder.addMethod(
          MethodSpec.methodBuilder("approver")
              .addJavadoc(
                  "Who approves each call of $L before it runs; a refused call does not run.\n",
                  String.join(", ", approvals()))
              .addModifiers(Modifier.PUBLIC)
              .returns(builderName)
              .addParameter(TOOL_APPROVER, "approver")
              .addStatement("this.approver = $T.requireNonNull(approver, $S)", OBJECTS, "approver")
              .addStatement("return this")
              .build());
    }
    MethodSpec.Builder build =
        MethodSpec.methodBuilder("build")
            .addJavadoc(
                "@throws IllegalStateException naming every model and tool holder not given yet\n")
            .addModifiers(Modifier.PUBLIC)
            .returns(className)
            .addStatement("$T<$T> missing = new $T<>()", LIST, String.class, ARRAY_LIST);
    String key = agent.modelKey().value();
    if (key.isEmpty()) {
      build
          .beginControlFlow("if (model == null)")
          .addStatement("missing.add($S)", "model(ChatModel)");
    } else {
      build
          .beginControlFlow("if (!models.containsKey($S))", key)
          .addStatement("missing.add($S)", "model(\"" + key + "\", ChatModel)");
    }
    build.endControlFlow();
    for (ToolHolder holder : instances) {
      String name = setterName(holder);
      build
          .beginControlFlow("if ($N == null)", name)
          .addStatement("missing.add($S)", name + "(" + holder.element().getSimpleName() + ")")
          .endControlFlow();
    }
    if (approves) {
      build
          .beginControlFlow("if (approver == null)")
          .addStatement("missing.add($S)", "approver(ToolApprover)")
          .endControlFlow();
    }
    build
        .beginControlFlow("if (!missing.isEmpty())")
        .addStatement(
            "throw new $T(\n$S\n$>$>+ $T.join($S, missing)\n+ $S$<$<)",
            IllegalStateException.class,
            "agent '"
                + agent.name().value()
                + "' ("
                + className.simpleName()
                + ") cannot be built"
                + " without ",
            String.class,
            ", ",
            "; call those builder methods before build()")
        .endControlFlow()
        .addStatement("return new $T(this)", className);
    return builder.addMethod(build.build()).build();
  }

  /** The tools in {@code approve}, each once, in the order written. */
  private List<String> approvals() {
    Set<String> names = new LinkedHashSet<>();
    for (AgentModel.Setting<String> approve : agent.approve()) {
      names.add(approve.value());
    }
    return List.copyOf(names);
  }

  private static String setterName(ToolHolder holder) {
    return Naming.lowerCamel(holder.element().getSimpleName().toString());
  }

  /** The class the tool step writes for a holder: {@code Outer_Inner_Tools} beside it. */
  static ClassName toolsClass(TypeElement holder) {
    return Naming.generatedClass(holder, "", "_Tools");
  }

  /** A structured answer type: its schema constant, output field, and how it is read. */
  private record OutputField(
      ClassName type, String name, String schema, String field, JsonType json, boolean wrapped) {}
}
