package dev.cadre.processor.team;

import dev.cadre.graph.Finding;
import dev.cadre.graph.GraphRules;
import dev.cadre.processor.Context;
import dev.cadre.processor.Diagnostics;
import dev.cadre.processor.Naming;
import dev.cadre.processor.Output;
import dev.cadre.processor.Placement;
import dev.cadre.processor.Step;
import dev.cadre.processor.team.TeamDeclaration.Kind;
import dev.cadre.processor.team.TeamDeclaration.Member;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * The {@code @GroupChat} step: models each team interface (its participants' own annotations and
 * nested teams included) as a {@link TeamDeclaration} and an {@link dev.cadre.graph.AgentGraph},
 * reports every problem (the processor's element-level checks, then every finding of the shared
 * {@link GraphRules}, the same code the DSL runs at {@code build()}), and, for a team without
 * errors, writes {@code Cadre<Name>}, its Mermaid diagram {@code META-INF/cadre/<name>.mmd} and its
 * spec {@code META-INF/cadre/<name>.yaml}; and, once every round is over, the index of those teams,
 * {@link #INDEX}.
 */
public final class GroupChatStep implements Step {

  /**
   * The index of the teams written: a line per team, its generated class's name, a space, and the
   * annotated type's qualified name (the name of its {@code .mmd} and {@code .yaml} beside the
   * index); sorted, so that a tool reading every such resource of a class path (with {@code
   * ClassLoader.getResources}) lists the annotated teams without scanning classes.
   */
  public static final String INDEX = "META-INF/cadre/teams";

  private final Context context;
  private final TeamReader reader;
  private final Output output;
  private final List<String> indexed = new ArrayList<>();
  private final List<TypeElement> indexedTypes = new ArrayList<>();

  public GroupChatStep(Context context) {
    this.context = context;
    this.reader = new TeamReader(context);
    this.output = new Output(context);
  }

  @Override
  public Set<String> annotations() {
    return Set.of(TeamReader.GROUP_CHAT);
  }

  @Override
  public Set<Element> process(Set<? extends Element> elements) {
    Set<Element> deferred = new LinkedHashSet<>();
    for (Element element : elements) {
      if (!(element instanceof TypeElement type)
          || Placement.annotation(type, TeamReader.GROUP_CHAT) == null) {
        continue;
      }
      String conflict = Placement.agentAndGroupChat(type);
      if (conflict != null) {
        context
            .diagnostics()
            .error(
                type,
                Placement.annotation(type, TeamReader.GROUP_CHAT),
                null,
                Placement.AGENT_AND_GROUP_CHAT,
                conflict);
        continue;
      }
      TeamDeclaration team = reader.read(type);
      if (team == null) {
        deferred.add(type);
        continue;
      }
      Diagnostics diagnostics = context.diagnostics();
      int errors = diagnostics.errorCount();
      report(team);
      if (diagnostics.errorCount() == errors) {
        write(team);
      }
    }
    return deferred;
  }

  private void report(TeamDeclaration team) {
    Diagnostics diagnostics = context.diagnostics();
    for (Problem problem : team.problems()) {
      problem
          .origin()
          .site(problem.tag())
          .report(diagnostics, problem.error(), problem.tag(), problem.message());
    }
    for (Finding finding : GraphRules.standard().validate(team.graph())) {
      List<String> path = finding.teamPath();
      TeamDeclaration where = nested(team, path);
      if (where == null || isInvalidMember(where, finding.origin())) {
        continue; // already reported as not a participant; the graph's view of it adds nothing
      }
      if (path.size() == 1) {
        Site site =
            finding.origin() instanceof Origin origin
                ? origin.site(finding.tag())
                : Site.of(team.type());
        site.report(diagnostics, finding.isError(), finding.tag(), finding.message());
      } else if (finding.isError()) {
        // The nested team reports on its own elements when it is compiled; the outer team says
        // why it cannot be built, on the participant that leads to the problem.
        member(team, path.get(1))
            .site()
            .report(diagnostics, true, finding.tag(), finding.message());
      }
    }
    for (Member member : team.members()) {
      if (member.team() != null) {
        reportNested(member.team(), team.name() + " > " + member.team().name(), member.site());
      }
    }
  }

  private void reportNested(TeamDeclaration inner, String path, Site site) {
    for (Problem problem : inner.problems()) {
      if (problem.error()) {
        site.report(context.diagnostics(), true, problem.tag(), path + ": " + problem.message());
      }
    }
    for (Member member : inner.members()) {
      if (member.team() != null) {
        reportNested(member.team(), path + " > " + member.team().name(), site);
      }
    }
  }

  /** The team at {@code path} (names from {@code team} down), or {@code null}. */
  private static TeamDeclaration nested(TeamDeclaration team, List<String> path) {
    TeamDeclaration at = team;
    for (String name : path.subList(1, path.size())) {
      Member member = member(at, name);
      if (member == null || member.team() == null) {
        return null;
      }
      at = member.team();
    }
    return at;
  }

  private static Member member(TeamDeclaration team, String name) {
    for (Member member : team.members()) {
      if (member.kind() == Kind.TEAM && member.name().equals(name)) {
        return member;
      }
    }
    return null;
  }

  private static boolean isInvalidMember(TeamDeclaration team, Object origin) {
    for (Member member : team.members()) {
      if (member.kind() == Kind.INVALID && member.site().equals(origin)) {
        return true;
      }
    }
    return false;
  }

  private void write(TeamDeclaration team) {
    TypeElement type = team.type();
    if (output.write(
        new TeamWriter(context, team).file(), type, "@GroupChat " + type.getQualifiedName())) {
      output.writeResource(
          "META-INF/cadre/" + type.getQualifiedName() + ".mmd", MermaidWriter.diagram(team), type);
      output.writeResource(
          "META-INF/cadre/" + type.getQualifiedName() + ".yaml", SpecFileWriter.spec(team), type);
      indexed.add(Naming.generatedClass(type, "Cadre", "").canonicalName() + " " + type.getQualifiedName());
      indexedTypes.add(type);
    }
  }

  /**
   * Writes {@link #INDEX}, every team this compilation wrote (in any round) and those an earlier one
   * wrote into the same output.
   */
  @Override
  public void finish() {
    if (!indexed.isEmpty()) {
      output.writeIndex(INDEX, indexed, indexedTypes);
    }
  }
}
