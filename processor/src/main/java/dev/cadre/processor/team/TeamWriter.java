package dev.cadre.processor.team;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.cadre.graph.TeamPattern;
import dev.cadre.processor.CadreProcessor;
import dev.cadre.processor.Context;
import dev.cadre.processor.Naming;
import dev.cadre.processor.json.Codecs;
import dev.cadre.processor.json.JsonType;
import dev.cadre.processor.prompt.PromptTemplate.Operand;
import dev.cadre.processor.prompt.PromptTemplate.Part;
import dev.cadre.processor.prompt.PromptTemplate.Placeholder;
import dev.cadre.processor.team.TeamDeclaration.EdgeDeclaration;
import dev.cadre.processor.team.TeamDeclaration.EntryMethod;
import dev.cadre.processor.team.TeamDeclaration.Kind;
import dev.cadre.processor.team.TeamDeclaration.Member;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Writes {@code Cadre<Name>} for a team without errors: a final class implementing the interface
 * (and {@link AutoCloseable}), whose builder takes every model and tool holder the participants
 * need, builds each participant through its own generated builder, and builds the team with the DSL
 * exactly as a person would write it. Entry methods render their prompt and run the team.
 */
final class TeamWriter {

  private static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");
  private static final ClassName CADRE = ClassName.get("dev.cadre.dsl", "Cadre");
  // @GroupChat.MagenticOne's maxStalls and maxReplans default, and MagenticOneBuilder's.
  private static final int MAGENTIC_DEFAULT_BOUND = 3;
  private static final ClassName TEAM = ClassName.get("dev.cadre.team", "Team");
  private static final ClassName TASK_RESULT = ClassName.get("dev.cadre.team", "TaskResult");
  private static final ClassName TERMINATIONS = ClassName.get("dev.cadre.team", "Terminations");
  private static final ClassName CHAT_GRAPH = ClassName.get("dev.cadre.team", "ChatGraph");
  private static final ClassName CHAT_MODEL = ClassName.get("dev.cadre.model", "ChatModel");
  private static final ClassName TOOL_APPROVER = ClassName.get("dev.cadre.agent", "ToolApprover");
  private static final ClassName RUNTIME = ClassName.get("dev.cadre.core", "AgentRuntime");
  private static final ClassName OBJECTS = ClassName.get("java.util", "Objects");
  private static final ClassName LIST = ClassName.get("java.util", "List");
  private static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");
  private static final ClassName MAP = ClassName.get("java.util", "Map");
  private static final ClassName LINKED_HASH_MAP = ClassName.get("java.util", "LinkedHashMap");
  private static final ClassName DURATION = ClassName.get("java.time", "Duration");
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

  private final Context context;
  private final TeamDeclaration team;
  private final ClassName name;
  private final ClassName builder;
  private final Needs needs;
  // Tool holder fields of the builder, by the holder's qualified name.
  private final Map<String, String> holderFields = new LinkedHashMap<>();
  // Nested generated teams kept as fields (to close them), by participant name.
  private final Map<String, String> nestedFields = new LinkedHashMap<>();
  // The JSON readers of this class, and its answerX(TaskResult) methods by answer type.
  private final Codecs codecs = new Codecs();
  private final Map<TypeName, MethodSpec> answerMethods = new LinkedHashMap<>();
  private final Set<String> answerNames = new HashSet<>();

  TeamWriter(Context context, TeamDeclaration team) {
    this.context = context;
    this.team = team;
    this.name = Naming.generatedClass(team.type(), "Cadre", "");
    this.builder = name.nestedClass("Builder");
    this.needs = Needs.of(team);
    Set<String> taken = new HashSet<>(List.of("model", "models", "runtime", "approver"));
    for (TypeElement holder : needs.holders().values()) {
      holderFields.put(
          holder.getQualifiedName().toString(),
          unique(Naming.lowerCamel(holder.getSimpleName().toString()), taken));
    }
    Set<String> locals = new HashSet<>(taken);
    locals.addAll(List.of("team", "missing"));
    for (Member member : team.members()) {
      if (member.kind() == Kind.TEAM) {
        nestedFields.put(
            member.name(),
            unique(Naming.lowerCamel(member.type().getSimpleName().toString()), locals));
      }
    }
  }

