package dev.cadre.processor.team;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.cadre.processor.CadreProcessor;
import dev.cadre.processor.Context;
import dev.cadre.processor.Naming;
import dev.cadre.processor.prompt.PromptTemplate.Operand;
import dev.cadre.processor.prompt.PromptTemplate.Part;
import dev.cadre.processor.prompt.PromptTemplate.Placeholder;
import dev.cadre.processor.team.TeamDeclaration.EntryMethod;
import dev.cadre.processor.team.TeamDeclaration.Kind;
import dev.cadre.processor.team.TeamDeclaration.Member;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * exactly as a person would write it. Entry methods render their prompt and run the team. The
 * builder is {@link TeamBuilderWriter}'s, the methods that read an answer {@link AnswerMethods}'.
 */
final class TeamWriter {

  private static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");
  private static final ClassName TEAM = ClassName.get("dev.cadre.team", "Team");
  private static final ClassName OBJECTS = ClassName.get("java.util", "Objects");

  private final Context context;
  private final TeamDeclaration team;
  private final ClassName name;
  private final ClassName builder;
  private final Needs needs;
  // Tool holder fields of the builder, by the holder's qualified name.
  private final Map<String, String> holderFields = new LinkedHashMap<>();
  // Nested generated teams kept as fields (to close them), by participant name.
  private final Map<String, String> nestedFields = new LinkedHashMap<>();
  // The methods that read the last message as an entry method's record or enum answer.
  private final AnswerMethods answers;

  TeamWriter(Context context, TeamDeclaration team) {
    this.context = context;
    this.team = team;
    this.name = Naming.generatedClass(team.type(), "Cadre", "");
    this.builder = name.nestedClass("Builder");
    this.needs = Needs.of(team);
    this.answers = new AnswerMethods(team.name());
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
    type.addMethods(answers.methods());
    type.addType(
        new TeamBuilderWriter(team, name, builder, needs, holderFields, nestedFields).type());
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
        String answer = answers.methodFor(entry.json());
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

  /** The class the processor generates for the team or agent {@code type}. */
  static ClassName generated(TypeElement type) {
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

  /** {@code name}, or {@code name2}, {@code name3}... the first not yet in {@code taken}, added. */
  static String unique(String name, Set<String> taken) {
    String candidate = name;
    for (int i = 2; !taken.add(candidate); i++) {
      candidate = name + i;
    }
    return candidate;
  }
}
