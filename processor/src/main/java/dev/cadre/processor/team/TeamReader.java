package dev.cadre.processor.team;

import static dev.cadre.processor.Placement.annotation;
import static dev.cadre.processor.team.AnnotationValues.classValue;
import static dev.cadre.processor.team.AnnotationValues.enumConstant;
import static dev.cadre.processor.team.AnnotationValues.list;
import static dev.cadre.processor.team.AnnotationValues.string;

import dev.cadre.graph.AgentGraph;
import dev.cadre.graph.Edge;
import dev.cadre.graph.JoinMode;
import dev.cadre.graph.Participant;
import dev.cadre.graph.TeamPattern;
import dev.cadre.processor.Context;
import dev.cadre.processor.Naming;
import dev.cadre.processor.Sources;
import dev.cadre.processor.team.TeamDeclaration.EdgeDeclaration;
import dev.cadre.processor.team.TeamDeclaration.EntryMethod;
import dev.cadre.processor.team.TeamDeclaration.Kind;
import dev.cadre.processor.team.TeamDeclaration.Member;
import dev.cadre.processor.tool.ToolNames;
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
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Reads a {@code @GroupChat} interface, and the participants' own {@code @Agent} and
 * {@code @GroupChat} annotations, into a {@link TeamDeclaration} and its {@link AgentGraph}. It
 * never reports: what only the processor can check becomes a {@link Problem}, so that a nested
 * team's problems can be told to the outer team as well.
 */
final class TeamReader {

  static final String GROUP_CHAT = "dev.cadre.annotations.GroupChat";
  static final String AGENT = "dev.cadre.annotations.Agent";
  static final String TOOL = "dev.cadre.annotations.Tool";

  static final String NOT_A_PARTICIPANT = "Cadre/NotAParticipant";
  static final String NOT_INTERFACE = "Cadre/GroupChatNotInterface";
  static final String CONTAINS_ITSELF = "Cadre/TeamContainsItself";
  static final String INVALID_TERMINATION = "Cadre/InvalidTermination";
  static final String MISSING_AGENT_DESCRIPTION = "Cadre/MissingAgentDescription";
  static final String SELECTOR_MODEL_OUTSIDE_SELECTOR = "Cadre/SelectorModelOutsideSelector";
  static final String MAGENTIC_ONE_OPTIONS_IGNORED = "Cadre/MagenticOneOptionsIgnored";

  private final Context context;
  private final EntryMethodReader entryMethods;

  TeamReader(Context context) {
    this.context = context;
    this.entryMethods = new EntryMethodReader(context);
  }

  /**
   * The declaration of {@code type}, or {@code null} when it (or a participant, nested teams
   * included) refers to a type that is not resolved yet, so that the step defers it.
   */
  TeamDeclaration read(TypeElement type) {
    try {
      List<TypeElement> path = new ArrayList<>();
      path.add(type);
      return read(type, path);
    } catch (AnnotationValues.Unresolved unresolved) {
      return null;
    }
  }

  /** {@code path}: the teams being read, outermost first, {@code type} last. */
  private TeamDeclaration read(TypeElement type, List<TypeElement> path) {
    AnnotationMirror mirror = annotation(type, GROUP_CHAT);
    Map<String, AnnotationValue> values = values(mirror);
    Site annotationSite = new Site(type, mirror, null);
    Map<String, Site> written = new LinkedHashMap<>();
    mirror
        .getElementValues()
        .forEach(
            (member, value) ->
                written.put(member.getSimpleName().toString(), new Site(type, mirror, value)));
    Origin.Team origin = new Origin.Team(annotationSite, written);
    List<Problem> problems = new ArrayList<>();

    String name = string(values, "name");
    if (name.isEmpty()) {
      name = Naming.snakeCase(type.getSimpleName().toString());
    }
    TeamPattern pattern = TeamPattern.valueOf(enumConstant(values.get("pattern")));

    boolean implementable = checkKind(type, Site.of(type), problems);

    List<Member> members = new ArrayList<>();
    for (AnnotationValue entry : list(values.get("participants"))) {
      members.add(member(type, new Site(type, mirror, entry), classValue(entry), path, problems));
    }
    if (pattern == TeamPattern.ROUND_ROBIN) {
      warnUndescribed(name, members, problems);
    }

    String selectorModel = string(values, "selectorModel");
    boolean modelChooses =
        pattern == TeamPattern.SELECTOR || pattern == TeamPattern.MAGENTIC_ONE;
    if (!modelChooses && !selectorModel.isEmpty()) {
      problems.add(
          Problem.warning(
              SELECTOR_MODEL_OUTSIDE_SELECTOR,
              written.get("selectorModel"),
              "Team '"
                  + name
                  + "' is "
                  + pattern
                  + ", which ignores its selectorModel '"
                  + selectorModel
                  + "': only a SELECTOR or MAGENTIC_ONE has a model pick who speaks; remove it, or"
                  + " make the team a SELECTOR."));
    }

    TypeMirror entryType = classValue(values.get("entry"));
    String entry = entryType.getKind() == TypeKind.VOID ? null : nameOf(entryType);

    AgentGraph.Builder graph = AgentGraph.builder(name).pattern(pattern).origin(origin);
    List<EdgeDeclaration> edges = edges(type, mirror, values.get("edges"), graph, problems);

    // The orchestrator's bounds as written, each checked by the graph rules on its own value.
    AnnotationMirror orchestrator = (AnnotationMirror) values.get("magenticOne").getValue();
    Map<String, AnnotationValue> orchestratorValues = values(orchestrator);
    int maxStalls = (Integer) orchestratorValues.get("maxStalls").getValue();
    int maxReplans = (Integer) orchestratorValues.get("maxReplans").getValue();
    if (pattern != TeamPattern.MAGENTIC_ONE && written.containsKey("magenticOne")) {
      problems.add(
          Problem.warning(
              MAGENTIC_ONE_OPTIONS_IGNORED,
              written.get("magenticOne"),
              "Team '"
                  + name
                  + "' is "
                  + pattern
                  + ", which ignores its magenticOne options: only a MAGENTIC_ONE team has an"
                  + " orchestrator; remove them, or make the team a MAGENTIC_ONE."));
    }
    if (pattern == TeamPattern.MAGENTIC_ONE) {
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> set :
          orchestrator.getElementValues().entrySet()) {
        String bound = set.getKey().getSimpleName().toString();
        graph.bound(
            bound,
            (Integer) set.getValue().getValue(),
            new Site(type, orchestrator, set.getValue()));
      }
    }

