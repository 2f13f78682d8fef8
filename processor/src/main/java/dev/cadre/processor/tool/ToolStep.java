package dev.cadre.processor.tool;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import dev.cadre.processor.Context;
import dev.cadre.processor.Diagnostics;
import dev.cadre.processor.Naming;
import dev.cadre.processor.Output;
import dev.cadre.processor.Placement;
import dev.cadre.processor.Step;
import dev.cadre.processor.json.JsonType;
import dev.cadre.processor.json.JsonTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * {@code @Tool} methods into tool bindings: for each holder (a class or interface, top-level or
 * nested, with {@code @Tool} methods) it checks every tool and, if none has an error, writes {@code
 * <Holder>_Tools} (see {@link ToolWriter}).
 *
 * <p>Findings, each on the exact method, parameter or annotation value:
 *
 * <ul>
 *   <li>{@code Cadre/PrivateTool}: a private method, or one in a private class (or a class nested
 *       in one), which the generated binding cannot call;
 *   <li>{@code Cadre/InvalidToolName}: a name the model APIs reject ({@code
 *       ^[a-zA-Z0-9_-]{1,64}$});
 *   <li>{@code Cadre/DuplicateToolName}: two tools of one holder with one name;
 *   <li>{@code Cadre/InvalidParameterName}: a parameter name the model APIs reject;
 *   <li>{@code Cadre/UnsupportedToolType}: a parameter or result type with no JSON mapping, with
 *       the path to the culprit;
 *   <li>{@code Cadre/MissingToolDescription} (warning): neither {@code @Tool("...")} nor Javadoc.
 * </ul>
 *
 * <p>An {@code @Agent} or {@code @GroupChat} interface is no holder: its step reports its {@code
 * Tool} methods as {@code Cadre/MisplacedTool}, and nothing is written for it. Writing is {@link
 * dev.cadre.processor.Output}'s ({@code Cadre/GeneratedNameTaken}, {@code Cadre/WriteFailed}).
 *
 * <p>Holders may be non-static inner classes: the binding takes the instance and calls it like any
 * other. (Local and anonymous classes never reach a processor.) A parameter of type {@code
 * dev.cadre.tool.ToolContext} is not an argument: it receives the call's context (its id and
 * cancellation). A holder that uses a type not generated yet is deferred to the next round.
 */
public final class ToolStep implements Step {

  static final String TOOL = "dev.cadre.annotations.Tool";
  static final String PARAM = "dev.cadre.annotations.Param";
  static final String TOOL_CONTEXT = "dev.cadre.tool.ToolContext";

  private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
  private static final Pattern PARAMETER_NAME = Pattern.compile("^[a-zA-Z0-9_.-]{1,64}$");

  private final Context context;
  private final Diagnostics diagnostics;
  private final JsonTypes jsonTypes;
  // Holders written so far, so that a holder reached twice is written once.
  private final Set<String> written = new HashSet<>();
  // The tool libraries written, in order, and their holders: the services file lists them.
  private final List<String> libraries = new ArrayList<>();
  private final List<TypeElement> libraryHolders = new ArrayList<>();

  public ToolStep(Context context) {
    this.context = context;
    this.diagnostics = context.diagnostics();
    this.jsonTypes = new JsonTypes(context);
  }

  @Override
  public Set<String> annotations() {
    return Set.of(TOOL);
  }

  @Override
  public Set<Element> process(Set<? extends Element> elements) {
    Set<TypeElement> holders = new LinkedHashSet<>();
    for (Element element : elements) {
      if (element instanceof TypeElement type) {
        holders.add(type);
      } else if (element instanceof ExecutableElement method) {
        holders.add((TypeElement) method.getEnclosingElement());
      }
    }
    Set<Element> deferred = new LinkedHashSet<>();
    for (TypeElement holder : holders) {
      List<ExecutableElement> methods = new ArrayList<>();
      for (ExecutableElement method : ElementFilter.methodsIn(holder.getEnclosedElements())) {
        if (toolAnnotation(method) != null) {
          methods.add(method);
        }
      }
      if (methods.isEmpty()
          || written.contains(holder.getQualifiedName().toString())
          || Placement.annotation(holder, Placement.AGENT) != null
          || Placement.annotation(holder, Placement.GROUP_CHAT) != null) {
        continue; // an agent or team is no holder: its own step says so (Cadre/MisplacedTool)
      }
      if (unresolved(methods)) {
        deferred.add(holder);
        continue;
      }
      ToolHolder model = read(holder, methods);
      if (model != null) {
        new ToolWriter(context).write(model);
        written.add(holder.getQualifiedName().toString());
        String library = new ToolLibraryWriter(context).write(model);
        if (library != null) {
          libraries.add(library);
          libraryHolders.add(holder);
        }
      }
    }
    return deferred;
  }