  JavaFile file() {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(name)
            .addOriginatingElement(team.type())
            .addAnnotation(
                AnnotationSpec.builder(GENERATED)
                    .addMember("value", "$S", CadreProcessor.class.getName())
                    .build())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(ClassName.get(team.type()))
            .addJavadoc(
                "Runs the {@link $T} team {@code $L} ($L of $L), built with the Cadre DSL.\n"
                    + "Get one from {@link #builder()}, and close it when done.\n",
                ClassName.get(team.type()),
                team.name(),
                team.pattern(),
                String.join(", ", team.members().stream().map(Member::name).toList()))
            .addField(TEAM, "team", Modifier.PRIVATE, Modifier.FINAL);
    if (!context
        .types()
        .isAssignable(
            team.type().asType(),
            context.elements().getTypeElement("java.lang.AutoCloseable").asType())) {
      type.addSuperinterface(AutoCloseable.class);
    }
    MethodSpec.Builder constructor =
        MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PRIVATE)
            .addParameter(TEAM, "team")
            .addStatement("this.team = team");
    for (Member member : team.members()) {
      if (member.kind() == Kind.TEAM) {
        String field = nestedFields.get(member.name());
        type.addField(generated(member.type()), field, Modifier.PRIVATE, Modifier.FINAL);
        constructor
            .addParameter(generated(member.type()), field)
            .addStatement("this.$N = $N", field, field);
      }
    }
    type.addMethod(constructor.build());
    type.addMethod(
        MethodSpec.methodBuilder("builder")
            .addJavadoc("Starts a builder; give it the models and tools the participants need.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(builder)
            .addStatement("return new $T()", builder)
            .build());
    MethodSpec.Builder teamAccessor =
        MethodSpec.methodBuilder("team")
            .addJavadoc("The team: to stream or cancel a run, or to take part in another team.\n")
            .addModifiers(Modifier.PUBLIC)
            .returns(TEAM)
            .addStatement("return team");
    if (declares("team")) {
      teamAccessor.addAnnotation(Override.class);
    }
    type.addMethod(teamAccessor.build());
    for (EntryMethod method : team.methods()) {
      type.addMethod(entryMethod(method));
    }
    MethodSpec.Builder close =
        MethodSpec.methodBuilder("close")
            .addJavadoc(
                "Closes the team's runtime, unless one was given to the builder, and those of the"
                    + " nested teams.\n")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addStatement("team.close()");
    nestedFields.values().forEach(field -> close.addStatement("$N.close()", field));
    type.addMethod(close.build());
    if (!answerMethods.isEmpty()) {
      type.addMethod(json()).addMethod(unfenced()).addMethod(notAnswer());
      type.addMethods(answerMethods.values());
      type.addMethods(codecs.helperMethods());
    }
    type.addType(builderType());
    return JavaFile.builder(name.packageName(), type.build()).skipJavaLangImports(true).build();
  }

  private MethodSpec entryMethod(EntryMethod entry) {
    ExecutableElement method = entry.method();
    MethodSpec.Builder spec =
        MethodSpec.overriding(method, (DeclaredType) team.type().asType(), context.types());
    Set<String> parameters = new HashSet<>();
    for (VariableElement parameter : method.getParameters()) {
      String name = parameter.getSimpleName().toString();
      parameters.add(name);
      if (!parameter.asType().getKind().isPrimitive()) {
        spec.addStatement("$T.requireNonNull($N, $S)", OBJECTS, name, name);
      }
    }
    String team = parameters.contains("team") ? "this.team" : "team";
    CodeBlock run;
    if (entry.prompt() == null) {
      // No task: the call continues the conversation.
      run = CodeBlock.of(entry.async() ? "$L.runAsync()" : "$L.run()", team);
    } else {
      run = runOnTask(entry, spec, parameters, team);
    }
    switch (entry.answer()) {
      case TEXT ->
          spec.addStatement(
              entry.async()
                  ? CodeBlock.of(
                      "return $L.thenApply(result -> result.lastMessage().content())", run)
                  : CodeBlock.of("return $L.lastMessage().content()", run));
      case TASK_RESULT -> spec.addStatement("return $L", run);
      case VALUE -> {
        String answer = answerMethod(entry.json());
        spec.addStatement(
            entry.async()
                ? CodeBlock.of("return $L.thenApply($T::$N)", run, name, answer)
                : CodeBlock.of("return $N($L)", answer, run));
      }
    }
    return spec.build();
  }

