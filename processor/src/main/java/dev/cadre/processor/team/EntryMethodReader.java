package dev.cadre.processor.team;

import static dev.cadre.processor.Placement.annotation;
import static dev.cadre.processor.team.AnnotationValues.resolved;

import dev.cadre.processor.Context;
import dev.cadre.processor.Placement;
import dev.cadre.processor.json.JsonType;
import dev.cadre.processor.json.JsonTypes;
import dev.cadre.processor.prompt.PromptChecks;
import dev.cadre.processor.prompt.PromptPaths;
import dev.cadre.processor.prompt.PromptTemplate;
import dev.cadre.processor.prompt.PromptTemplate.Placeholder;
import dev.cadre.processor.team.AnnotationValues.Unresolved;
import dev.cadre.processor.team.TeamDeclaration.Answer;
import dev.cadre.processor.team.TeamDeclaration.EntryMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Reads the entry methods of a {@code @GroupChat} interface, the abstract methods that run the
 * team: each one's task template and how it answers. Like {@link TeamReader}, it never reports:
 * what is wrong with a method becomes a {@link Problem}, and the method is left out.
 */
final class EntryMethodReader {

  static final String PROMPT = "dev.cadre.annotations.Prompt";
  static final String TASK_RESULT = "dev.cadre.team.TaskResult";
  static final String TEAM = "dev.cadre.team.Team";

  static final String MISSING_PROMPT = "Cadre/MissingPrompt";
  static final String UNSUPPORTED_RETURN = "Cadre/UnsupportedReturnType";

  private final Context context;
  private final JsonTypes json;
  private final PromptPaths paths;

  EntryMethodReader(Context context) {
    this.context = context;
    this.json = new JsonTypes(context);
    this.paths = new PromptPaths(context);
  }

