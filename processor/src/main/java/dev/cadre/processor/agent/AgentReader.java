package dev.cadre.processor.agent;

import static dev.cadre.processor.Placement.annotation;

import dev.cadre.processor.Context;
import dev.cadre.processor.Naming;
import dev.cadre.processor.agent.AgentModel.Component;
import dev.cadre.processor.agent.AgentModel.HandoffTarget;
import dev.cadre.processor.agent.AgentModel.Kind;
import dev.cadre.processor.agent.AgentModel.Method;
import dev.cadre.processor.agent.AgentModel.Output;
import dev.cadre.processor.agent.AgentModel.Parameter;
import dev.cadre.processor.agent.AgentModel.Rendering;
import dev.cadre.processor.agent.AgentModel.Setting;
import dev.cadre.processor.agent.AgentModel.ToolHolder;
import dev.cadre.processor.prompt.PromptPaths;
import dev.cadre.processor.prompt.PromptTemplate;
import dev.cadre.processor.prompt.PromptTemplate.Placeholder;
import dev.cadre.processor.tool.ToolNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;

/**
 * Reads an {@code @Agent} type into an {@link AgentModel}, checking nothing: validation is the next
 * step's. Returns nothing when a type the declaration uses is not resolved yet (another processor
 * will generate it), so that the step defers the whole declaration.
 */
final class AgentReader {

  static final String AGENT = "dev.cadre.annotations.Agent";
  static final String PROMPT = "dev.cadre.annotations.Prompt";
  static final String TOOL = "dev.cadre.annotations.Tool";
  static final String AGENT_RESPONSE = "dev.cadre.agent.AgentResponse";
  static final String COMPLETABLE_FUTURE = "java.util.concurrent.CompletableFuture";

  private static final Set<String> OPTIONALS =
      Set.of(
          "java.util.Optional",
          "java.util.OptionalInt",
          "java.util.OptionalLong",
          "java.util.OptionalDouble");

  private final Context context;
  private final AgentJson json;
  private final PromptPaths paths;

  AgentReader(Context context, AgentJson json) {
    this.context = context;
    this.json = json;
    this.paths = new PromptPaths(context);
  }

  /** The model of {@code type}, or empty when it refers to a type that is not resolved yet. */
  Optional<AgentModel> read(TypeElement type, AnnotationMirror agent) {
    Values values = new Values(agent);
    List<ToolHolder> tools = new ArrayList<>();
    for (AnnotationValue value : values.classes("tools")) {
      TypeMirror holder = classValue(value);
      if (holder == null) {
        return Optional.empty();
      }
      tools.add(toolHolder(value, holder));
    }
    List<Setting<String>> approve = new ArrayList<>();
    for (AnnotationValue value : values.classes("approve")) {
      approve.add(new Setting<>(value.getValue().toString(), value));
    }
    List<HandoffTarget> handoffs = new ArrayList<>();
    for (AnnotationValue value : values.classes("handoffs")) {
      TypeMirror target = classValue(value);
      if (target == null) {
        return Optional.empty();
      }
      handoffs.add(handoff(value, target));
    }
    List<Method> methods = new ArrayList<>();
    for (ExecutableElement method : methods(type)) {
      Method read = method(type, method);
      if (read == null) {
        return Optional.empty();
      }
      if (read.isAbstract() || read.prompt() != null || read.tool() != null) {
        methods.add(read);
      }
    }
    String name = values.string("name");
    return Optional.of(
        new AgentModel(
            type,
            agent,
            new Setting<>(
                name.isEmpty() ? Naming.snakeCase(type.getSimpleName().toString()) : name,
                values.explicit("name")),
            values.string("description"),
            values.string("systemMessage"),
            new Setting<>(values.string("model"), values.explicit("model")),
            new Setting<>(
                (Double) values.get("temperature").getValue(), values.explicit("temperature")),
            new Setting<>(
                (Integer) values.get("maxToolIterations").getValue(),
                values.explicit("maxToolIterations")),
            (Boolean) values.get("streaming").getValue(),
            tools,
            approve,
            handoffs,
            methods));
  }

