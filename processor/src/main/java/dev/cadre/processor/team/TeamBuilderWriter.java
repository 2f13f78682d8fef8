package dev.cadre.processor.team;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import dev.cadre.graph.TeamPattern;
import dev.cadre.processor.Naming;
import dev.cadre.processor.team.TeamDeclaration.EdgeDeclaration;
import dev.cadre.processor.team.TeamDeclaration.Kind;
import dev.cadre.processor.team.TeamDeclaration.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Writes the {@code Builder} of a generated team: a setter per model and tool holder the
 * participants need, and {@code build()}, which checks that each was given, builds every
 * participant through its own generated builder and the team with the DSL exactly as a person would
 * write it.
 */
final class TeamBuilderWriter {

  private static final ClassName CADRE = ClassName.get("dev.cadre.dsl", "Cadre");
  // @GroupChat.MagenticOne's maxStalls and maxReplans default, and MagenticOneBuilder's.
  private static final int MAGENTIC_DEFAULT_BOUND = 3;
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

  private final TeamDeclaration team;
  private final ClassName name;
  private final ClassName builder;
  private final Needs needs;
  private final Map<String, String> holderFields;
  private final Map<String, String> nestedFields;

  /**
   * The builder {@code builder} of {@code name}, the class written for {@code team}, which keeps
   * each tool holder in {@code holderFields} and each nested team in {@code nestedFields}.
   */
  TeamBuilderWriter(
      TeamDeclaration team,
      ClassName name,
      ClassName builder,
      Needs needs,
      Map<String, String> holderFields,
      Map<String, String> nestedFields) {
    this.team = team;
    this.name = name;
    this.builder = builder;
    this.needs = needs;
    this.holderFields = holderFields;
    this.nestedFields = nestedFields;
  }

  /** The {@code Builder} nested class. */
  TypeSpec type() {
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
            TeamWriter.generated(member.type()),
            nestedFields.get(member.name()),
            TeamWriter.generated(member.type()),
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
            TeamWriter.generated(member.type()),
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

  private static String keyList(List<String> keys) {
    return String.join(", ", keys.stream().map(key -> "{@code \"" + key + "\"}").toList());
  }
}
