package dev.cadre.processor.team;

import dev.cadre.graph.TeamPattern;
import dev.cadre.processor.team.TeamDeclaration.Kind;
import dev.cadre.processor.team.TeamDeclaration.Member;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.TypeElement;

/**
 * What a team's (or one agent's) builder must be given: the models by key ({@code ""} for the
 * default) and the tool holders by qualified name, each with the participants that need it, in
 * order of first use; and the participants that need a tool approver.
 */
record Needs(
    Map<String, Set<String>> models,
    Map<String, TypeElement> holders,
    Map<String, Set<String>> holderUsers,
    Set<String> approverUsers) {

  private static Needs none() {
    return new Needs(
        new LinkedHashMap<>(),
        new LinkedHashMap<>(),
        new LinkedHashMap<>(),
        new LinkedHashSet<>());
  }

  static Needs of(TeamDeclaration team) {
    Needs needs = none();
    for (Member member : team.members()) {
      Needs inner = member.kind() == Kind.TEAM ? of(member.team()) : ofAgent(member);
      inner.models().keySet().forEach(key -> needs.model(key, member.name()));
      inner.holders().values().forEach(holder -> needs.holder(holder, member.name()));
      if (!inner.approverUsers().isEmpty()) {
        needs.approverUsers().add(member.name());
      }
    }
    if (team.pattern() == TeamPattern.SELECTOR) {
      needs.model(team.selectorModel(), "the selector");
    } else if (team.pattern() == TeamPattern.MAGENTIC_ONE) {
      needs.model(team.selectorModel(), "the orchestrator");
    }
    return needs;
  }

  static Needs ofAgent(Member agent) {
    Needs needs = none();
    needs.model(agent.modelKey(), agent.name());
    agent.toolHolders().forEach(holder -> needs.holder(holder, agent.name()));
    if (agent.approves()) {
      needs.approverUsers().add(agent.name());
    }
    return needs;
  }

  /** The model keys, default aside, in order of first use. */
  List<String> keys() {
    return models.keySet().stream().filter(key -> !key.isEmpty()).toList();
  }

  private void model(String key, String user) {
    models.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(user);
  }

  private void holder(TypeElement holder, String user) {
    String qualified = holder.getQualifiedName().toString();
    holders.putIfAbsent(qualified, holder);
    holderUsers.computeIfAbsent(qualified, k -> new LinkedHashSet<>()).add(user);
  }
}