  /** Lists every tool library written in {@code META-INF/services}, for the ServiceLoader. */
  @Override
  public void finish() {
    if (!libraries.isEmpty()) {
      new Output(context)
          .writeServices(ToolLibraryWriter.SERVICE, libraries, libraryHolders);
    }
  }

  /** Reads and checks one holder; null if any tool has an error. */
  private ToolHolder read(TypeElement holder, List<ExecutableElement> methods) {
    int errors = diagnostics.errorCount();
    String packageName = context.elements().getPackageOf(holder).getQualifiedName().toString();
    ClassName generated = Naming.generatedClass(holder, "", "_Tools");
    String holderProblem = holderProblem(holder);
    Map<String, ExecutableElement> names = new LinkedHashMap<>();
    List<ToolHolder.ToolMethod> tools = new ArrayList<>();
    boolean deprecated = context.elements().isDeprecated(holder);
    for (ExecutableElement method : methods) {
      AnnotationMirror annotation = toolAnnotation(method);
      if (holderProblem != null) {
        diagnostics.error(
            method,
            "Cadre/PrivateTool",
            "tool method " + method.getSimpleName() + " " + holderProblem);
      } else if (method.getModifiers().contains(Modifier.PRIVATE)) {
        diagnostics.error(
            method,
            "Cadre/PrivateTool",
            "tool method "
                + method.getSimpleName()
                + " is private, so the generated "
                + generated.simpleName()
                + " cannot call it; make it package-private or public");
      }
      String name = toolName(method, annotation);
      ExecutableElement first = names.putIfAbsent(name, method);
      if (first != null) {
        report(
            method,
            annotation,
            "name",
            "Cadre/DuplicateToolName",
            "tool name '"
                + name
                + "' is already taken by "
                + first
                + " in "
                + holder.getSimpleName()
                + ", so the model could not tell the two apart; give one of them another name with"
                + " @Tool(name = \"...\")");
      }
      deprecated |= context.elements().isDeprecated(method);
      tools.add(tool(method, annotation, name, packageName));
    }
    if (diagnostics.errorCount() > errors) {
      return null;
    }
    return new ToolHolder(holder, holderType(holder), generated, tools, deprecated);
  }

  /** Whether a parameter or result type of some tool is not resolved yet: then wait. */
  private boolean unresolved(List<ExecutableElement> methods) {
    for (ExecutableElement method : methods) {
      List<TypeMirror> types = new ArrayList<>();
      types.add(method.getReturnType());
      method.getParameters().forEach(parameter -> types.add(parameter.asType()));
      for (TypeMirror type : types) {
        if (type.getKind() != TypeKind.VOID
            && !isToolContext(type)
            && jsonTypes.map(type).unresolved()) {
          return true;
        }
      }
    }
    return false;
  }

  /** Why the binding cannot call methods of {@code holder}, or null if it can. */
  private static String holderProblem(TypeElement holder) {
    for (Element e = holder; e instanceof TypeElement type; e = e.getEnclosingElement()) {
      if (type.getModifiers().contains(Modifier.PRIVATE)) {
        return "is in private class "
            + type.getSimpleName()
            + ", so the generated binding cannot call it; make "
            + type.getSimpleName()
            + " package-private or public";
      }
    }
    return null;
  }

