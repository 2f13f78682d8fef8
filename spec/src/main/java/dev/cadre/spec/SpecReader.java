package dev.cadre.spec;

import dev.cadre.graph.JoinMode;
import dev.cadre.graph.TeamPattern;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a spec's tree into its records, checking each key and type and reporting every problem with
 * its key path and location: a value of the wrong type is reported and left out, so one mistake
 * does not hide the others.
 */
final class SpecReader {

  static final Set<String> TEAM_KEYS =
      Set.of(
          "name",
          "pattern",
          "description",
          "model",
          "selectorModel",
          "termination",
          "maxTurns",
          "participants",
          "entry",
          "edges",
          "joins",
          "endsOnHandoffTo",
          "mcpServers");
  static final Set<String> AGENT_KEYS =
      Set.of(
          "name",
          "description",
          "systemMessage",
          "model",
          "tools",
          "handoffs",
          "approval",
          "memory",
          "a2a",
          "codeExecutor");
  static final Set<String> MODEL_KEYS =
      Set.of("provider", "name", "baseUrl", "apiKeyEnv", "script", "apiKey");
  static final Set<String> EDGE_KEYS =
      Set.of(
          "from",
          "to",
          "whenContains",
          "whenNotContains",
          "maxTraversals",
          "activationGroup",
          "activation");
  static final Set<String> HANDOFF_KEYS = Set.of("target", "description");
  static final Set<String> MCP_KEYS = Set.of("name", "command", "url", "toolPrefix");

  private static final Map<String, TeamPattern> PATTERNS =
      Map.of(
          "roundRobin", TeamPattern.ROUND_ROBIN,
          "selector", TeamPattern.SELECTOR,
          "swarm", TeamPattern.SWARM,
          "graph", TeamPattern.GRAPH,
          "magenticOne", TeamPattern.MAGENTIC_ONE);

  private final TreeReader tree;
  private final ApprovalReader approval;
  private final MemoryReader memory;
  private final A2aReader a2a;
  private final CodeExecutorReader codeExecutor;

  SpecReader(List<SpecFinding> findings) {
    this.tree = new TreeReader(findings);
    this.approval = new ApprovalReader(tree);
    this.memory = new MemoryReader(tree);
    this.a2a = new A2aReader(tree);
    this.codeExecutor = new CodeExecutorReader(tree);
  }

