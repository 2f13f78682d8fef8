package dev.cadre.processor.team;

import java.util.Map;

/**
 * What the processor hangs on the {@code origin} of each node of an {@link
 * dev.cadre.graph.AgentGraph}, so that a finding of the shared graph rules is printed on the
 * annotation value it is about. A participant's origin is its entry in {@code participants}; an
 * edge's and a team's pick a more precise value by the finding's tag where there is one.
 */
sealed interface Origin permits Site, Origin.Team, Origin.Edge {

  /** Where a finding with {@code tag} about this node is printed. */
  Site site(String tag);

  /**
   * A team: findings go on its {@code @GroupChat}, or on the value a tag is about ({@code entry}
   * for entry-point findings, {@code maxTurns} for a bad bound...) when that value was written.
   *
   * @param annotation the {@code @GroupChat} as a whole
   * @param values the values written in it, by member name
   */
  record Team(Site annotation, Map<String, Site> values) implements Origin {

    // Which member a team-level finding is about, by tag; tags not listed go on the annotation.
    private static final Map<String, String> MEMBER_BY_TAG =
        Map.of(
            "Cadre/EmptyTeam", "participants",
            "Cadre/UnknownNode", "entry",
            "Cadre/InvalidBound", "maxTurns",
            "Cadre/EdgesOutsideGraph", "edges",
            "Cadre/AmbiguousEntryPoint", "edges",
            "Cadre/NoEntryPoint", "edges");

    @Override
    public Site site(String tag) {
      String member = MEMBER_BY_TAG.get(tag);
      if ("Cadre/EdgesOutsideGraph".equals(tag) && !values.containsKey(member)) {
        member = "entry";
      }
      return member != null && values.containsKey(member) ? values.get(member) : annotation;
    }
  }

  /**
   * An {@code @Edge}: findings go on the edge, a bad bound on its {@code maxTraversals}.
   *
   * @param edge the edge's entry in {@code edges}
   * @param maxTraversals its {@code maxTraversals} value, or {@code null} when not written
   */
  record Edge(Site edge, Site maxTraversals) implements Origin {
    @Override
    public Site site(String tag) {
      return "Cadre/InvalidBound".equals(tag) && maxTraversals != null ? maxTraversals : edge;
    }
  }
}