  private ToolHolder toolHolder(AnnotationValue source, TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return new ToolHolder(source, type, null, List.of(), false);
    }
    TypeElement holder = (TypeElement) ((DeclaredType) type).asElement();
    boolean instance = false;
    for (ExecutableElement method : ElementFilter.methodsIn(holder.getEnclosedElements())) {
      if (annotation(method, TOOL) != null) {
        instance |= !method.getModifiers().contains(Modifier.STATIC);
      }
    }
    return new ToolHolder(source, type, holder, ToolNames.of(holder), instance);
  }

  private HandoffTarget handoff(AnnotationValue source, TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return new HandoffTarget(source, type, null, null, type.toString(), "");
    }
    TypeElement target = (TypeElement) ((DeclaredType) type).asElement();
    AnnotationMirror agent = annotation(target, AGENT);
    if (agent == null) {
      return new HandoffTarget(source, type, target, null, target.getSimpleName().toString(), "");
    }
    Values values = new Values(agent);
    String name = values.string("name");
    return new HandoffTarget(
        source,
        type,
        target,
        agent,
        name.isEmpty() ? Naming.snakeCase(target.getSimpleName().toString()) : name,
        values.string("description"));
  }

  /**
   * The interface's methods that could be entry points: its own in source order, then inherited
   * ones (super-interfaces depth first) that nothing before overrides. Object's methods, redeclared
   * in an interface, are implemented by Object and are no entry points.
   */
  private List<ExecutableElement> methods(TypeElement type) {
    List<ExecutableElement> methods = new ArrayList<>();
    collect(type, type, methods);
    return methods;
  }

  private void collect(TypeElement agent, TypeElement type, List<ExecutableElement> into) {
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      boolean inherited = type != agent;
      if (method.getModifiers().contains(Modifier.PRIVATE)
          || (inherited && method.getModifiers().contains(Modifier.STATIC))
          || isObjectMethod(method)) {
        continue;
      }
      boolean overridden = false;
      for (ExecutableElement seen : into) {
        overridden |= context.elements().overrides(seen, method, agent);
      }
      if (!overridden) {
        into.add(method);
      }
    }
    for (TypeMirror parent : type.getInterfaces()) {
      if (parent.getKind() == TypeKind.DECLARED) {
        collect(agent, (TypeElement) ((DeclaredType) parent).asElement(), into);
      }
    }
  }

  private static boolean isObjectMethod(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    List<? extends VariableElement> parameters = method.getParameters();
    return (parameters.isEmpty() && (name.equals("toString") || name.equals("hashCode")))
        || (parameters.size() == 1
            && name.equals("equals")
            && parameters.get(0).asType().toString().equals("java.lang.Object"));
  }

  /** The method as a member of {@code agent}; null when one of its types is unresolved. */
  private Method method(TypeElement agent, ExecutableElement method) {
    ExecutableType type =
        (ExecutableType) context.types().asMemberOf((DeclaredType) agent.asType(), method);
    boolean isAbstract = method.getModifiers().contains(Modifier.ABSTRACT);
    AnnotationMirror prompt = annotation(method, PROMPT);
    AnnotationValue promptValue = prompt == null ? null : new Values(prompt).get("value");
    PromptTemplate template =
        promptValue == null ? null : PromptTemplate.parse(promptValue.getValue().toString());
    AnnotationMirror tool = annotation(method, TOOL);
    if (!isAbstract || tool != null) {
      return new Method(
          method,
          type,
          isAbstract,
          prompt,
          promptValue,
          template,
          List.of(),
          List.of(),
          null,
          tool);
    }
    if (unresolved(type.getReturnType())) {
      return null;
    }
    for (TypeMirror thrown : type.getThrownTypes()) {
      if (unresolved(thrown)) {
        return null;
      }
    }
    List<Parameter> parameters = new ArrayList<>();
    for (int i = 0; i < method.getParameters().size(); i++) {
      VariableElement element = method.getParameters().get(i);
      TypeMirror parameterType = type.getParameterTypes().get(i);
      if (unresolved(parameterType)) {
        return null;
      }
      Parameter parameter = parameter(element, parameterType);
      if (parameter == null) {
        return null;
      }
      parameters.add(parameter);
    }
    List<Component> components =
        template == null ? List.of() : components(agent, template, parameters);
    if (components == null) {
      return null;
    }
    Output output = output(type.getReturnType());
    if (output == null) {
      return null;
    }
    return new Method(
        method, type, true, prompt, promptValue, template, parameters, components, output, null);
  }

  /**
   * The components the template's placeholders reach, each once; null when a type on the way is not
   * resolved yet. A placeholder whose parameter does not exist is left out (it is reported as
   * unknown).
   */
  private List<Component> components(
      TypeElement agent, PromptTemplate template, List<Parameter> parameters) {
    List<Component> components = new ArrayList<>();
    for (Placeholder placeholder : template.componentPaths()) {
      Parameter parameter = null;
      for (Parameter candidate : parameters) {
        if (candidate.name().equals(placeholder.parameter())) {
          parameter = candidate;
        }
      }
      if (parameter == null) {
        continue;
      }
      PromptPaths.Followed followed =
          paths.follow(placeholder, parameter.type(), context.elements().getPackageOf(agent));
      if (followed.unresolved()) {
        return null;
      }
      if (followed.problem() != null) {
        components.add(
            new Component(placeholder, null, followed.problem(), Rendering.TEXT, null, null));
        continue;
      }
      TypeMirror type = followed.type();
      if (!rendersAsJson(type)) {
        components.add(new Component(placeholder, type, null, Rendering.TEXT, null, null));
        continue;
      }
      AgentJson.Mapping mapping = json.map(type);
      if (mapping.unresolved()) {
        return null;
      }
      components.add(
          new Component(
              placeholder,
              type,
              null,
              Rendering.JSON,
              mapping.type(),
              mapping.type() == null
                  ? "it is written into the prompt as JSON, but "
                      + String.join("; ", mapping.problems())
                  : null));
    }
    return components;
  }

  private Parameter parameter(VariableElement element, TypeMirror type) {
    String name = element.getSimpleName().toString();
    if (!rendersAsJson(type)) {
      return new Parameter(element, name, type, Rendering.TEXT, null, null);
    }
    AgentJson.Mapping mapping = json.map(type);
    if (mapping.unresolved()) {
      return null;
    }
    String problem =
        mapping.type() == null
            ? "it is written into the prompt as JSON, but " + String.join("; ", mapping.problems())
            : null;
    return new Parameter(element, name, type, Rendering.JSON, mapping.type(), problem);
  }

  /** Records, arrays, collections, maps and optionals read better as JSON than as toString(). */
  private boolean rendersAsJson(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      return true;
    }
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
    return element.getKind() == ElementKind.RECORD
        || OPTIONALS.contains(element.getQualifiedName().toString())
        || isSubtypeOfErasure(type, "java.util.Collection")
        || isSubtypeOfErasure(type, "java.util.Map");
  }

  private boolean isSubtypeOfErasure(TypeMirror type, String name) {
    TypeElement supertype = context.elements().getTypeElement(name);
    return supertype != null
        && context
            .types()
            .isSubtype(context.types().erasure(type), context.types().erasure(supertype.asType()));
  }

  /** The return type's output; null when it is unresolved. */
  private Output output(TypeMirror type) {
    if (isNamed(type, COMPLETABLE_FUTURE)) {
      List<? extends TypeMirror> arguments = ((DeclaredType) type).getTypeArguments();
      if (arguments.size() != 1 || arguments.get(0).getKind() != TypeKind.DECLARED) {
        return Output.unsupported(
            "a CompletableFuture needs a type argument: CompletableFuture<String>,"
                + " CompletableFuture<AgentResponse>, or of a record or enum");
      }
      Output inner = output(arguments.get(0));
      if (inner == null || inner.kind() == Kind.UNSUPPORTED) {
        return inner;
      }
      return new Output(inner.kind(), true, inner.value(), inner.json(), null);
    }
    if (isNamed(type, "java.lang.String")) {
      return new Output(Kind.TEXT, false, type, null, null);
    }
    if (isNamed(type, AGENT_RESPONSE)) {
      return new Output(Kind.RESPONSE, false, type, null, null);
    }
    if (type.getKind() == TypeKind.DECLARED) {
      DeclaredType declared = (DeclaredType) type;
      ElementKind kind = declared.asElement().getKind();
      if (kind == ElementKind.RECORD || kind == ElementKind.ENUM) {
        if (!declared.getTypeArguments().isEmpty()) {
          return Output.unsupported(
              type
                  + " is generic, and a structured answer's type must be known at compile time;"
                  + " return a record without type parameters");
        }
        AgentJson.Mapping mapping = json.map(type);
        if (mapping.unresolved()) {
          return null;
        }
        if (mapping.type() == null) {
          return Output.unsupported(
              type + " cannot be a structured answer: " + String.join("; ", mapping.problems()));
        }
        return new Output(Kind.VALUE, false, type, mapping.type(), null);
      }
    }
    return Output.unsupported(type + " is not an answer an agent can give");
  }

  private static boolean isNamed(TypeMirror type, String qualifiedName) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement())
            .getQualifiedName()
            .contentEquals(qualifiedName);
  }

  /** Whether {@code type} is, or holds, a type the compiler could not resolve. */
  static boolean unresolved(TypeMirror type) {
    switch (type.getKind()) {
      case ERROR:
        return true;
      case ARRAY:
        return unresolved(((ArrayType) type).getComponentType());
      case DECLARED:
        for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
          if (unresolved(argument)) {
            return true;
          }
        }
        return false;
      case WILDCARD:
        TypeMirror extendsBound = ((WildcardType) type).getExtendsBound();
        TypeMirror superBound = ((WildcardType) type).getSuperBound();
        return (extendsBound != null && unresolved(extendsBound))
            || (superBound != null && unresolved(superBound));
      default:
        return false;
    }
  }

  /** The type a class literal in an annotation names; null when it is not resolved yet. */
  private static TypeMirror classValue(AnnotationValue value) {
    Object type = value.getValue();
    if (!(type instanceof TypeMirror mirror) || unresolved(mirror)) {
      return null;
    }
    return mirror;
  }

  /** An annotation's attribute values, with defaults, and which of them were written. */
  final class Values {
    private final Map<? extends ExecutableElement, ? extends AnnotationValue> explicit;
    private final Map<? extends ExecutableElement, ? extends AnnotationValue> all;

    Values(AnnotationMirror mirror) {
      this.explicit = mirror.getElementValues();
      this.all = context.elements().getElementValuesWithDefaults(mirror);
    }

    AnnotationValue get(String attribute) {
      return find(all, attribute);
    }

    /** The value as written, or null when the attribute has its default. */
    AnnotationValue explicit(String attribute) {
      return find(explicit, attribute);
    }

    String string(String attribute) {
      return get(attribute).getValue().toString();
    }

    @SuppressWarnings("unchecked") // an array attribute's value is a list of values
    List<? extends AnnotationValue> classes(String attribute) {
      return (List<? extends AnnotationValue>) get(attribute).getValue();
    }

    private AnnotationValue find(
        Map<? extends ExecutableElement, ? extends AnnotationValue> values, String attribute) {
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
          values.entrySet()) {
        if (entry.getKey().getSimpleName().contentEquals(attribute)) {
          return entry.getValue();
        }
      }
      return null;
    }
  }
}
