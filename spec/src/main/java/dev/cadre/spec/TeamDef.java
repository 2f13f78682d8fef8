package dev.cadre.spec;

import dev.cadre.graph.JoinMode;
import dev.cadre.graph.TeamPattern;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A team as a spec file writes it: what {@link Specs} reads, checks and builds, and what {@link
 * Specs#export} writes.
 *
 * @param name the team's name
 * @param pattern round robin, selector, swarm or graph
 * @param description what it is good at, when it takes part in another team, or null
 * @param model the model of its agents that name none, and of a selector, or null
 * @param selectorModel a selector's own model, or null for {@code model}
 * @param termination when a run stops, in the notation of the runtime's conditions ({@code
 *     textMention("APPROVE") or maxMessages(10)}), or null
 * @param maxTurns the most turns a run may take, or null
 * @param participants who takes part, in order
 * @param entries a graph's entry points
 * @param edges a graph's edges
 * @param joins how a graph's nodes with several inputs wait, by node
 * @param endsOnHandoffTo handoff targets outside the team that end a run
 * @param mcpServers MCP servers whose tools its agents may name (read on the outermost team)
 * @param where where it is written, or null
 */
public record TeamDef(
    String name,
    TeamPattern pattern,
    String description,
    ModelRef model,
    ModelRef selectorModel,
    String termination,
    Integer maxTurns,
    List<ParticipantDef> participants,
    List<String> entries,
    List<EdgeDef> edges,
    Map<String, JoinMode> joins,
    List<String> endsOnHandoffTo,
    List<McpServerDef> mcpServers,
    SpecLocation where)
    implements ParticipantDef {

  public TeamDef {
    participants = List.copyOf(participants);
    entries = List.copyOf(entries);
    edges = List.copyOf(edges);
    joins = Collections.unmodifiableMap(new LinkedHashMap<>(joins));
    endsOnHandoffTo = List.copyOf(endsOnHandoffTo);
    mcpServers = List.copyOf(mcpServers);
  }
}
