package dev.cadre.processor.agent;

import dev.cadre.processor.json.JsonType;
import dev.cadre.processor.prompt.PromptTemplate;
import dev.cadre.processor.prompt.PromptTemplate.Placeholder;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeMirror;

/**
 * What one {@code @Agent} declaration says, read once from the compiler's elements: the input to
 * validation and, when that finds nothing, to generation. Each value keeps where it came from
 * ({@link Setting#source()}), so that a finding lands on the exact annotation value.
 *
 * @param type the annotated type
 * @param annotation its {@code @Agent}
 * @param name the agent's name: {@code @Agent(name)} or the simple name in snake case
 * @param approve the names in {@code approve}, each with its value as written
 * @param methods every method that is, or was meant to be, an entry point
 */
record AgentModel(
    TypeElement type,
    AnnotationMirror annotation,
    Setting<String> name,
    String description,
    String systemMessage,
    Setting<String> modelKey,
    Setting<Double> temperature,
    Setting<Integer> maxToolIterations,
    boolean streaming,
    List<ToolHolder> tools,
    List<Setting<String>> approve,
    List<HandoffTarget> handoffs,
    List<Method> methods) {

  AgentModel {
    tools = List.copyOf(tools);
    approve = List.copyOf(approve);
    handoffs = List.copyOf(handoffs);
    methods = List.copyOf(methods);
  }

  /**
   * One {@code @Agent} attribute.
   *
   * @param source the value as written, or null when the attribute was left to its default
   */
  record Setting<T>(T value, AnnotationValue source) {}

  /**
   * A class named in {@code tools}.
   *
   * @param element the class or interface, null when the value is not one (a primitive, an array)
   * @param toolNames the names of its {@code @Tool} methods, in declaration order
   * @param instance whether any of them is an instance method, so the builder needs an instance
   */
  record ToolHolder(
      AnnotationValue source,
      TypeMirror type,
      TypeElement element,
      List<String> toolNames,
      boolean instance) {}

  /**
   * A class named in {@code handoffs}.
   *
   * @param agent the target's {@code @Agent}, null when it has none
   * @param name the target agent's name, computed as its own step computes it
   * @param description the target's description, empty when it has none
   */
  record HandoffTarget(
      AnnotationValue source,
      TypeMirror type,
      TypeElement element,
      AnnotationMirror agent,
      String name,
      String description) {}

  /**
   * A method of the interface that is an entry point ({@link #isAbstract()}), or carries {@code
   * Prompt} or {@code Tool} without being one.
   *
   * @param type the method as a member of the agent type (type variables of generic
   *     super-interfaces resolved)
   * @param prompt its {@code @Prompt}, or null
   * @param template the parsed prompt, or null without one
   * @param components the placeholders that follow a record parameter's components, each once
   * @param tool its {@code @Tool}, which has no place on an agent, or null
   */
  record Method(
      ExecutableElement element,
      ExecutableType type,
      boolean isAbstract,
      AnnotationMirror prompt,
      AnnotationValue promptValue,
      PromptTemplate template,
      List<Parameter> parameters,
      List<Component> components,
      Output output,
      AnnotationMirror tool) {

    Method {
      parameters = List.copyOf(parameters);
      components = List.copyOf(components);
    }

    String name() {
      return element.getSimpleName().toString();
    }
  }

  /**
   * A parameter of an entry method, and how its value is written into the prompt.
   *
   * @param json the parameter's JSON mapping when it is rendered as JSON, else null
   * @param problem why the parameter cannot be rendered, or null
   */
  record Parameter(
      VariableElement element,
      String name,
      TypeMirror type,
      Rendering rendering,
      JsonType json,
      String problem) {}

  /**
   * A component a placeholder reaches from a record parameter ({@code {{order.customer.name}}}),
   * written into the prompt as a parameter of its type would be.
   *
   * @param type the component's type, null when the placeholder leads nowhere
   * @param invalid why the placeholder leads nowhere ({@code PromptPaths}), or null
   * @param json the component's JSON mapping when it is rendered as JSON, else null
   * @param problem why the component cannot be rendered, or null
   */
  record Component(
      Placeholder placeholder,
      TypeMirror type,
      String invalid,
      Rendering rendering,
      JsonType json,
      String problem) {}

  /** How a parameter's value appears in the prompt. */
  enum Rendering {
    /** {@code String.valueOf(value)}: strings, primitives, enums, other objects. */
    TEXT,
    /** Compact JSON: records, arrays, collections, maps and optionals. */
    JSON
  }

  /**
   * What an entry method returns.
   *
   * @param value the type of the answer (the future's type argument for a future), or null when
   *     unsupported
   * @param json the answer's JSON mapping for {@link Kind#VALUE}, else null
   * @param problem why the return type is not supported, or null
   */
  record Output(Kind kind, boolean async, TypeMirror value, JsonType json, String problem) {

    static Output unsupported(String problem) {
      return new Output(Kind.UNSUPPORTED, false, null, null, problem);
    }
  }

  /** The kinds of answer an entry method may return. */
  enum Kind {
    /** {@code String}: the answer's text. */
    TEXT,
    /** A record or enum, as structured output. */
    VALUE,
    /** {@code dev.cadre.agent.AgentResponse}: the whole turn. */
    RESPONSE,
    /** Anything else: an error. */
    UNSUPPORTED
  }
}
