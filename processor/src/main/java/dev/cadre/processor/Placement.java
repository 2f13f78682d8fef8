package dev.cadre.processor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Where Cadre's annotations may go, for what no one step sees whole: {@code @Agent} and {@code
 * GroupChat} on one interface ({@value #AGENT_AND_GROUP_CHAT}, which each step reports on its own
 * annotation), {@code @Tool} on an agent or team interface ({@value #MISPLACED_TOOL}), and a {@code
 * Prompt} that nothing reads ({@value #PROMPT_WITHOUT_AGENT}): on an interface that is neither an
 * agent nor a team, nor extended by one compiled here. Prompts are gathered round by round and
 * judged when processing ends, once every agent and team has been seen.
 */
public final class Placement {

  public static final String AGENT = "dev.cadre.annotations.Agent";
  public static final String GROUP_CHAT = "dev.cadre.annotations.GroupChat";
  public static final String PROMPT = "dev.cadre.annotations.Prompt";
  public static final String TOOL = "dev.cadre.annotations.Tool";

  public static final String AGENT_AND_GROUP_CHAT = "Cadre/AgentAndGroupChat";
  public static final String MISPLACED_TOOL = "Cadre/MisplacedTool";
  public static final String PROMPT_WITHOUT_AGENT = "Cadre/PromptWithoutAgent";

  private final Context context;
  // By qualified name: javac makes new elements each round, and the old ones lose their source.
  private final Set<String> withPrompts = new LinkedHashSet<>();
  private final Set<String> agentsAndTeams = new LinkedHashSet<>();

  Placement(Context context) {
    this.context = context;
  }

  /** The message of {@value #AGENT_AND_GROUP_CHAT} for {@code type}; null when it has one. */
  public static String agentAndGroupChat(TypeElement type) {
    if (annotation(type, AGENT) == null || annotation(type, GROUP_CHAT) == null) {
      return null;
    }
    return type.getSimpleName()
        + " has both @Agent and @GroupChat, and each would generate "
        + Naming.generatedName(type, "Cadre", "")
        + "; an interface is one agent or one team: keep one of them, and declare the other on an"
        + " interface of its own";
  }

  /**
   * The message of {@value #MISPLACED_TOOL} for {@code method} of an agent or team interface.
   *
   * @param agent whether {@code type} is an agent (else a team)
   */
  public static String misplacedTool(ExecutableElement method, TypeElement type, boolean agent) {
    String name = method.getSimpleName() + "()";
    return name
        + " has @Tool, but "
        + type.getSimpleName()
        + (agent ? " is an @Agent interface" : " is a @GroupChat interface")
        + ", and its methods are what the "
        + (agent ? "agent" : "team")
        + " is asked, not what it may call; move "
        + name
        + " to a class of its own (a tool holder) and list that class in @Agent(tools = ...)"
        + (agent ? "" : " of the agents that use it");
  }

  /** The annotation {@code qualifiedName} on {@code element}, or null. */
  public static AnnotationMirror annotation(Element element, String qualifiedName) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (((TypeElement) mirror.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(qualifiedName)) {
        return mirror;
      }
    }
    return null;
  }

  /** Gathers a round's prompts, agents and teams. */
  void add(RoundEnvironment round) {
    for (String name : List.of(AGENT, GROUP_CHAT, PROMPT)) {
      TypeElement annotation = context.elements().getTypeElement(name);
      if (annotation == null) {
        continue;
      }
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        if (element instanceof ExecutableElement method
            && method.getEnclosingElement() instanceof TypeElement type) {
          withPrompts.add(type.getQualifiedName().toString());
        } else if (element instanceof TypeElement type) {
          agentsAndTeams.add(type.getQualifiedName().toString());
        }
      }
    }
  }

  /** Reports every prompt nothing reads; call once, when processing is over. */
  void reportStrayPrompts() {
    for (String name : withPrompts) {
      TypeElement type = context.elements().getTypeElement(name);
      if (type == null || isRead(type)) {
        continue;
      }
      for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
        AnnotationMirror prompt = annotation(method, PROMPT);
        if (prompt == null) {
          continue;
        }
        context
            .diagnostics()
            .error(
                method,
                prompt,
                null,
                PROMPT_WITHOUT_AGENT,
                "@Prompt on "
                    + method.getSimpleName()
                    + "() does nothing, as "
                    + type.getSimpleName()
                    + " is neither an @Agent nor a @GroupChat interface, nor extended by one;"
                    + " annotate "
                    + type.getSimpleName()
                    + " with @Agent (or @GroupChat), or remove @Prompt");
      }
    }
  }

  /** Whether an agent or team reads the prompts of {@code type}: it is one, or extends it. */
  private boolean isRead(TypeElement type) {
    if (annotation(type, AGENT) != null || annotation(type, GROUP_CHAT) != null) {
      return true;
    }
    for (String name : agentsAndTeams) {
      TypeElement reader = context.elements().getTypeElement(name);
      if (reader != null
          && context
              .types()
              .isSubtype(
                  context.types().erasure(reader.asType()),
                  context.types().erasure(type.asType()))) {
        return true;
      }
    }
    return false;
  }
}