  /** Renders the method's task into {@code spec} and returns the call that runs the team on it. */
  private CodeBlock runOnTask(
      EntryMethod entry, MethodSpec.Builder spec, Set<String> parameters, String team) {
    ExecutableElement method = entry.method();
    CodeBlock task;
    List<Part> parts = entry.prompt().parts();
    if (parts.size() == 1
        && parts.get(0) instanceof Placeholder only
        && only.components().isEmpty()
        && isString(parameterType(method, only.parameter()))) {
      task = CodeBlock.of("$N", only.parameter());
    } else {
      CodeBlock.Builder reads = CodeBlock.builder();
      Map<Placeholder, String> components = entry.prompt().readComponents(reads, parameters);
      spec.addCode(reads.build());
      String local = parameters.contains("task") ? "renderedTask" : "task";
      CodeBlock rendered =
          entry
              .prompt()
              .render(
                  placeholder ->
                      placeholder.components().isEmpty()
                          ? operand(
                              placeholder.parameter(),
                              parameterType(method, placeholder.parameter()),
                              false)
                          : operand(
                              components.get(placeholder),
                              entry.components().get(placeholder),
                              true));
      spec.addStatement("$T $N = $L", String.class, local, rendered);
      task = CodeBlock.of("$N", local);
    }
    return entry.async()
        ? CodeBlock.of("$L.runAsync($L)", team, task)
        : CodeBlock.of("$L.run($L)", team, task);
  }

  /** The type of {@code method}'s parameter {@code name}. */
  private static TypeMirror parameterType(ExecutableElement method, String name) {
    for (VariableElement parameter : method.getParameters()) {
      if (parameter.getSimpleName().contentEquals(name)) {
        return parameter.asType();
      }
    }
    throw new IllegalArgumentException(name);
  }

  private static boolean isString(TypeMirror type) {
    return TypeName.get(type).equals(ClassName.get(String.class));
  }

  /**
   * The variable {@code name} of {@code type} in the task, through {@code String.valueOf}. A
   * component's value may be null (parameters are checked not to be): an array then goes as an
   * Object, which reads "null", where {@code String.valueOf(char[])} would fail.
   */
  private static Operand operand(String name, TypeMirror type, boolean nullable) {
    if (nullable && type.getKind() == TypeKind.ARRAY) {
      return new Operand(
          CodeBlock.of("$T.valueOf(($T) $N)", String.class, Object.class, name), Operand.Kind.TEXT);
    }
    return new Operand(
        CodeBlock.of("$N", name), isString(type) ? Operand.Kind.STRING : Operand.Kind.VALUE);
  }