    int maxMessages = (Integer) values.get("maxMessages").getValue();
    String textMention = string(values, "textMention");
    long maxTokens = (Long) values.get("maxTokens").getValue();
    long timeoutSeconds = (Long) values.get("timeoutSeconds").getValue();
    int maxTurns = (Integer) values.get("maxTurns").getValue();
    negative(problems, origin, "maxMessages", maxMessages, "messages");
    negative(problems, origin, "maxTokens", maxTokens, "tokens");
    negative(problems, origin, "timeoutSeconds", timeoutSeconds, "seconds");
    if (!textMention.isEmpty() && textMention.isBlank()) {
      problems.add(
          Problem.error(
              INVALID_TERMINATION,
              origin.values().get("textMention"),
              "textMention is blank, and every message contains white space, so the team would"
                  + " stop at once; give the word that ends the run, e.g. \"APPROVE\", or leave"
                  + " textMention empty for none."));
    }

    // A nested team from a class file was checked when it was compiled, and its class runs it;
    // read again here, its parameter names may be gone (arg0), so its methods are left alone.
    List<EntryMethod> methods =
        implementable && context.sources().isCompiled(type)
            ? entryMethods.read(type, problems)
            : List.of();

    for (Member member : members) {
      Participant.Builder participant =
          member.team() != null
              ? Participant.team(member.team().graph())
              : member.kind() == Kind.TEAM
                  ? Participant.team(member.name())
                  : Participant.agent(member.name());
      participant
          .description(member.description().isBlank() ? null : member.description())
          .handoffs(handoffs(member))
          .origin(member.site());
      graph.participant(participant.build());
    }
    if (entry != null) {
      graph.entryPoint(entry);
    }
    // A limit written wrongly (negative) still counts as set, so the team is not also reported
    // as never ending: one mistake, one error.
    graph.terminationSet(
        maxMessages != 0 || !textMention.isEmpty() || maxTokens != 0 || timeoutSeconds != 0);
    graph.maxTurns(maxTurns == 0 ? null : maxTurns);