  private ToolHolder.ToolMethod tool(
      ExecutableElement method, AnnotationMirror annotation, String name, String packageName) {
    Javadoc javadoc = Javadoc.parse(context.elements().getDocComment(method));
    String description = stringValue(annotation, "value").strip();
    if (description.isEmpty()) {
      description = javadoc.summary();
    }
    if (description.isEmpty()) {
      diagnostics.warning(
          method,
          annotation,
          null,
          "Cadre/MissingToolDescription",
          "tool '"
              + name
              + "' has no description, so the model must guess from its name when to call it;"
              + " write what it does in @Tool(\"...\") or in the method's Javadoc");
    }
    List<ToolHolder.ToolParameter> parameters = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      String parameterName = parameter.getSimpleName().toString();
      if (isToolContext(parameter.asType())) {
        parameters.add(new ToolHolder.ToolParameter(parameterName, null, null));
        continue;
      }
      if (!PARAMETER_NAME.matcher(parameterName).matches()) {
        diagnostics.error(
            parameter,
            "Cadre/InvalidParameterName",
            "parameter name '"
                + parameterName
                + "' of tool '"
                + name
                + "' is not accepted by the model APIs; rename the parameter to 1 to 64 letters,"
                + " digits, '_', '.' or '-'");
      }
      JsonTypes.Mapping mapping = jsonTypes.map(parameter.asType(), parameterName, packageName);
      for (String problem : mapping.problems()) {
        diagnostics.error(
            parameter,
            "Cadre/UnsupportedToolType",
            "tool '" + name + "' takes a parameter the model cannot send as JSON: " + problem);
      }
      parameters.add(
          new ToolHolder.ToolParameter(
              parameterName, mapping.type(), parameterDescription(parameter, javadoc)));
    }
    TypeMirror returnType = method.getReturnType();
    ToolHolder.Result result;
    JsonType resultType = null;
    if (returnType.getKind() == TypeKind.VOID) {
      result = ToolHolder.Result.NONE;
    } else if (isString(returnType)) {
      result = ToolHolder.Result.TEXT;
    } else {
      result = ToolHolder.Result.JSON;
      JsonTypes.Mapping mapping =
          jsonTypes.map(returnType, JsonTypes.displayName(returnType), packageName);
      for (String problem : mapping.problems()) {
        diagnostics.error(
            method,
            "Cadre/UnsupportedToolType",
            "tool '" + name + "' returns a value that cannot be written as JSON: " + problem);
      }
      resultType = mapping.type();
    }
    List<TypeName> thrown = new ArrayList<>();
    for (TypeMirror exception : method.getThrownTypes()) {
      // A type variable (throws E) has no name outside the method: declare what it is bound by.
      thrown.add(
          exception.getKind() == TypeKind.DECLARED
              ? TypeName.get(exception)
              : ClassName.get(Exception.class));
    }
    return new ToolHolder.ToolMethod(
        method,
        name,
        description,
        method.getModifiers().contains(Modifier.STATIC),
        parameters,
        result,
        resultType,
        thrown.stream().distinct().toList());
  }

  private String toolName(ExecutableElement method, AnnotationMirror annotation) {
    String explicit = stringValue(annotation, "name");
    String name = explicit.isEmpty() ? method.getSimpleName().toString() : explicit;
    if (!TOOL_NAME.matcher(name).matches()) {
      String suggestion = name.replaceAll("[^a-zA-Z0-9_-]", "_");
      suggestion = suggestion.isEmpty() ? "my_tool" : suggestion;
      suggestion = suggestion.substring(0, Math.min(64, suggestion.length()));
      report(
          method,
          annotation,
          "name",
          "Cadre/InvalidToolName",
          (explicit.isEmpty() ? "method name '" : "tool name '")
              + name
              + "' is not a tool name the model APIs accept: use 1 to 64 letters, digits, '_' or"
              + " '-'; e.g. @Tool(name = \""
              + suggestion
              + "\")");
    }
    return name;
  }

  private String parameterDescription(VariableElement parameter, Javadoc javadoc) {
    for (AnnotationMirror mirror : parameter.getAnnotationMirrors()) {
      if (isAnnotation(mirror, PARAM)) {
        String value = stringValue(mirror, "value").strip();
        if (!value.isEmpty()) {
          return value;
        }
      }
    }
    return javadoc.parameters().get(parameter.getSimpleName().toString());
  }

  /** An error on the annotation value {@code member} if given explicitly, else the annotation. */
  private void report(
      ExecutableElement method,
      AnnotationMirror annotation,
      String member,
      String tag,
      String message) {
    diagnostics.error(method, annotation, explicitValue(annotation, member), tag, message);
  }

  private static AnnotationMirror toolAnnotation(Element element) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (isAnnotation(mirror, TOOL)) {
        return mirror;
      }
    }
    return null;
  }

  private static boolean isAnnotation(AnnotationMirror mirror, String name) {
    return ((TypeElement) mirror.getAnnotationType().asElement())
        .getQualifiedName()
        .contentEquals(name);
  }

  private static AnnotationValue explicitValue(AnnotationMirror annotation, String member) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        annotation.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(member)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static String stringValue(AnnotationMirror annotation, String member) {
    AnnotationValue value = explicitValue(annotation, member);
    return value == null || !(value.getValue() instanceof String text) ? "" : text;
  }

  private static boolean isToolContext(TypeMirror type) {
    return isDeclared(type, TOOL_CONTEXT);
  }

  private static boolean isString(TypeMirror type) {
    return isDeclared(type, "java.lang.String");
  }

  private static boolean isDeclared(TypeMirror type, String name) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals(name);
  }

  /** The holder as a parameter type: generic holders with wildcards ({@code Repo<?>}). */
  private static TypeName holderType(TypeElement holder) {
    ClassName name = ClassName.get(holder);
    if (holder.getTypeParameters().isEmpty()) {
      return name;
    }
    TypeName[] wildcards = new TypeName[holder.getTypeParameters().size()];
    Arrays.fill(wildcards, WildcardTypeName.subtypeOf(Object.class));
    return ParameterizedTypeName.get(name, wildcards);
  }
}