  /**
   * The name of the method that reads the run's last message as {@code type} (a record or enum),
   * written once per type. An enum is read from a JSON string, or from the {@code value} of an
   * object, as an agent answers in an enum ({@code {"value": "APPROVE"}}).
   */
  private String answerMethod(JsonType type) {
    MethodSpec known = answerMethods.get(type.javaType());
    if (known != null) {
      return known.name();
    }
    String simple = ((ClassName) type.javaType()).simpleName();
    String method = unique("answer" + simple, answerNames);
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
            "team '" + team.name() + "' cannot read its last message, from '",
            "', as ",
            ": ",
            "; the message: \"",
            "\"; have '",
            "' answer with only the JSON of ",
            ", e.g. by saying so in its system message")
        .build();
  }

  private TypeSpec builderType() {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(builder)
            .addJavadoc("Builds a {@link $T}.\n", name)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addField(CHAT_MODEL, "model", Modifier.PRIVATE);
    List<String> keys = needs.keys();
    if (!keys.isEmpty()) {
      type.addField(
          FieldSpec.builder(
                  ParameterizedTypeName.get(MAP, ClassName.get(String.class), CHAT_MODEL),
                  "models",
                  Modifier.PRIVATE,
                  Modifier.FINAL)
              .initializer("new $T<>()", LINKED_HASH_MAP)
              .build());
    }
    needs
        .holders()
        .forEach(
            (qualified, holder) ->
                type.addField(
                    ClassName.get(holder), holderFields.get(qualified), Modifier.PRIVATE));
    if (!needs.approverUsers().isEmpty()) {
      type.addField(TOOL_APPROVER, "approver", Modifier.PRIVATE);
    }
    type.addField(RUNTIME, "runtime", Modifier.PRIVATE);
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

    Set<String> defaultUsers = needs.models().get("");
    type.addMethod(
        MethodSpec.methodBuilder("model")
            .addJavadoc(
                defaultUsers == null
                    ? "The default model; no participant of this team uses it.\n"
                    : "The default model, for every participant that names no model key: "
                        + String.join(", ", defaultUsers)
                        + ".\n")
            .addModifiers(Modifier.PUBLIC)
            .returns(builder)
            .addParameter(CHAT_MODEL, "model")
            .addStatement("this.model = $T.requireNonNull(model, $S)", OBJECTS, "model")
            .addStatement("return this")
            .build());
    if (!keys.isEmpty()) {
      type.addMethod(
          MethodSpec.methodBuilder("model")
              .addJavadoc("A model by the key participants name it by: $L.\n", keyList(keys))
              .addModifiers(Modifier.PUBLIC)
              .returns(builder)
              .addParameter(String.class, "key")
              .addParameter(CHAT_MODEL, "model")
              .addStatement("$T.requireNonNull(key, $S)", OBJECTS, "key")
              .beginControlFlow(
                  "if (!$T.of($L).contains(key))",
                  LIST,
                  CodeBlock.join(keys.stream().map(key -> CodeBlock.of("$S", key)).toList(), ", "))
              .addStatement(
                  "throw new $T($S + key + $S)",
                  IllegalArgumentException.class,
                  "team '" + team.name() + "' names no model key '",
                  "'; its keys are " + String.join(", ", keys))
              .endControlFlow()
              .addStatement("models.put(key, $T.requireNonNull(model, $S))", OBJECTS, "model")
              .addStatement("return this")
              .build());
    }
    needs
        .holders()
        .forEach(
            (qualified, holder) -> {
              String setter = Naming.lowerCamel(holder.getSimpleName().toString());
              String field = holderFields.get(qualified);
              type.addMethod(
                  MethodSpec.methodBuilder(setter)
                      .addJavadoc(
                          "The tools of $L.\n",
                          String.join(", ", needs.holderUsers().get(qualified)))
                      .addModifiers(Modifier.PUBLIC)
                      .returns(builder)
                      .addParameter(ClassName.get(holder), setter)
                      .addStatement(
                          "this.$N = $T.requireNonNull($N, $S)", field, OBJECTS, setter, setter)
                      .addStatement("return this")
                      .build());
            });
    if (!needs.approverUsers().isEmpty()) {
      type.addMethod(
          MethodSpec.methodBuilder("approver")
              .addJavadoc(
                  "Who approves the tool calls that need approval, of $L.\n",
                  String.join(", ", needs.approverUsers()))
              .addModifiers(Modifier.PUBLIC)
              .returns(builder)
              .addParameter(TOOL_APPROVER, "approver")
              .addStatement("this.approver = $T.requireNonNull(approver, $S)", OBJECTS, "approver")
              .addStatement("return this")
              .build());
    }
    type.addMethod(
        MethodSpec.methodBuilder("runtime")
            .addJavadoc(
                "Runs the team, and its nested teams, on {@code runtime}; null, the default, gives"
                    + " each its own\nin-process runtime.\n")
            .addModifiers(Modifier.PUBLIC)
            .returns(builder)
            .addParameter(RUNTIME, "runtime")
            .addStatement("this.runtime = runtime")
            .addStatement("return this")
            .build());
    type.addMethod(build());
    return type.build();
  }

  private MethodSpec build() {
    MethodSpec.Builder build =
        MethodSpec.methodBuilder("build")
            .addJavadoc(
                "Builds every participant and the team.\n\n"
                    + "@throws IllegalStateException naming every model or tool holder not given\n")
            .addModifiers(Modifier.PUBLIC)
            .returns(name)
            .addStatement("$T<$T> missing = new $T<>()", LIST, String.class, ARRAY_LIST);
    needs
        .models()
        .forEach(
            (key, users) -> {
              String what =
                  (key.isEmpty() ? "model(ChatModel)" : "model(\"" + key + "\", ChatModel)")
                      + " for "
                      + String.join(", ", users);
              if (key.isEmpty()) {
                build.beginControlFlow("if (model == null)");
              } else {
                build.beginControlFlow("if (!models.containsKey($S))", key);
              }
              build.addStatement("missing.add($S)", what).endControlFlow();
            });
    needs
        .holders()
        .forEach(
            (qualified, holder) -> {
              String setter = Naming.lowerCamel(holder.getSimpleName().toString());
              build
                  .beginControlFlow("if ($N == null)", holderFields.get(qualified))
                  .addStatement(
                      "missing.add($S)",
                      setter
                          + "("
                          + holder.getSimpleName()
                          + ") for "
                          + String.join(", ", needs.holderUsers().get(qualified)))
                  .endControlFlow();
            });
    if (!needs.approverUsers().isEmpty()) {
      build
          .beginControlFlow("if (approver == null)")
          .addStatement(
              "missing.add($S)",
              "approver(ToolApprover) for " + String.join(", ", needs.approverUsers()))
          .endControlFlow();
    }
    build
        .beginControlFlow("if (!missing.isEmpty())")
        .addStatement(
            "throw new $T($S + $T.join($S, missing) + $S)",
            IllegalStateException.class,
            name.simpleName() + " needs ",
            String.class,
            "; ",
            "; set them on its builder")
        .endControlFlow();

    for (Member member : team.members()) {
      if (member.kind() == Kind.TEAM) {
        build.addStatement(
            "$T $N = $T.builder()$L.runtime(runtime).build()",
            generated(member.type()),
            nestedFields.get(member.name()),
            generated(member.type()),
            dependencies(Needs.of(member.team())));
      }
    }

    CodeBlock.Builder chain = CodeBlock.builder();
    ClassName builderType =
        ClassName.get(
            "dev.cadre.dsl",
            switch (team.pattern()) {
              case ROUND_ROBIN -> "RoundRobinBuilder";
              case SELECTOR -> "SelectorBuilder";
              case SWARM -> "SwarmBuilder";
              case GRAPH -> "GraphBuilder";
              case MAGENTIC_ONE -> "MagenticOneBuilder";
            });
    switch (team.pattern()) {
      case ROUND_ROBIN -> chain.add("$T built = $T.roundRobin($S)", builderType, CADRE, team.name());
      case SELECTOR ->
          chain.add(
              "$T built = $T.selector($S, $L)",
              builderType,
              CADRE,
              team.name(),
              model(team.selectorModel()));
      case SWARM -> chain.add("$T built = $T.swarm($S)", builderType, CADRE, team.name());
      case GRAPH -> chain.add("$T built = $T.graph($S)", builderType, CADRE, team.name());
      case MAGENTIC_ONE ->
          chain.add(
              "$T built = $T.magenticOne($S, $L)",
              builderType,
              CADRE,
              team.name(),
              model(team.selectorModel()));
    }
    chain.add("$>$>");
    if (!team.description().isEmpty()) {
      chain.add("\n.description($S)", team.description());
    }
    for (Member member : team.members()) {
      if (member.kind() == Kind.TEAM) {
        chain.add("\n.participant($N.team())", nestedFields.get(member.name()));
      } else {
        Needs agent = Needs.ofAgent(member);
        chain.add(
            "\n.participant($T.builder()$L.build().agent())",
            generated(member.type()),
            dependencies(agent));
      }
    }
    if (team.pattern() == TeamPattern.GRAPH) {
      if (team.entry() != null) {
        chain.add("\n.entry($S)", team.entry());
      }
      for (EdgeDeclaration edge : team.edges()) {
        chain.add("\n$L", edge(edge));
      }
    }
    if (team.pattern() == TeamPattern.MAGENTIC_ONE) {
      // Only what differs from the builder's defaults, as a person would write it.
      if (team.maxStalls() != MAGENTIC_DEFAULT_BOUND) {
        chain.add("\n.maxStalls($L)", team.maxStalls());
      }
      if (team.maxReplans() != MAGENTIC_DEFAULT_BOUND) {
        chain.add("\n.maxReplans($L)", team.maxReplans());
      }
    }
    CodeBlock termination = termination();
    if (termination != null) {
      chain.add("\n.termination($L)", termination);
    }
    if (team.maxTurns() > 0) {
      chain.add("\n.maxTurns($L)", team.maxTurns());
    }
    if (team.emitTeamEvents()) {
      chain.add("\n.emitTeamEvents(true)");
    }
    chain.add(";\n$<$<");
    // A factory of the team, so that on a distributed runtime every agent the runtime makes is
    // new (see Cadre.distributed); in process the team is built once, as by hand.
    build.addCode(
        "$T<$T> team =\n$>$>() -> {\n$>",
        ClassName.get("java.util.function", "Supplier"),
        builderType);
    build.addCode(chain.build());
    build
        .beginControlFlow("if (runtime != null)")
        .addStatement("built.runtime(runtime)")
        .endControlFlow();
    build.addStatement("return built");
    build.addCode("$<};\n$<$<");
    List<CodeBlock> arguments = new ArrayList<>();
    arguments.add(
        CodeBlock.of("runtime == null ? team.get().build() : $T.distributed(team)", CADRE));
    nestedFields.values().forEach(field -> arguments.add(CodeBlock.of("$N", field)));
    build.addStatement("return new $T($L)", name, CodeBlock.join(arguments, ", "));
    return build.build();
  }

  private static CodeBlock edge(EdgeDeclaration edge) {
    if (edge.maxTraversals() > 0 || !edge.activationGroup().isBlank() || edge.any()) {
      CodeBlock.Builder spec =
          CodeBlock.builder().add("$T.Edge.of($S, $S)", CHAT_GRAPH, edge.from(), edge.to());
      if (!edge.whenContains().isEmpty()) {
        spec.add(".whenContains($S)", edge.whenContains());
      } else if (!edge.whenNotContains().isEmpty()) {
        spec.add(".whenNotContains($S)", edge.whenNotContains());
      }
      if (edge.maxTraversals() > 0) {
        spec.add(".maxTraversals($L)", edge.maxTraversals());
      }
      if (!edge.activationGroup().isBlank()) {
        spec.add(".activationGroup($S)", edge.activationGroup());
      }
      if (edge.any()) {
        spec.add(".activation($T.Join.ANY)", CHAT_GRAPH);
      }
      return CodeBlock.of(".edge($L)", spec.build());
    }
    if (!edge.whenContains().isEmpty()) {
      return CodeBlock.of(
          ".edgeWhenContains($S, $S, $S)", edge.from(), edge.to(), edge.whenContains());
    }
    if (!edge.whenNotContains().isEmpty()) {
      return CodeBlock.of(
          ".edgeWhenNotContains($S, $S, $S)", edge.from(), edge.to(), edge.whenNotContains());
    }
    return CodeBlock.of(".edge($S, $S)", edge.from(), edge.to());
  }

  /** The termination conditions, or'ed together, or {@code null} when there is none. */
  private CodeBlock termination() {
    List<CodeBlock> parts = new ArrayList<>();
    if (team.maxMessages() > 0) {
      parts.add(CodeBlock.of("$T.maxMessages($L)", TERMINATIONS, team.maxMessages()));
    }
    if (!team.textMention().isEmpty()) {
      parts.add(CodeBlock.of("$T.textMention($S)", TERMINATIONS, team.textMention()));
    }
    if (team.maxTokens() > 0) {
      parts.add(CodeBlock.of("$T.tokenUsage($LL)", TERMINATIONS, team.maxTokens()));
    }
    if (team.timeoutSeconds() > 0) {
      parts.add(
          CodeBlock.of(
              "$T.timeout($T.ofSeconds($L))", TERMINATIONS, DURATION, team.timeoutSeconds()));
    }
    if (parts.isEmpty()) {
      return null;
    }
    CodeBlock.Builder condition = CodeBlock.builder().add(parts.get(0));
    for (CodeBlock part : parts.subList(1, parts.size())) {
      condition.add("\n$>$>.or($L)$<$<", part);
    }
    return condition.build();
  }

  /**
   * The builder calls that hand a participant what it needs: {@code .model(model).tools(tools)}.
   */
  private CodeBlock dependencies(Needs participant) {
    CodeBlock.Builder calls = CodeBlock.builder();
    for (String key : participant.models().keySet()) {
      if (key.isEmpty()) {
        calls.add(".model(model)");
      } else {
        calls.add(".model($S, $L)", key, model(key));
      }
    }
    for (TypeElement holder : participant.holders().values()) {
      calls.add(
          ".$N($N)",
          Naming.lowerCamel(holder.getSimpleName().toString()),
          holderFields.get(holder.getQualifiedName().toString()));
    }
    if (!participant.approverUsers().isEmpty()) {
      calls.add(".approver(approver)");
    }
    return calls.build();
  }

  private static CodeBlock model(String key) {
    return key.isEmpty() ? CodeBlock.of("model") : CodeBlock.of("models.get($S)", key);
  }

  private static ClassName generated(TypeElement type) {
    return Naming.generatedClass(type, "Cadre", "");
  }

  /**
   * Whether the interface declares a no-argument method {@code name}, which the class overrides.
   */
  private boolean declares(String method) {
    for (ExecutableElement member :
        ElementFilter.methodsIn(context.elements().getAllMembers(team.type()))) {
      if (member.getSimpleName().contentEquals(method)
          && member.getParameters().isEmpty()
          && member.getModifiers().contains(Modifier.ABSTRACT)) {
        return true;
      }
    }
    return false;
  }

  private static String keyList(List<String> keys) {
    return String.join(", ", keys.stream().map(key -> "{@code \"" + key + "\"}").toList());
  }

  private static String unique(String name, Set<String> taken) {
    String candidate = name;
    for (int i = 2; !taken.add(candidate); i++) {
      candidate = name + i;
    }
    return candidate;
  }

  /**
   * What a team's (or one agent's) builder must be given: the models by key ({@code ""} for the
   * default) and the tool holders by qualified name, each with the participants that need it, in
   * order of first use; and the participants that need a tool approver.
   */
  record Needs(
      Map<String, Set<String>> models,
      Map<String, TypeElement> holders,
      Map<String, Set<String>> holderUsers,
      Set<String> approverUsers) {

    private static Needs none() {
      return new Needs(
          new LinkedHashMap<>(),
          new LinkedHashMap<>(),
          new LinkedHashMap<>(),
          new LinkedHashSet<>());
    }

    static Needs of(TeamDeclaration team) {
      Needs needs = none();
      for (Member member : team.members()) {
        Needs inner = member.kind() == Kind.TEAM ? of(member.team()) : ofAgent(member);
        inner.models().keySet().forEach(key -> needs.model(key, member.name()));
        inner.holders().values().forEach(holder -> needs.holder(holder, member.name()));
        if (!inner.approverUsers().isEmpty()) {
          needs.approverUsers().add(member.name());
        }
      }
      if (team.pattern() == TeamPattern.SELECTOR) {
        needs.model(team.selectorModel(), "the selector");
      } else if (team.pattern() == TeamPattern.MAGENTIC_ONE) {
        needs.model(team.selectorModel(), "the orchestrator");
      }
      return needs;
    }

    static Needs ofAgent(Member agent) {
      Needs needs = none();
      needs.model(agent.modelKey(), agent.name());
      agent.toolHolders().forEach(holder -> needs.holder(holder, agent.name()));
      if (agent.approves()) {
        needs.approverUsers().add(agent.name());
      }
      return needs;
    }

    /** The model keys, default aside, in order of first use. */
    List<String> keys() {
      return models.keySet().stream().filter(key -> !key.isEmpty()).toList();
    }

    private void model(String key, String user) {
      models.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(user);
    }

    private void holder(TypeElement holder, String user) {
      String qualified = holder.getQualifiedName().toString();
      holders.putIfAbsent(qualified, holder);
      holderUsers.computeIfAbsent(qualified, k -> new LinkedHashSet<>()).add(user);
    }
  }
}
