package dev.cadre.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cadre.a2a.A2aRemoteAgent;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.Handoff;
import dev.cadre.graph.JoinMode;
import dev.cadre.graph.TeamPattern;
import dev.cadre.model.ChatModel;
import dev.cadre.team.ChatGraph;
import dev.cadre.team.GraphFlow;
import dev.cadre.team.MagenticOne;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.SpeakerSelector;
import dev.cadre.team.Swarm;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes specs: a built team as its {@link TeamDef} (from what the runtime exposes: each agent's
 * system message, model and tool names, the team's selector and termination), and a {@link TeamDef}
 * as YAML in the order a person would write it.
 */
final class SpecWriter {

  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
              .build());

  // The descriptions ChatGraph.Condition.contains and notContains give their conditions.
  private static final Pattern CONTAINS = Pattern.compile("contains '(.*)'", Pattern.DOTALL);
  private static final Pattern NOT_CONTAINS =
      Pattern.compile("does not contain '(.*)'", Pattern.DOTALL);

  private SpecWriter() {}

  static TeamDef export(Team team) {
    TeamSpec spec = team.spec();
    SpeakerSelector selector = spec.selector();
    TeamPattern pattern = pattern(spec.name(), selector);
    Set<String> names = new LinkedHashSet<>();
    spec.participants().forEach(participant -> names.add(participant.name()));
    List<ParticipantDef> participants = new ArrayList<>();
    Set<String> outside = new LinkedHashSet<>();
    for (ChatAgent participant : spec.participants()) {
      participants.add(participant(spec.name(), participant));
      for (Handoff handoff : participant.handoffs()) {
        if (!names.contains(handoff.target())) {
          // The DSL accepted it, so it was declared with endsOnHandoffTo.
          outside.add(handoff.target());
        }
      }
    }
    List<String> entries = List.of();
    List<EdgeDef> edges = new ArrayList<>();
    Map<String, JoinMode> joins = new LinkedHashMap<>();
    if (selector instanceof GraphFlow flow) {
      ChatGraph graph = flow.graph();
      entries = graph.entries();
      for (ChatGraph.Edge edge : graph.edges()) {
        edges.add(edge(spec.name(), edge));
      }
      for (ChatGraph.Node node : graph.nodes()) {
        if (node.join() == ChatGraph.Join.ANY) {
          joins.put(node.name(), JoinMode.ANY);
        }
      }
    }
    String termination = spec.termination() == null ? null : spec.termination().toString();
    if (termination != null) {
      try {
        TerminationParser.parse(termination);
      } catch (TerminationParser.Problem e) {
        throw new IllegalArgumentException(
            "team '"
                + spec.name()
                + "': its termination "
                + termination
                + " cannot be written in a spec: "
                + e.getMessage());
      }
    }
    return new TeamDef(
        spec.name(),
        pattern,
        spec.description().isBlank() ? null : spec.description(),
        null,
        selector instanceof ModelSelector model
            ? model(model.model())
            : selector instanceof MagenticOne orchestrator ? model(orchestrator.model()) : null,
        termination,
        spec.maxTurns() == Integer.MAX_VALUE ? null : spec.maxTurns(),
        participants,
        entries,
        edges,
        joins,
        List.copyOf(outside),
        List.of(),
        null);
  }

  private static TeamPattern pattern(String team, SpeakerSelector selector) {
    if (selector instanceof RoundRobin) {
      return TeamPattern.ROUND_ROBIN;
    } else if (selector instanceof ModelSelector) {
      return TeamPattern.SELECTOR;
    } else if (selector instanceof Swarm) {
      return TeamPattern.SWARM;
    } else if (selector instanceof GraphFlow) {
      return TeamPattern.GRAPH;
    } else if (selector instanceof MagenticOne) {
      return TeamPattern.MAGENTIC_ONE;
    }
    throw new IllegalArgumentException(
        "team '"
            + team
            + "' picks speakers with "
            + selector.getClass().getSimpleName()
            + ", which a spec cannot name; specs know round robin, selector, swarm and graph");
  }

  private static ParticipantDef participant(String team, ChatAgent participant) {
    if (participant instanceof Team nested) {
      return export(nested);
    }
    if (participant instanceof A2aRemoteAgent remote) {
      return new AgentDef(
          remote.name(),
          remote.description().isBlank() ? null : remote.description(),
          null,
          null,
          List.of(),
          List.of(),
          null,
          null,
          remote.url(),
          null,
          null);
    }
    if (!(participant instanceof AssistantAgent agent)) {
      throw new IllegalArgumentException(
          "team '"
              + team
              + "': participant '"
              + participant.name()
              + "' is a "
              + participant.getClass().getSimpleName()
              + ", which an export cannot describe; exports hold assistant agents, remote A2A"
              + " agents and teams (write a code executor agent's codeExecutor key by hand)");
    }
    if (!agent.memories().isEmpty()) {
      // A built memory does not say where its store lives or how it embeds: a file cannot say it.
      throw new IllegalArgumentException(
          "team '"
              + team
              + "': agent '"
              + agent.name()
              + "' has a memory, which an export cannot describe (its store's folder and"
              + " embeddings are not part of the built agent); write its memory key by hand");
    }
    List<AgentDef.HandoffDef> handoffs = new ArrayList<>();
    for (Handoff handoff : agent.handoffs()) {
      String description =
          handoff.description().equals(Handoff.to(handoff.target()).description())
              ? null
              : handoff.description();
      handoffs.add(new AgentDef.HandoffDef(handoff.target(), description, null));
    }
    return new AgentDef(
        agent.name(),
        agent.description() == null || agent.description().isBlank() ? null : agent.description(),
        agent.systemMessage(),
        model(agent.model()),
        agent.toolNames().stream().map(name -> new AgentDef.ToolRef(name, null)).toList(),
        handoffs,
        null,
        null,
        null,
        null,
        null);
  }

  /** The model's provider as a spec names it, and its model id; never a key or endpoint. */
  private static ModelRef model(ChatModel model) {
    String provider = model.provider().equals("azure.ai.openai") ? "azure" : model.provider();
    return new ModelRef(provider, model.info().model(), null, null, null, null);
  }

  private static EdgeDef edge(String team, ChatGraph.Edge edge) {
    String contains = null;
    String notContains = null;
    if (edge.condition() != null) {
      String description = edge.condition().description();
      Matcher yes = CONTAINS.matcher(description);
      Matcher no = NOT_CONTAINS.matcher(description);
      if (yes.matches()) {
        contains = yes.group(1);
      } else if (no.matches()) {
        notContains = no.group(1);
      } else {
        throw new IllegalArgumentException(
            "team '"
                + team
                + "': edge "
                + edge
                + " tests a Java predicate, which a spec cannot"
                + " hold; specs know whenContains and whenNotContains");
      }
    }
    return new EdgeDef(
        edge.source(),
        edge.target(),
        contains,
        notContains,
        edge.maxTraversals() == 0 ? null : edge.maxTraversals(),
        edge.activationGroup(),
        edge.activation() == null
            ? null
            : (edge.activation() == ChatGraph.Join.ANY ? JoinMode.ANY : JoinMode.ALL),
        null);
  }

  /** The spec as YAML, keys in the order a person writes them, empty parts left out. */
  static String yaml(TeamDef team) {
    try {
      return YAML.writeValueAsString(tree(team));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain maps and lists always serialise", e);
    }
  }

  private static Map<String, Object> tree(TeamDef team) {
    Map<String, Object> map = new LinkedHashMap<>();
    put(map, "name", team.name());
    put(map, "pattern", SpecReader.patternName(team.pattern()));
    put(map, "description", team.description());
    put(map, "model", tree(team.model()));
    put(map, "selectorModel", tree(team.selectorModel()));
    put(map, "termination", team.termination());
    put(map, "maxTurns", team.maxTurns());
    put(map, "endsOnHandoffTo", team.endsOnHandoffTo());
    put(map, "entry", team.entries());
    List<Object> edges = new ArrayList<>();
    for (EdgeDef edge : team.edges()) {
      Map<String, Object> e = new LinkedHashMap<>();
      put(e, "from", edge.from());
      put(e, "to", edge.to());
      put(e, "whenContains", edge.whenContains());
      put(e, "whenNotContains", edge.whenNotContains());
      put(e, "maxTraversals", edge.maxTraversals());
      put(e, "activationGroup", edge.activationGroup());
      put(e, "activation", lower(edge.activation()));
      edges.add(e);
    }
    put(map, "edges", edges);
    Map<String, Object> joins = new LinkedHashMap<>();
    team.joins().forEach((node, join) -> joins.put(node, lower(join)));
    put(map, "joins", joins);
    List<Object> servers = new ArrayList<>();
    for (McpServerDef server : team.mcpServers()) {
      Map<String, Object> s = new LinkedHashMap<>();
      put(s, "name", server.name());
      put(s, "command", server.command());
      put(s, "url", server.url());
      put(s, "toolPrefix", server.toolPrefix());
      servers.add(s);
    }
    put(map, "mcpServers", servers);
    List<Object> participants = new ArrayList<>();
    for (ParticipantDef participant : team.participants()) {
      participants.add(
          participant instanceof TeamDef nested ? tree(nested) : tree((AgentDef) participant));
    }
    put(map, "participants", participants);
    return map;
  }

  private static Map<String, Object> tree(AgentDef agent) {
    Map<String, Object> map = new LinkedHashMap<>();
    put(map, "name", agent.name());
    put(map, "description", agent.description());
    put(map, "systemMessage", agent.systemMessage());
    put(map, "model", tree(agent.model()));
    put(map, "tools", agent.tools().stream().map(AgentDef.ToolRef::name).toList());
    List<Object> handoffs = new ArrayList<>();
    for (AgentDef.HandoffDef handoff : agent.handoffs()) {
      if (handoff.description() == null) {
        handoffs.add(handoff.target());
      } else {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("target", handoff.target());
        h.put("description", handoff.description());
        handoffs.add(h);
      }
    }
    put(map, "handoffs", handoffs);
    if (agent.approval() != null) {
      Map<String, Object> approval = new LinkedHashMap<>();
      put(
          approval,
          "tools",
          agent.approval().tools().stream().map(AgentDef.ToolRef::name).toList());
      approval.put("by", lower(agent.approval().by()));
      map.put("approval", approval);
    }
    if (agent.memory() != null) {
      map.put("memory", tree(agent.memory()));
    }
    put(map, "a2a", agent.a2a());
    return map;
  }

  private static Map<String, Object> tree(MemoryDef memory) {
    Map<String, Object> map = new LinkedHashMap<>();
    Map<String, Object> store = new LinkedHashMap<>();
    put(store, "kind", memory.store().kind());
    put(store, "path", memory.store().path());
    put(store, "pathEnv", memory.store().pathEnv());
    map.put("store", store);
    Map<String, Object> embeddings = new LinkedHashMap<>();
    put(embeddings, "provider", memory.embeddings().provider());
    put(embeddings, "name", memory.embeddings().name());
    put(embeddings, "dimensions", memory.embeddings().dimensions());
    put(embeddings, "baseUrl", memory.embeddings().baseUrl());
    put(embeddings, "apiKeyEnv", memory.embeddings().apiKeyEnv());
    map.put("embeddings", embeddings);
    put(map, "name", memory.name());
    put(map, "writes", memory.writes());
    put(map, "reads", memory.reads());
    put(map, "limit", memory.limit());
    if (memory.extract()) {
      map.put("extract", true);
    }
    return map;
  }

  private static Map<String, Object> tree(ModelRef model) {
    if (model == null) {
      return null;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    put(map, "provider", model.provider());
    put(map, "name", model.name());
    put(map, "baseUrl", model.baseUrl());
    put(map, "apiKeyEnv", model.apiKeyEnv());
    put(map, "script", model.script());
    return map;
  }

  private static String lower(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static void put(Map<String, Object> map, String key, Object value) {
    boolean empty =
        value == null
            || (value instanceof List<?> list && list.isEmpty())
            || (value instanceof Map<?, ?> m && m.isEmpty());
    if (!empty) {
      map.put(key, value);
    }
  }
}
