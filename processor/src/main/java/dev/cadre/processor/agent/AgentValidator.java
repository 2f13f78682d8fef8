package dev.cadre.processor.agent;

import dev.cadre.graph.Suggestions;
import dev.cadre.processor.Access;
import dev.cadre.processor.Context;
import dev.cadre.processor.Diagnostics;
import dev.cadre.processor.Naming;
import dev.cadre.processor.Placement;
import dev.cadre.processor.Sources;
import dev.cadre.processor.agent.AgentModel.Component;
import dev.cadre.processor.agent.AgentModel.HandoffTarget;
import dev.cadre.processor.agent.AgentModel.Kind;
import dev.cadre.processor.agent.AgentModel.Method;
import dev.cadre.processor.agent.AgentModel.Parameter;
import dev.cadre.processor.agent.AgentModel.ToolHolder;
import dev.cadre.processor.prompt.PromptChecks;
import dev.cadre.processor.prompt.PromptPaths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * Checks an {@link AgentModel} and reports every finding, each on the exact element, annotation and
 * value, with a stable tag:
 *
 * <ul>
 *   <li>{@code Cadre/AgentNotInterface}: {@code @Agent} on a class, enum, record or annotation;
 *   <li>{@code Cadre/AgentNotAccessible}: a private or local interface, which the generated class
 *       cannot implement;
 *   <li>{@code Cadre/GenericAgent}: type parameters on the interface or on an entry method;
 *   <li>{@code Cadre/AgentEntryNotAbstract}: {@code @Prompt} on a default or static method;
 *   <li>{@code Cadre/MisplacedTool}: {@code @Tool} on a method of the agent interface, where it
 *       means nothing: tools live on holder classes listed in {@code tools};
 *   <li>{@code Cadre/AgentAndGroupChat}: {@code @GroupChat} on the interface too (reported by the
 *       step, on {@code @Agent});
 *   <li>{@code Cadre/CompiledWithoutProcessor}: a tool holder from a class file compiled without
 *       the processor, so its {@code _Tools} binding does not exist;
 *   <li>{@code Cadre/MissingPrompt}: an abstract method without {@code @Prompt}, or with a blank
 *       one;
 *   <li>{@code Cadre/MalformedPlaceholder}: {@code {{}}}, <code>{{text}</code>, {@code {{1x}}},
 *       three braces and the like; {@code Cadre/UnknownPlaceholder}: {@code {{x}}} with no
 *       parameter {@code x}; {@code Cadre/UnusedParameter}: a parameter the prompt never uses (all
 *       {@link PromptChecks}); {@code Cadre/InvalidPlaceholderPath}: {@code {{order.x}}} where
 *       {@code order} is no record or has no component {@code x} ({@link PromptPaths}); all shared
 *       with the team step;
 *   <li>{@code Cadre/UnsupportedParameterType}: varargs, or a parameter written as JSON whose type
 *       does not map to JSON;
 *   <li>{@code Cadre/UnsupportedReturnType}: anything but {@code String}, a record or enum that
 *       maps to JSON, {@code AgentResponse}, or a {@code CompletableFuture} of one of them;
 *   <li>{@code Cadre/CheckedException}: an entry method that declares a checked exception;
 *   <li>{@code Cadre/ReservedMethodName}: an entry method with the signature of a method the
 *       generated class has ({@code agent()}, {@code builder()});
 *   <li>{@code Cadre/InvalidAgentName}: a name that is no valid tool name, the reserved {@code
 *       user}, or a handoff target whose name makes a {@code transfer_to_} tool name too long;
 *   <li>{@code Cadre/InvalidAgentOption}: {@code maxToolIterations < 1}, {@code temperature > 2}, a
 *       blank model key;
 *   <li>{@code Cadre/HandoffNotAgent}, {@code Cadre/DuplicateHandoff} (twice, or to itself);
 *   <li>{@code Cadre/ToolHolderWithoutTools}, {@code Cadre/ToolHolderNotAccessible}, {@code
 *       Cadre/DuplicateToolHolder} (twice, or two holders whose builder setters share a name),
 *       {@code Cadre/DuplicateToolName} (two holders, or a tool and a handoff, with one name);
 *   <li>{@code Cadre/UnknownApprovalTool}: a name in {@code approve} that is none of the agent's
 *       tools, with the closest one when it looks like a misspelling.
 * </ul>
 */
final class AgentValidator {

  private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");
  private static final String HANDOFF_PREFIX = "transfer_to_";
  // The generated builder's own members; a tool holder's setter and field must not take them.
  private static final Set<String> BUILDER_NAMES = Set.of("model", "models", "build");

  private final Context context;
  private final Diagnostics diagnostics;

  AgentValidator(Context context) {
    this.context = context;
    this.diagnostics = context.diagnostics();
  }

  /** Reports every finding; true when there was none (warnings aside). */
  boolean validate(AgentModel agent) {
    int before = diagnostics.errorCount();
    boolean isInterface = checkType(agent);
    checkName(agent);
    checkOptions(agent);
    checkToolHolders(agent);
    checkApprovals(agent);
    checkHandoffs(agent);
    if (isInterface) {
      for (Method method : agent.methods()) {
        checkMethod(agent, method);
      }
    }
    return diagnostics.errorCount() == before;
  }

  private boolean checkType(AgentModel agent) {
    TypeElement type = agent.type();
    if (type.getKind() != ElementKind.INTERFACE) {
      diagnostics.error(
          type,
          "Cadre/AgentNotInterface",
          "@Agent goes on an interface, and "
              + type.getSimpleName()
              + " is "
              + kindName(type.getKind())
              + "; declare it as an interface whose abstract methods are the agent's entry points");
      return false;
    }
    for (Element element = type;
        !(element instanceof PackageElement);
        element = element.getEnclosingElement()) {
      boolean local =
          !(element.getEnclosingElement() instanceof PackageElement)
              && !(element.getEnclosingElement() instanceof TypeElement);
      if (element.getModifiers().contains(Modifier.PRIVATE) || local) {
        diagnostics.error(
            type,
            "Cadre/AgentNotAccessible",
            "the generated "
                + Naming.generatedName(type, "Cadre", "")
                + " cannot implement "
                + type.getSimpleName()
                + ", because "
                + (element == type ? "it" : element.getSimpleName())
                + " is "
                + (local ? "local to a method" : "private")
                + "; make it a package-private or public member of its package or class");
        break;
      }
    }
    if (!type.getTypeParameters().isEmpty()) {
      diagnostics.error(
          type,
          "Cadre/GenericAgent",
          "agent interface "
              + type.getSimpleName()
              + " has type parameters, but an agent's prompts and answers must be known at"
              + " compile time; remove them, or extend a generic interface with concrete types");
    }
    return true;
  }

  private void checkName(AgentModel agent) {
    String name = agent.name().value();
    String problem = null;
    if (!TOOL_NAME.matcher(name).matches()) {
      problem =
          "agent name '"
              + name
              + "' is not valid: it becomes a message source and part of tool names, so use 1 to"
              + " 64 letters, digits, '_' or '-'";
    } else if (name.equals("user")) {
      problem = "agent name 'user' is taken by the messages users send; choose another name";
    }
    if (problem != null) {
      if (agent.name().source() == null) {
        problem += " (set it with @Agent(name = \"...\"))";
      }
      diagnostics.error(
          agent.type(),
          agent.annotation(),
          agent.name().source(),
          "Cadre/InvalidAgentName",
          problem);
    }
  }

  private void checkOptions(AgentModel agent) {
    int iterations = agent.maxToolIterations().value();
    if (iterations < 1) {
      diagnostics.error(
          agent.type(),
          agent.annotation(),
          agent.maxToolIterations().source(),
          "Cadre/InvalidAgentOption",
          "maxToolIterations is "
              + iterations
              + ", but a turn needs at least one round of tool calls; use 1 or more");
    }
    double temperature = agent.temperature().value();
    if (Double.isNaN(temperature) || temperature > 2) {
      diagnostics.error(
          agent.type(),
          agent.annotation(),
          agent.temperature().source(),
          "Cadre/InvalidAgentOption",
          "temperature is "
              + temperature
              + ", but models take 0 to 2; use a value in that range, or leave it out for the"
              + " provider's default");
    }
    String key = agent.modelKey().value();
    if (!key.isEmpty() && key.isBlank()) {
      diagnostics.error(
          agent.type(),
          agent.annotation(),
          agent.modelKey().source(),
          "Cadre/InvalidAgentOption",
          "the model key is blank, so no builder call could supply it; name the model, as in"
              + " model = \"fast\", or leave it out for the builder's default model");
    }
  }

  private void checkToolHolders(AgentModel agent) {
    Set<String> holders = new HashSet<>();
    Map<String, String> setters = new HashMap<>();
    Map<String, String> toolOwners = new LinkedHashMap<>();
    Set<String> handoffTools = new HashSet<>();
    for (HandoffTarget handoff : agent.handoffs()) {
      handoffTools.add(HANDOFF_PREFIX + handoff.name());
    }
    for (ToolHolder holder : agent.tools()) {
      String display = display(holder.type());
      if (holder.element() == null || holder.toolNames().isEmpty()) {
        error(
            agent,
            holder.source(),
            "Cadre/ToolHolderWithoutTools",
            display
                + " is listed in tools but has no @Tool method; annotate the methods the agent may"
                + " call with @Tool, or remove it from tools");
        continue;
      }
      if (!holders.add(holder.element().getQualifiedName().toString())) {
        error(
            agent,
            holder.source(),
            "Cadre/DuplicateToolHolder",
            display + " is listed in tools twice; list it once");
        continue;
      }
      String missing =
          context
              .sources()
              .withoutProcessor(
                  holder.element(), AgentWriter.toolsClass(holder.element()).canonicalName());
      if (missing != null) {
        error(agent, holder.source(), Sources.COMPILED_WITHOUT_PROCESSOR, missing);
      }
      String inaccessible =
          Access.problem(
              context.elements(), holder.element(), context.elements().getPackageOf(agent.type()));
      if (inaccessible != null) {
        error(
            agent,
            holder.source(),
            "Cadre/ToolHolderNotAccessible",
            "the generated "
                + Naming.generatedName(agent.type(), "Cadre", "")
                + " cannot use tool holder "
                + display
                + ", because "
                + inaccessible
                + "; make it public, or package-private in the agent's package");
      }
      if (holder.instance()) {
        String setter = Naming.lowerCamel(holder.element().getSimpleName().toString());
        String other = setters.putIfAbsent(setter, display);
        if (other != null
            || BUILDER_NAMES.contains(setter)
            || (setter.equals("approver") && !agent.approve().isEmpty())) {
          error(
              agent,
              holder.source(),
              "Cadre/DuplicateToolHolder",
              "the builder takes "
                  + display
                  + " through "
                  + setter
                  + "(...), a name "
                  + (other != null ? other + "'s setter" : "the builder itself")
                  + " already uses; rename the holder class");
        }
      }
      for (String tool : new LinkedHashSet<>(holder.toolNames())) {
        String owner = toolOwners.putIfAbsent(tool, display);
        if (owner != null) {
          error(
              agent,
              holder.source(),
              "Cadre/DuplicateToolName",
              "tool '"
                  + tool
                  + "' is offered by both "
                  + owner
                  + " and "
                  + display
                  + ", and the model calls tools by name; rename one with @Tool(name = \"...\")");
        } else if (handoffTools.contains(tool)) {
          error(
              agent,
              holder.source(),
              "Cadre/DuplicateToolName",
              "tool '"
                  + tool
                  + "' of "
                  + display
                  + " has the name of the agent's handoff tool to '"
                  + tool.substring(HANDOFF_PREFIX.length())
                  + "'; rename the tool with @Tool(name = \"...\")");
        }
      }
    }
  }

  private void checkApprovals(AgentModel agent) {
    List<String> tools = new ArrayList<>();
    for (ToolHolder holder : agent.tools()) {
      tools.addAll(holder.toolNames());
    }
    for (AgentModel.Setting<String> approve : agent.approve()) {
      String name = approve.value();
      if (tools.contains(name)) {
        continue;
      }
      String closest = Suggestions.closest(name, tools);
      error(
          agent,
          approve.source(),
          "Cadre/UnknownApprovalTool",
          "approve names '"
              + name
              + "', which is none of this agent's tools "
              + tools
              + (closest == null
                  ? "; name a @Tool of a holder in tools, or add its holder to tools"
                  : "; did you mean '" + closest + "'?"));
    }
  }

  private void checkHandoffs(AgentModel agent) {
    Set<String> targets = new HashSet<>();
    for (HandoffTarget handoff : agent.handoffs()) {
      String display = display(handoff.type());
      if (handoff.agent() == null) {
        error(
            agent,
            handoff.source(),
            "Cadre/HandoffNotAgent",
            display
                + " is listed in handoffs but is not an @Agent; an agent can only hand the"
                + " conversation to another agent, so annotate it with @Agent or remove it");
        continue;
      }
      if (handoff.element().equals(agent.type())) {
        error(
            agent,
            handoff.source(),
            "Cadre/DuplicateHandoff",
            "agent '"
                + agent.name().value()
                + "' lists itself in handoffs; an agent cannot hand the conversation to itself,"
                + " so remove it");
        continue;
      }
      if (!targets.add(handoff.name())) {
        error(
            agent,
            handoff.source(),
            "Cadre/DuplicateHandoff",
            "agent '" + handoff.name() + "' is listed in handoffs twice; list it once");
        continue;
      }
      String tool = HANDOFF_PREFIX + handoff.name();
      if (TOOL_NAME.matcher(handoff.name()).matches() && !TOOL_NAME.matcher(tool).matches()) {
        error(
            agent,
            handoff.source(),
            "Cadre/InvalidAgentName",
            "the handoff to '"
                + handoff.name()
                + "' is offered to the model as tool '"
                + tool
                + "', longer than the 64 characters tool names may have; give "
                + display
                + " a name of 52 characters at most");
      }
    }
  }

  private void checkMethod(AgentModel agent, Method method) {
    if (method.tool() != null) {
      boolean own = at(agent, method) == method.element();
      diagnostics.error(
          own ? method.element() : agent.type(),
          own ? method.tool() : null,
          null,
          Placement.MISPLACED_TOOL,
          Placement.misplacedTool(method.element(), agent.type(), true));
      return;
    }
    if (!method.isAbstract()) {
      diagnostics.error(
          method.element(),
          method.prompt(),
          null,
          "Cadre/AgentEntryNotAbstract",
          "@Prompt is on "
              + (method.element().getModifiers().contains(Modifier.STATIC) ? "static" : "default")
              + " method "
              + method.name()
              + "(), which has a body of its own, so the agent never runs it; make it abstract"
              + " to make it an entry point, or remove @Prompt");
      return;
    }
    Element at = at(agent, method);
    String where = at == method.element() ? "" : " (inherited " + method.name() + "())";
    if (method.prompt() == null) {
      diagnostics.error(
          at,
          "Cadre/MissingPrompt",
          "entry method "
              + method.name()
              + "()"
              + where
              + " has no @Prompt, so the agent would not know what to send; add"
              + " @Prompt(\"...\") with {{parameter}} placeholders, or give it a default body");
      return;
    }
    if (!method.element().getTypeParameters().isEmpty()) {
      diagnostics.error(
          at,
          "Cadre/GenericAgent",
          "entry method "
              + method.name()
              + "()"
              + where
              + " has type parameters; remove them and use concrete types");
    }
    checkPrompt(agent, method, at);
    checkReturnType(method, at, where);
    checkThrows(method, at, where);
    checkReserved(method, at, where);
  }

  private void checkPrompt(AgentModel agent, Method method, Element at) {
    String template = method.promptValue().getValue().toString();
    if (template.isBlank()) {
      diagnostics.error(
          at,
          method.prompt(),
          method.promptValue(),
          "Cadre/MissingPrompt",
          "the prompt of "
              + method.name()
              + "() is blank, so the agent would send an empty message; write what it should ask");
    }
    List<String> names = new ArrayList<>();
    for (Parameter parameter : method.parameters()) {
      names.add(parameter.name());
    }
    List<PromptChecks.Finding> findings =
        PromptChecks.check(method.template(), method.name(), names, "agent");
    for (PromptChecks.Finding finding : findings) {
      if (finding.parameter() == null) {
        diagnostics.error(
            at, method.prompt(), method.promptValue(), finding.tag(), finding.message());
      }
    }
    for (Component component : method.components()) {
      String placeholder = "{{" + component.placeholder().path() + "}}";
      if (component.invalid() != null) {
        diagnostics.error(
            at,
            method.prompt(),
            method.promptValue(),
            PromptPaths.INVALID_PATH,
            "the prompt of "
                + method.name()
                + "() uses "
                + placeholder
                + ", but "
                + component.invalid());
      } else if (component.problem() != null) {
        diagnostics.error(
            at,
            method.prompt(),
            method.promptValue(),
            "Cadre/UnsupportedParameterType",
            placeholder
                + " of "
                + method.name()
                + "() cannot go into the prompt: "
                + component.problem());
      }
    }
    for (int i = 0; i < method.parameters().size(); i++) {
      Parameter parameter = method.parameters().get(i);
      Element on = at == method.element() ? parameter.element() : at;
      if (method.element().isVarArgs() && i == method.parameters().size() - 1) {
        diagnostics.error(
            on,
            "Cadre/UnsupportedParameterType",
            "parameter '"
                + parameter.name()
                + "' of "
                + method.name()
                + "() is varargs, which reads badly in a prompt and hides whether the method"
                + " takes one value or many; declare it as a List instead");
      } else if (parameter.problem() != null && method.template().usesWhole(parameter.name())) {
        diagnostics.error(
            on,
            "Cadre/UnsupportedParameterType",
            "parameter '"
                + parameter.name()
                + "' of "
                + method.name()
                + "() cannot go into the prompt: "
                + parameter.problem());
      }
      for (PromptChecks.Finding finding : findings) {
        if (parameter.name().equals(finding.parameter())) {
          diagnostics.error(on, finding.tag(), finding.message());
        }
      }
    }
  }

  private void checkReturnType(Method method, Element at, String where) {
    if (method.output().kind() != Kind.UNSUPPORTED) {
      return;
    }
    diagnostics.error(
        at,
        "Cadre/UnsupportedReturnType",
        "entry method "
            + method.name()
            + "()"
            + where
            + " returns "
            + method.type().getReturnType()
            + ": "
            + method.output().problem()
            + "; return String, a record or enum (structured output), "
            + "dev.cadre.agent.AgentResponse, or a CompletableFuture of one of these");
  }

  private void checkThrows(Method method, Element at, String where) {
    TypeMirror runtime = type("java.lang.RuntimeException");
    TypeMirror error = type("java.lang.Error");
    for (TypeMirror thrown : method.type().getThrownTypes()) {
      if (context.types().isSubtype(thrown, runtime) || context.types().isSubtype(thrown, error)) {
        continue;
      }
      diagnostics.error(
          at,
          "Cadre/CheckedException",
          "entry method "
              + method.name()
              + "()"
              + where
              + " declares "
              + thrown
              + ", which the agent never throws: failures arrive as unchecked exceptions"
              + " (ModelException, StructuredOutputException, CancelledException); remove the"
              + " throws clause");
    }
  }

  private void checkReserved(Method method, Element at, String where) {
    String name = method.name();
    if (method.parameters().isEmpty() && (name.equals("agent") || name.equals("builder"))) {
      diagnostics.error(
          at,
          "Cadre/ReservedMethodName",
          "entry method "
              + name
              + "()"
              + where
              + " has the signature of the generated class's own "
              + name
              + "() method; rename it or give it a parameter");
    }
  }

  private Element at(AgentModel agent, Method method) {
    return method.element().getEnclosingElement().equals(agent.type())
        ? method.element()
        : agent.type();
  }

  private void error(AgentModel agent, AnnotationValue value, String tag, String message) {
    diagnostics.error(agent.type(), agent.annotation(), value, tag, message);
  }

  private TypeMirror type(String name) {
    return context.elements().getTypeElement(name).asType();
  }

  private static String display(TypeMirror type) {
    return type.toString();
  }

  private static String kindName(ElementKind kind) {
    switch (kind) {
      case ENUM:
        return "an enum";
      case RECORD:
        return "a record";
      case ANNOTATION_TYPE:
        return "an annotation type";
      default:
        return "a class";
    }
  }
}