    return new TeamDeclaration(
        type,
        name,
        string(values, "description"),
        pattern,
        selectorModel,
        List.copyOf(members),
        entry,
        List.copyOf(edges),
        maxMessages,
        textMention,
        maxTokens,
        timeoutSeconds,
        maxTurns,
        maxStalls,
        maxReplans,
        (Boolean) values.get("emitTeamEvents").getValue(),
        methods,
        List.copyOf(problems),
        graph.build());
  }

  /** Reads the {@code @Edge}s, adds them to {@code graph} with their origins, and returns them. */
  private List<EdgeDeclaration> edges(
      TypeElement type,
      AnnotationMirror mirror,
      AnnotationValue declared,
      AgentGraph.Builder graph,
      List<Problem> problems) {
    List<EdgeDeclaration> edges = new ArrayList<>();
    for (AnnotationValue value : list(declared)) {
      AnnotationMirror edgeMirror = (AnnotationMirror) value.getValue();
      Map<String, AnnotationValue> edgeValues = values(edgeMirror);
      Site edgeSite = new Site(type, mirror, value);
      EdgeDeclaration edge =
          new EdgeDeclaration(
              nameOf(classValue(edgeValues.get("from"))),
              nameOf(classValue(edgeValues.get("to"))),
              string(edgeValues, "whenContains"),
              string(edgeValues, "whenNotContains"),
              (Integer) edgeValues.get("maxTraversals").getValue(),
              string(edgeValues, "activationGroup"),
              enumConstant(edgeValues.get("activation")).equals("ANY"));
      edges.add(edge);
      Site bound = null;
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> set :
          edgeMirror.getElementValues().entrySet()) {
        if (set.getKey().getSimpleName().contentEquals("maxTraversals")) {
          bound = new Site(type, edgeMirror, set.getValue());
        }
      }
      Origin.Edge edgeOrigin = new Origin.Edge(edgeSite, bound);
      List<String> mistakes = new ArrayList<>();
      if (!edge.whenContains().isEmpty() && !edge.whenNotContains().isEmpty()) {
        mistakes.add(
            "sets both whenContains and whenNotContains, so it has two conditions; keep one, and"
                + " declare a second edge for the other case.");
      }
      if (!edge.activationGroup().isEmpty() && edge.activationGroup().isBlank()) {
        mistakes.add(
            "has a blank activationGroup; name the group, or leave it empty for the default group"
                + " of '"
                + edge.to()
                + "'.");
      }
      for (String mistake : mistakes) {
        problems.add(
            Problem.error(
                INVALID_TERMINATION,
                edgeSite,
                "Edge " + edge.from() + " -> " + edge.to() + " " + mistake));
      }
      Edge.Builder modelled = Edge.builder(edge.from(), edge.to()).origin(edgeOrigin);
      if (!edge.whenContains().isEmpty()) {
        modelled.when(Conditions.contains(edge.whenContains()));
      } else if (!edge.whenNotContains().isEmpty()) {
        modelled.when(Conditions.notContains(edge.whenNotContains()));
      }
      if (edge.maxTraversals() != 0) {
        modelled.maxTraversals(edge.maxTraversals());
      }
      if (!edge.activationGroup().isBlank()) {
        modelled.activationGroup(edge.activationGroup());
      }
      if (edge.any()) {
        modelled.activation(JoinMode.ANY);
      }
      graph.edge(modelled.build());
    }
    return edges;
  }

  /** {@code Cadre/MissingAgentDescription} for each agent of a round robin without description. */
  private static void warnUndescribed(String name, List<Member> members, List<Problem> problems) {
    for (Member member : members) {
      if (member.kind() == Kind.AGENT && member.description().isBlank()) {
        problems.add(
            Problem.warning(
                MISSING_AGENT_DESCRIPTION,
                member.site(),
                "Agent '"
                    + member.name()
                    + "' of team '"
                    + name
                    + "' has no description; a round robin takes turns without one, but"
                    + " people reading the team and its diagram need it, and so would a"
                    + " SELECTOR; describe what '"
                    + member.name()
                    + "' does with @Agent(description = \"...\") on "
                    + member.type().getSimpleName()
                    + "."));
      }
    }
  }

  /** Whether {@code type} can be implemented by a generated class; adds the problem if not. */
  private static boolean checkKind(TypeElement type, Site site, List<Problem> problems) {
    if (type.getKind() != ElementKind.INTERFACE) {
      problems.add(
          Problem.error(
              NOT_INTERFACE,
              site,
              "@GroupChat goes on an interface, but "
                  + type.getSimpleName()
                  + " is "
                  + article(type.getKind())
                  + "; declare "
                  + type.getSimpleName()
                  + " as an interface whose abstract methods run the team."));
      return false;
    }
    if (type.getModifiers().contains(Modifier.PRIVATE)) {
      problems.add(
          Problem.error(
              NOT_INTERFACE,
              site,
              type.getSimpleName()
                  + " is private, so the generated "
                  + Naming.generatedName(type, "Cadre", "")
                  + " cannot implement it; make it package-private or public."));
      return false;
    }
    if (!type.getTypeParameters().isEmpty()) {
      problems.add(
          Problem.error(
              NOT_INTERFACE,
              site,
              type.getSimpleName()
                  + " has type parameters, which a team cannot fill in; declare it without them."));
      return false;
    }
    return true;
  }

  private Member member(
      TypeElement team,
      Site site,
      TypeMirror type,
      List<TypeElement> path,
      List<Problem> problems) {
    TypeElement element =
        type instanceof DeclaredType declared ? (TypeElement) declared.asElement() : null;
    AnnotationMirror agent = element == null ? null : annotation(element, AGENT);
    if (element != null && (agent != null || annotation(element, GROUP_CHAT) != null)) {
      String missing =
          context
              .sources()
              .withoutProcessor(
                  element, Naming.generatedClass(element, "Cadre", "").canonicalName());
      if (missing != null) {
        problems.add(Problem.error(Sources.COMPILED_WITHOUT_PROCESSOR, site, missing));
      }
    }
    if (agent != null) {
      Map<String, AnnotationValue> values = values(agent);
      List<TypeElement> holders = new ArrayList<>();
      List<String> toolNames = new ArrayList<>();
      for (AnnotationValue holder : list(values.get("tools"))) {
        TypeMirror holderType = classValue(holder);
        if (holderType instanceof DeclaredType declared) {
          TypeElement holderElement = (TypeElement) declared.asElement();
          toolNames.addAll(ToolNames.of(holderElement));
          if (hasInstanceTools(holderElement)) {
            holders.add(holderElement);
          }
        }
      }
      return new Member(
          Kind.AGENT,
          element,
          nameOf(type),
          string(values, "description"),
          string(values, "model"),
          List.copyOf(holders),
          !list(values.get("approve")).isEmpty(),
          string(values, "systemMessage"),
          toolNames,
          null,
          site);
    }
    AnnotationMirror groupChat = element == null ? null : annotation(element, GROUP_CHAT);
    if (groupChat != null) {
      String description = string(values(groupChat), "description");
      int seen = path.indexOf(element);
      if (seen >= 0) {
        List<String> loop = new ArrayList<>();
        for (TypeElement step : path.subList(seen, path.size())) {
          loop.add(nameOf(step.asType()));
        }
        loop.add(nameOf(type));
        problems.add(
            Problem.error(
                CONTAINS_ITSELF,
                site,
                "Team '"
                    + nameOf(type)
                    + "' contains itself: "
                    + String.join(" > ", loop)
                    + ", so building it would never end; remove "
                    + element.getSimpleName()
                    + ".class from the participants of "
                    + team.getSimpleName()
                    + "."));
        return Member.other(Kind.TEAM, element, nameOf(type), description, null, site);
      }
      path.add(element);
      TeamDeclaration nested = read(element, path);
      path.remove(path.size() - 1);
      return Member.other(Kind.TEAM, element, nested.name(), description, nested, site);
    }
    String shown = element == null ? type.toString() : element.getSimpleName().toString();
    problems.add(
        Problem.error(
            NOT_A_PARTICIPANT,
            site,
            shown
                + " is not a participant: it is neither an @Agent nor a @GroupChat interface;"
                + " annotate "
                + shown
                + " with @Agent (or @GroupChat), or remove it from the participants."));
    return Member.other(Kind.INVALID, element, nameOf(type), "", null, site);
  }

  /** The names an agent member hands off to, from its {@code @Agent(handoffs)}. */
  private List<String> handoffs(Member member) {
    if (member.kind() != Kind.AGENT) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (AnnotationValue target : list(values(annotation(member.type(), AGENT)).get("handoffs"))) {
      names.add(nameOf(classValue(target)));
    }
    return names;
  }

  private static boolean hasInstanceTools(TypeElement holder) {
    for (ExecutableElement method : ElementFilter.methodsIn(holder.getEnclosedElements())) {
      if (annotation(method, TOOL) != null && !method.getModifiers().contains(Modifier.STATIC)) {
        return true;
      }
    }
    return false;
  }

  private static void negative(
      List<Problem> problems, Origin.Team origin, String member, long value, String unit) {
    if (value < 0) {
      problems.add(
          Problem.error(
              INVALID_TERMINATION,
              origin.values().get(member),
              member
                  + " is "
                  + value
                  + "; set it to the number of "
                  + unit
                  + " after which the run stops, or to 0 for no limit."));
    }
  }

  /** A participant's or edge end's name: its {@code @Agent} or {@code @GroupChat} name. */
  private String nameOf(TypeMirror type) {
    if (!(type instanceof DeclaredType declared)) {
      return type.toString();
    }
    TypeElement element = (TypeElement) declared.asElement();
    for (String kind : List.of(AGENT, GROUP_CHAT)) {
      AnnotationMirror annotation = annotation(element, kind);
      if (annotation != null) {
        String name = string(values(annotation), "name");
        if (!name.isEmpty()) {
          return name;
        }
      }
    }
    return Naming.snakeCase(element.getSimpleName().toString());
  }

  private Map<String, AnnotationValue> values(AnnotationMirror mirror) {
    return AnnotationValues.of(context.elements(), mirror);
  }

  private static String article(ElementKind kind) {
    String noun =
        switch (kind) {
          case ANNOTATION_TYPE -> "an annotation type";
          case ENUM -> "an enum";
          case RECORD -> "a record";
          default -> "a class";
        };
    return noun;
  }
}