  /** The entry methods that are well-formed; the problems of the others go to {@code problems}. */
  List<EntryMethod> read(TypeElement type, List<Problem> problems) {
    List<EntryMethod> methods = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      AnnotationMirror tool = annotation(method, TeamReader.TOOL);
      if (tool != null) {
        problems.add(
            Problem.error(
                Placement.MISPLACED_TOOL,
                new Site(method, tool, null),
                Placement.misplacedTool(method, type, false)));
      }
    }
    for (ExecutableElement method : abstractMethods(type)) {
      if (annotation(method, TeamReader.TOOL) != null) {
        if (!method.getEnclosingElement().equals(type)) {
          problems.add(
              Problem.error(
                  Placement.MISPLACED_TOOL,
                  Site.of(type),
                  Placement.misplacedTool(method, type, false)));
        }
        continue; // its own are reported above
      }
      if (method.getParameters().isEmpty()
          && (method.getSimpleName().contentEquals("close")
                  && method.getReturnType().getKind() == TypeKind.VOID
              || method.getSimpleName().contentEquals("team")
                  && isType(method.getReturnType(), TEAM))) {
        continue; // implemented by the generated class's own close() and team()
      }
      int before = problems.size();
      for (VariableElement parameter : method.getParameters()) {
        resolved(parameter.asType());
      }
      boolean async = false;
      TypeMirror answered = resolved(method.getReturnType());
      if (isType(answered, "java.util.concurrent.CompletableFuture")) {
        List<? extends TypeMirror> arguments = ((DeclaredType) answered).getTypeArguments();
        async = true;
        answered = arguments.size() == 1 ? resolved(arguments.get(0)) : null;
      }
      Answer answer = answered == null ? null : answer(answered);
      JsonType value = null;
      String unmapped = null;
      if (answer == null && isRecordOrEnum(answered)) {
        JsonTypes.Mapping mapping =
            json.map(answered, JsonTypes.displayName(answered), packageOf(type));
        if (mapping.unresolved()) {
          throw new Unresolved();
        }
        if (mapping.supported()) {
          answer = Answer.VALUE;
          value = mapping.type();
        } else {
          unmapped = String.join("; ", mapping.problems());
        }
      }
      if (answer == null) {
        problems.add(
            Problem.error(UNSUPPORTED_RETURN, Site.of(method), unsupported(method, unmapped)));
      }
      Map<Placeholder, TypeMirror> components = new LinkedHashMap<>();
      PromptTemplate prompt = prompt(type, method, problems, components);
      if (problems.size() == before) {
        methods.add(new EntryMethod(method, prompt, answer, value, async, components));
      }
    }
    return List.copyOf(methods);
  }

  /**
   * The task template of {@code method}; its problems go to {@code problems}, the type each
   * placeholder that follows components reaches to {@code components}. Null for a method without
   * {@code @Prompt} and without parameters, which continues the conversation.
   */
  private PromptTemplate prompt(
      TypeElement team,
      ExecutableElement method,
      List<Problem> problems,
      Map<Placeholder, TypeMirror> components) {
    AnnotationMirror prompt = annotation(method, PROMPT);
    List<? extends VariableElement> parameters = method.getParameters();
    if (prompt == null) {
      if (parameters.size() == 1 && isType(parameters.get(0).asType(), "java.lang.String")) {
        return PromptTemplate.of(parameters.get(0).getSimpleName().toString());
      }
      if (parameters.isEmpty()) {
        return null;
      }
      problems.add(
          Problem.error(
              MISSING_PROMPT,
              Site.of(method),
              "Method "
                  + method.getSimpleName()
                  + " has no @Prompt, so Cadre cannot tell what task it gives the team; add"
                  + " @Prompt(\"...\") with a {{placeholder}} for each parameter, take the task"
                  + " as a single String parameter, or take no parameter to continue the"
                  + " conversation."));
      return null;
    }
    AnnotationValue value = AnnotationValues.of(context.elements(), prompt).get("value");
    PromptTemplate template = PromptTemplate.parse((String) value.getValue());
    List<String> names = new ArrayList<>();
    parameters.forEach(parameter -> names.add(parameter.getSimpleName().toString()));
    for (PromptChecks.Finding finding :
        PromptChecks.check(template, method.getSimpleName().toString(), names, "team")) {
      Site site =
          finding.parameter() == null
              ? new Site(method, prompt, value)
              : Site.of(parameters.get(names.indexOf(finding.parameter())));
      problems.add(Problem.error(finding.tag(), site, finding.message()));
    }
    for (Placeholder placeholder : template.componentPaths()) {
      int parameter = names.indexOf(placeholder.parameter());
      if (parameter < 0) {
        continue; // an unknown placeholder, reported above
      }
      PromptPaths.Followed followed =
          paths.follow(
              placeholder,
              resolved(parameters.get(parameter).asType()),
              context.elements().getPackageOf(team));
      if (followed.unresolved()) {
        throw new Unresolved();
      }
      if (followed.problem() != null) {
        problems.add(
            Problem.error(
                PromptPaths.INVALID_PATH,
                new Site(method, prompt, value),
                "the prompt of "
                    + method.getSimpleName()
                    + "() uses {{"
                    + placeholder.path()
                    + "}}, but "
                    + followed.problem()));
      } else {
        components.put(placeholder, followed.type());
      }
    }
    return template;
  }

  private Answer answer(TypeMirror type) {
    if (isType(type, "java.lang.String")) {
      return Answer.TEXT;
    }
    if (isType(type, TASK_RESULT)) {
      return Answer.TASK_RESULT;
    }
    return null;
  }

  private static boolean isRecordOrEnum(TypeMirror type) {
    if (!(type instanceof DeclaredType declared)) {
      return false;
    }
    ElementKind kind = declared.asElement().getKind();
    return kind == ElementKind.RECORD || kind == ElementKind.ENUM;
  }

  /** Why {@code method}'s return type is no answer; {@code unmapped}: a record's JSON problems. */
  private static String unsupported(ExecutableElement method, String unmapped) {
    String start =
        "Method "
            + method.getSimpleName()
            + " returns "
            + method.getReturnType()
            + ", which a team";
    if (unmapped != null) {
      return start
          + " cannot read from its last message: "
          + unmapped
          + "; change the type so that it maps to JSON, or return String (the text of the last"
          + " message) and read it yourself.";
    }
    return start
        + " cannot answer with; return String (the text of the last message), TaskResult (the"
        + " whole run), a record or enum (read from the last message's JSON) or a"
        + " CompletableFuture of one of these.";
  }

  private String packageOf(TypeElement type) {
    return context.elements().getPackageOf(type).getQualifiedName().toString();
  }

  /** Abstract methods of {@code type} and its superinterfaces, each signature once, in order. */
  private List<ExecutableElement> abstractMethods(TypeElement type) {
    List<ExecutableElement> methods = new ArrayList<>();
    collect(type, type, methods);
    return methods;
  }

  private void collect(TypeElement top, TypeElement type, List<ExecutableElement> methods) {
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (!method.getModifiers().contains(Modifier.ABSTRACT)) {
        continue;
      }
      boolean overridden = false;
      for (ExecutableElement known : methods) {
        overridden |= context.elements().overrides(known, method, top);
      }
      if (!overridden) {
        methods.add(method);
      }
    }
    for (TypeMirror superinterface : type.getInterfaces()) {
      collect(top, (TypeElement) ((DeclaredType) resolved(superinterface)).asElement(), methods);
    }
  }

  private boolean isType(TypeMirror type, String qualifiedName) {
    return type instanceof DeclaredType declared
        && ((TypeElement) declared.asElement()).getQualifiedName().contentEquals(qualifiedName);
  }
}
