package dev.cadre.processor.team;

import dev.cadre.graph.AgentGraph;
import dev.cadre.graph.TeamPattern;
import dev.cadre.processor.json.JsonType;
import dev.cadre.processor.prompt.PromptTemplate;
import dev.cadre.processor.prompt.PromptTemplate.Placeholder;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * One {@code @GroupChat} interface as declared, mistakes included: what {@link TeamReader} read,
 * what the checks report on, and what {@link TeamWriter} and {@link MermaidWriter} write from.
 *
 * @param type the annotated interface
 * @param name the team's name: {@code @GroupChat(name)} or the interface's name in snake case
 * @param description the team's description, empty when none
 * @param pattern how participants take turns
 * @param selectorModel for a selector, the key of the model that picks speakers; empty: default
 * @param members the participants, in declaration order
 * @param entry the name of the declared entry point, or {@code null}
 * @param edges the declared edges, in declaration order
 * @param maxMessages the {@code maxMessages} termination, 0 for none
 * @param textMention the {@code textMention} termination, empty for none
 * @param maxTokens the {@code maxTokens} termination, 0 for none
 * @param timeoutSeconds the {@code timeoutSeconds} termination, 0 for none
 * @param maxTurns the turn limit, 0 for none
 * @param maxStalls a {@code MAGENTIC_ONE} orchestrator's stalls before it re-plans
 * @param maxReplans a {@code MAGENTIC_ONE} orchestrator's re-plans of one task
 * @param emitTeamEvents whether the team's results list its choices of speakers ({@code
 *     TeamBuilder.emitTeamEvents})
 * @param methods the entry methods that were understood (those with problems are left out)
 * @param problems the element-level findings about this team (not its nested teams)
 * @param graph the team's agent graph, nested teams included, for the shared rules
 */
record TeamDeclaration(
    TypeElement type,
    String name,
    String description,
    TeamPattern pattern,
    String selectorModel,
    List<Member> members,
    String entry,
    List<EdgeDeclaration> edges,
    int maxMessages,
    String textMention,
    long maxTokens,
    long timeoutSeconds,
    int maxTurns,
    int maxStalls,
    int maxReplans,
    boolean emitTeamEvents,
    List<EntryMethod> methods,
    List<Problem> problems,
    AgentGraph graph) {

  /** Whether any termination condition is set ({@code maxTurns} aside). */
  boolean terminationSet() {
    return maxMessages > 0 || !textMention.isEmpty() || maxTokens > 0 || timeoutSeconds > 0;
  }

  /** What a participant is. */
  enum Kind {
    /** An {@code @Agent} interface, built through its generated {@code Cadre<Name>}. */
    AGENT,
    /** A {@code @GroupChat} interface, built through its generated {@code Cadre<Name>}. */
    TEAM,
    /** Neither; reported as {@code Cadre/NotAParticipant}. */
    INVALID
  }

  /**
   * One entry of {@code participants}.
   *
   * @param kind what it is
   * @param type the interface
   * @param name its name in the team
   * @param description its description, empty when none
   * @param modelKey for an agent, its {@code @Agent(model)} key, empty for the default model
   * @param toolHolders for an agent, its tool holders with instance {@code @Tool} methods (the
   *     generated builder takes an instance of each)
   * @param approves for an agent, whether it names tools in {@code @Agent(approve)} (the generated
   *     builder takes a {@code ToolApprover})
   * @param systemMessage for an agent, its {@code @Agent(systemMessage)}, empty when none
   * @param toolNames for an agent, the names of the tools of every holder in {@code @Agent(tools)}
   * @param team for a nested team, its declaration; {@code null} when it contains itself
   * @param site its entry in {@code participants}
   */
  record Member(
      Kind kind,
      TypeElement type,
      String name,
      String description,
      String modelKey,
      List<TypeElement> toolHolders,
      boolean approves,
      String systemMessage,
      List<String> toolNames,
      TeamDeclaration team,
      Site site) {

    Member {
      toolNames = List.copyOf(toolNames);
    }

    /** A member that is not an agent: a team ({@code nested} null when it contains itself). */
    static Member other(
        Kind kind,
        TypeElement type,
        String name,
        String description,
        TeamDeclaration nested,
        Site site) {
      return new Member(
          kind, type, name, description, "", List.of(), false, "", List.of(), nested, site);
    }
  }

  /**
   * One {@code @Edge}, its ends resolved to participant names; empty strings for unset text.
   *
   * @param any whether its activation group wakes its target on any one parent
   */
  record EdgeDeclaration(
      String from,
      String to,
      String whenContains,
      String whenNotContains,
      int maxTraversals,
      String activationGroup,
      boolean any) {}

  /**
   * An abstract method of the interface, which runs the team.
   *
   * @param method the method
   * @param prompt the task it sends, rendered from its parameters; null for a method without
   *     parameters or prompt, which continues the conversation ({@code Team.run()})
   * @param answer what it returns
   * @param json for a {@link Answer#VALUE}, the JSON mapping of the record or enum; else null
   * @param async whether it returns a {@code CompletableFuture} of the answer
   * @param components the type of the component each placeholder that follows a record parameter's
   *     components reaches
   */
  record EntryMethod(
      ExecutableElement method,
      PromptTemplate prompt,
      Answer answer,
      JsonType json,
      boolean async,
      Map<Placeholder, TypeMirror> components) {

    EntryMethod {
      components = Map.copyOf(components);
    }
  }

  /** What an entry method returns. */
  enum Answer {
    /** {@code String}: the text of the run's last message. */
    TEXT,
    /** {@code dev.cadre.team.TaskResult}: the whole run. */
    TASK_RESULT,
    /** A record or enum: the run's last message read from JSON. */
    VALUE
  }
}