  /** The spec's name for a pattern, as the schema and exports spell it. */
  static String patternName(TeamPattern pattern) {
    return PATTERNS.entrySet().stream()
        .filter(entry -> entry.getValue() == pattern)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  /** The root team; null when the root is not a map. */
  TeamDef root(Node root) {
    Map<String, Node> fields = tree.map(root, union(TEAM_KEYS, Set.of("$schema")));
    if (fields == null) {
      return null;
    }
    return team(root, fields, true);
  }

  private TeamDef team(Node node, Map<String, Node> fields, boolean root) {
    if (!root && fields.containsKey("mcpServers")) {
      tree.error(
          "Cadre/SpecUnknownKey",
          fields.get("mcpServers"),
          Node.join(node.path, "mcpServers")
              + " is read only at the top of the spec; move it there, where every agent can use"
              + " its tools");
    }
    String name = tree.requiredText(node, fields, "name");
    TeamPattern pattern = null;
    Node patternNode = tree.required(node, fields, "pattern");
    if (patternNode != null) {
      String text = tree.text(patternNode);
      if (text != null) {
        pattern = PATTERNS.get(text);
        if (pattern == null) {
          tree.error(
              "Cadre/SpecValue",
              patternNode,
              patternNode.path
                  + " is '"
                  + text
                  + "'; use one of roundRobin, selector, swarm, graph"
                  + TreeReader.hint(text, PATTERNS.keySet()));
        }
      }
    }
    List<ParticipantDef> participants = new ArrayList<>();
    Node participantsNode = tree.required(node, fields, "participants");
    for (Node item : tree.list(participantsNode)) {
      ParticipantDef participant = participant(item);
      if (participant != null) {
        participants.add(participant);
      }
    }
    if (participantsNode != null
        && participantsNode.kind == Node.Kind.LIST
        && participantsNode.items.isEmpty()) {
      tree.error(
          "Cadre/SpecMissing",
          participantsNode,
          participantsNode.path + " is empty; a team needs at least one participant");
    }
    Map<String, JoinMode> joins = new LinkedHashMap<>();
    Node joinsNode = fields.get("joins");
    if (joinsNode != null && joinsNode.kind != Node.Kind.NULL) {
      Map<String, Node> joinFields = tree.map(joinsNode, null);
      if (joinFields != null) {
        joinFields.forEach(
            (participant, mode) -> {
              JoinMode join = joinMode(mode);
              if (join != null) {
                joins.put(participant, join);
              }
            });
      }
    }
    List<EdgeDef> edges = new ArrayList<>();
    for (Node item : tree.list(fields.get("edges"))) {
      EdgeDef edge = edge(item);
      if (edge != null) {
        edges.add(edge);
      }
    }
    List<McpServerDef> servers = new ArrayList<>();
    for (Node item : tree.list(fields.get("mcpServers"))) {
      McpServerDef server = mcpServer(item);
      if (server != null) {
        servers.add(server);
      }
    }
    return new TeamDef(
        name,
        pattern,
        tree.optionalText(fields, "description"),
        model(fields.get("model")),
        model(fields.get("selectorModel")),
        tree.optionalText(fields, "termination"),
        tree.positive(fields.get("maxTurns")),
        participants,
        tree.textList(fields.get("entry")),
        edges,
        joins,
        tree.textList(fields.get("endsOnHandoffTo")),
        servers,
        node.where);
  }

  private ParticipantDef participant(Node node) {
    if (node.kind == Node.Kind.MAP
        && (node.fields.containsKey("pattern") || node.fields.containsKey("participants"))) {
      Map<String, Node> fields = tree.map(node, TEAM_KEYS);
      return team(node, fields, false);
    }
    Map<String, Node> fields = tree.map(node, AGENT_KEYS);
    if (fields == null) {
      return null;
    }
    a2a.checkRemote(node, fields, AGENT_KEYS);
    List<AgentDef.ToolRef> tools = new ArrayList<>();
    for (Node item : tree.list(fields.get("tools"))) {
      String tool = tree.text(item);
      if (tool != null) {
        tools.add(new AgentDef.ToolRef(tool, item.where));
      }
    }
    List<AgentDef.HandoffDef> handoffs = new ArrayList<>();
    for (Node item : tree.list(fields.get("handoffs"))) {
      if (item.kind == Node.Kind.TEXT) {
        handoffs.add(new AgentDef.HandoffDef(item.text, null, item.where));
      } else if (item.kind == Node.Kind.MAP) {
        Map<String, Node> handoff = tree.map(item, HANDOFF_KEYS);
        String target = tree.requiredText(item, handoff, "target");
        if (target != null) {
          handoffs.add(
              new AgentDef.HandoffDef(
                  target, tree.optionalText(handoff, "description"), item.where));
        }
      } else {
        tree.wrongType(item, "an agent's name, or a map of target and description");
      }
    }
    String name = tree.requiredText(node, fields, "name");
    return new AgentDef(
        name,
        tree.optionalText(fields, "description"),
        tree.optionalText(fields, "systemMessage"),
        model(fields.get("model")),
        tools,
        handoffs,
        approval.read(fields.get("approval"), name, tools),
        memory.read(fields.get("memory")),
        a2a.address(fields),
        codeExecutor.read(fields),
        node.where);
  }

  private ModelRef model(Node node) {
    if (node == null || node.kind == Node.Kind.NULL) {
      return null;
    }
    Map<String, Node> fields = tree.map(node, MODEL_KEYS);
    if (fields == null) {
      return null;
    }
    tree.noKeyWritten(
        node,
        fields,
        "the provider's variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, CADRE_API_KEY ...)");
    return new ModelRef(
        tree.requiredText(node, fields, "provider"),
        tree.optionalText(fields, "name"),
        tree.optionalText(fields, "baseUrl"),
        tree.optionalText(fields, "apiKeyEnv"),
        tree.optionalText(fields, "script"),
        node.where);
  }

  private EdgeDef edge(Node node) {
    Map<String, Node> fields = tree.map(node, EDGE_KEYS);
    if (fields == null) {
      return null;
    }
    String from = tree.requiredText(node, fields, "from");
    String to = tree.requiredText(node, fields, "to");
    if (fields.containsKey("whenContains") && fields.containsKey("whenNotContains")) {
      tree.error(
          "Cadre/SpecValue",
          fields.get("whenNotContains"),
          node.path + " has both whenContains and whenNotContains; give an edge one condition");
    }
    Node activation = fields.get("activation");
    EdgeDef edge =
        new EdgeDef(
            from,
            to,
            tree.optionalText(fields, "whenContains"),
            tree.optionalText(fields, "whenNotContains"),
            tree.positive(fields.get("maxTraversals")),
            tree.optionalText(fields, "activationGroup"),
            activation == null ? null : joinMode(activation),
            node.where);
    return from == null || to == null ? null : edge;
  }

  private McpServerDef mcpServer(Node node) {
    Map<String, Node> fields = tree.map(node, MCP_KEYS);
    if (fields == null) {
      return null;
    }
    String name = tree.requiredText(node, fields, "name");
    List<String> command = tree.textList(fields.get("command"));
    String url = tree.optionalText(fields, "url");
    if (command.isEmpty() == (url == null)) {
      tree.error(
          "Cadre/SpecValue",
          node,
          node.path
              + " needs either a command (a list: program and arguments) or a url, not "
              + (url == null ? "neither" : "both"));
    }
    return new McpServerDef(
        name, command, url, tree.optionalText(fields, "toolPrefix"), node.where);
  }

  private JoinMode joinMode(Node node) {
    String text = tree.text(node);
    if (text == null) {
      return null;
    }
    try {
      return JoinMode.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      tree.error("Cadre/SpecValue", node, node.path + " is '" + text + "'; use all or any");
      return null;
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
