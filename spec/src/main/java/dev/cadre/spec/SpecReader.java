package dev.cadre.spec;

import dev.cadre.graph.JoinMode;
import dev.cadre.graph.Suggestions;
import dev.cadre.graph.TeamPattern;
import dev.cadre.memory.Scope;
import java.util.ArrayList;
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
  static final Set<String> A2A_KEYS = Set.of("name", "description", "a2a");
  static final Set<String> CODE_EXECUTOR_KEYS = Set.of("executor", "files");
  static final Set<String> APPROVAL_KEYS = Set.of("tools", "by");
  static final Set<String> MEMORY_KEYS =
      Set.of("store", "embeddings", "name", "writes", "reads", "limit", "extract");
  static final Set<String> STORE_KEYS = Set.of("kind", "path", "pathEnv");
  static final Set<String> EMBEDDINGS_KEYS =
      Set.of("provider", "name", "dimensions", "baseUrl", "apiKeyEnv", "apiKey");
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

  private static final Map<String, AgentDef.Approver> APPROVERS =
      Map.of(
          "person", AgentDef.Approver.PERSON,
          "allow", AgentDef.Approver.ALLOW,
          "deny", AgentDef.Approver.DENY);
  static final Set<String> STORE_KINDS = Set.of("lucene");
  static final Set<String> EMBEDDING_PROVIDERS = Set.of("hashing", "openai", "azure", "ollama");

  private static final Map<String, TeamPattern> PATTERNS =
      Map.of(
          "roundRobin", TeamPattern.ROUND_ROBIN,
          "selector", TeamPattern.SELECTOR,
          "swarm", TeamPattern.SWARM,
          "graph", TeamPattern.GRAPH,
          "magenticOne", TeamPattern.MAGENTIC_ONE);

  private final List<SpecFinding> findings;

  SpecReader(List<SpecFinding> findings) {
    this.findings = findings;
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
    Map<String, Node> fields = map(root, union(TEAM_KEYS, Set.of("$schema")));
    if (fields == null) {
      return null;
    }
    return team(root, fields, true);
  }

  private TeamDef team(Node node, Map<String, Node> fields, boolean root) {
    if (!root && fields.containsKey("mcpServers")) {
      error(
          "Cadre/SpecUnknownKey",
          fields.get("mcpServers"),
          Node.join(node.path, "mcpServers")
              + " is read only at the top of the spec; move it there, where every agent can use"
              + " its tools");
    }
    String name = requiredText(node, fields, "name");
    TeamPattern pattern = null;
    Node patternNode = required(node, fields, "pattern");
    if (patternNode != null) {
      String text = text(patternNode);
      if (text != null) {
        pattern = PATTERNS.get(text);
        if (pattern == null) {
          error(
              "Cadre/SpecValue",
              patternNode,
              patternNode.path
                  + " is '"
                  + text
                  + "'; use one of roundRobin, selector, swarm, graph"
                  + hint(text, PATTERNS.keySet()));
        }
      }
    }
    List<ParticipantDef> participants = new ArrayList<>();
    Node participantsNode = required(node, fields, "participants");
    for (Node item : list(participantsNode)) {
      ParticipantDef participant = participant(item);
      if (participant != null) {
        participants.add(participant);
      }
    }
    if (participantsNode != null
        && participantsNode.kind == Node.Kind.LIST
        && participantsNode.items.isEmpty()) {
      error(
          "Cadre/SpecMissing",
          participantsNode,
          participantsNode.path + " is empty; a team needs at least one participant");
    }
    Map<String, JoinMode> joins = new LinkedHashMap<>();
    Node joinsNode = fields.get("joins");
    if (joinsNode != null && joinsNode.kind != Node.Kind.NULL) {
      Map<String, Node> joinFields = map(joinsNode, null);
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
    for (Node item : list(fields.get("edges"))) {
      EdgeDef edge = edge(item);
      if (edge != null) {
        edges.add(edge);
      }
    }
    List<McpServerDef> servers = new ArrayList<>();
    for (Node item : list(fields.get("mcpServers"))) {
      McpServerDef server = mcpServer(item);
      if (server != null) {
        servers.add(server);
      }
    }
    return new TeamDef(
        name,
        pattern,
        optionalText(fields, "description"),
        model(fields.get("model")),
        model(fields.get("selectorModel")),
        optionalText(fields, "termination"),
        positive(fields.get("maxTurns")),
        participants,
        textList(fields.get("entry")),
        edges,
        joins,
        textList(fields.get("endsOnHandoffTo")),
        servers,
        node.where);
  }

  private ParticipantDef participant(Node node) {
    if (node.kind == Node.Kind.MAP
        && (node.fields.containsKey("pattern") || node.fields.containsKey("participants"))) {
      Map<String, Node> fields = map(node, TEAM_KEYS);
      return team(node, fields, false);
    }
    Map<String, Node> fields = map(node, AGENT_KEYS);
    if (fields == null) {
      return null;
    }
    if (fields.containsKey("a2a")) {
      // Every agent key but the three a remote agent takes: whatever it brings of its own.
      for (String own : AGENT_KEYS.stream().sorted().toList()) {
        if (fields.containsKey(own) && !A2A_KEYS.contains(own)) {
          error(
              "Cadre/SpecA2a",
              fields.get(own),
              Node.join(node.path, own)
                  + ": a remote A2A agent (a2a:) brings its own "
                  + own
                  + "; give it only name, description and a2a");
        }
      }
    }
    List<AgentDef.ToolRef> tools = new ArrayList<>();
    for (Node item : list(fields.get("tools"))) {
      String tool = text(item);
      if (tool != null) {
        tools.add(new AgentDef.ToolRef(tool, item.where));
      }
    }
    List<AgentDef.HandoffDef> handoffs = new ArrayList<>();
    for (Node item : list(fields.get("handoffs"))) {
      if (item.kind == Node.Kind.TEXT) {
        handoffs.add(new AgentDef.HandoffDef(item.text, null, item.where));
      } else if (item.kind == Node.Kind.MAP) {
        Map<String, Node> handoff = map(item, HANDOFF_KEYS);
        String target = requiredText(item, handoff, "target");
        if (target != null) {
          handoffs.add(
              new AgentDef.HandoffDef(target, optionalText(handoff, "description"), item.where));
        }
      } else {
        wrongType(item, "an agent's name, or a map of target and description");
      }
    }
    String name = requiredText(node, fields, "name");
    return new AgentDef(
        name,
        optionalText(fields, "description"),
        optionalText(fields, "systemMessage"),
        model(fields.get("model")),
        tools,
        handoffs,
        approval(fields.get("approval"), name, tools),
        memory(fields.get("memory")),
        optionalText(fields, "a2a"),
        codeExecutor(fields),
        node.where);
  }

  /**
   * An agent's {@code codeExecutor}, or null. A code executor agent has no tools, handoffs,
   * approval or memory: it answers by running its model's code.
   */
  private AgentDef.CodeExecutorDef codeExecutor(Map<String, Node> agent) {
    Node node = agent.get("codeExecutor");
    if (node == null || node.kind == Node.Kind.NULL) {
      return null;
    }
    for (String other : List.of("tools", "handoffs", "approval", "memory")) {
      if (agent.containsKey(other)) {
        error(
            "Cadre/SpecCodeExecutor",
            agent.get(other),
            agent.get(other).path
                + ": a code executor agent (codeExecutor:) runs the code its model writes and"
                + " takes no "
                + other
                + "; give tools to an assistant, or offer run_code as a tool");
      }
    }
    Map<String, Node> fields = map(node, CODE_EXECUTOR_KEYS);
    if (fields == null) {
      return null;
    }
    // The name is checked where the executor is made, by the one code that knows the names.
    String executor = optionalText(fields, "executor");
    return new AgentDef.CodeExecutorDef(
        executor == null ? "bubblewrap" : executor, textList(fields.get("files")), node.where);
  }

  private AgentDef.ApprovalDef approval(Node node, String agent, List<AgentDef.ToolRef> tools) {
    if (node == null || node.kind == Node.Kind.NULL) {
      return null;
    }
    Map<String, Node> fields = map(node, APPROVAL_KEYS);
    if (fields == null) {
      return null;
    }
    List<String> own = tools.stream().map(AgentDef.ToolRef::name).toList();
    List<AgentDef.ToolRef> waiting = new ArrayList<>();
    for (Node item : list(fields.get("tools"))) {
      String tool = text(item);
      if (tool == null) {
        continue;
      }
      if (!own.contains(tool)) {
        error(
            "Cadre/SpecApproval",
            item,
            item.path
                + ": agent '"
                + agent
                + "' has no tool '"
                + tool
                + "' to approve"
                + hint(tool, Set.copyOf(own))
                + "; name tools from its tools "
                + own);
        continue;
      }
      waiting.add(new AgentDef.ToolRef(tool, item.where));
    }
    AgentDef.Approver by = AgentDef.Approver.PERSON;
    Node byNode = fields.get("by");
    if (byNode != null && byNode.kind != Node.Kind.NULL) {
      String text = text(byNode);
      if (text != null) {
        by = APPROVERS.get(text);
        if (by == null) {
          error(
              "Cadre/SpecValue",
              byNode,
              byNode.path
                  + " is '"
                  + text
                  + "'; use person (asked on the console, or a durable run pauses for the"
                  + " answer), allow or deny"
                  + hint(text, APPROVERS.keySet()));
          return null;
        }
      }
    }
    return new AgentDef.ApprovalDef(waiting, by, node.where);
  }

  private MemoryDef memory(Node node) {
    if (node == null || node.kind == Node.Kind.NULL) {
      return null;
    }
    Map<String, Node> fields = map(node, MEMORY_KEYS);
    if (fields == null) {
      return null;
    }
    MemoryDef.StoreDef store = store(required(node, fields, "store"));
    MemoryDef.EmbeddingsDef embeddings = embeddings(required(node, fields, "embeddings"));
    String writes = scope(required(node, fields, "writes"));
    List<String> reads = new ArrayList<>();
    for (Node item : list(fields.get("reads"))) {
      String read = scope(item);
      if (read != null) {
        reads.add(read);
      }
    }
    Node extract = fields.get("extract");
    boolean extracting = false;
    if (extract != null && extract.kind != Node.Kind.NULL) {
      if (extract.kind == Node.Kind.BOOLEAN) {
        extracting = Boolean.parseBoolean(extract.text);
      } else {
        wrongType(extract, "true or false");
      }
    }
    return new MemoryDef(
        store,
        embeddings,
        optionalText(fields, "name"),
        writes,
        reads,
        positive(fields.get("limit")),
        extracting,
        node.where);
  }

  private MemoryDef.StoreDef store(Node node) {
    if (node == null) {
      return null;
    }
    Map<String, Node> fields = map(node, STORE_KEYS);
    if (fields == null) {
      return null;
    }
    String kind = oneOf(node, fields, "kind", STORE_KINDS, "an on-disk Lucene index in a folder");
    String path = optionalText(fields, "path");
    String pathEnv = optionalText(fields, "pathEnv");
    if (path == null && pathEnv == null) {
      error(
          "Cadre/SpecMissing",
          node,
          Node.join(node.path, "path")
              + " is missing here: give the store's folder (relative to the spec), or pathEnv,"
              + " the environment variable that names it");
    }
    return new MemoryDef.StoreDef(kind, path, pathEnv, node.where);
  }

  private MemoryDef.EmbeddingsDef embeddings(Node node) {
    if (node == null) {
      return null;
    }
    Map<String, Node> fields = map(node, EMBEDDINGS_KEYS);
    if (fields == null) {
      return null;
    }
    noKeyWritten(node, fields, "the provider's variable");
    String provider =
        oneOf(node, fields, "provider", EMBEDDING_PROVIDERS, "hashing works offline, with no model");
    String name = optionalText(fields, "name");
    if (provider != null && !provider.equals("hashing") && name == null) {
      error(
          "Cadre/SpecMissing",
          node,
          Node.join(node.path, "name")
              + " is missing here: name the "
              + provider
              + " embedding model, such as text-embedding-3-small");
    }
    return new MemoryDef.EmbeddingsDef(
        provider,
        name,
        positive(fields.get("dimensions")),
        optionalText(fields, "baseUrl"),
        optionalText(fields, "apiKeyEnv"),
        node.where);
  }

  /** A scope written as {@code kind:id}, checked; null (reported) when it is not one. */
  private String scope(Node node) {
    if (node == null) {
      return null;
    }
    String text = text(node);
    if (text == null) {
      return null;
    }
    try {
      return Scope.parse(text).key();
    } catch (IllegalArgumentException e) {
      error(
          "Cadre/SpecValue",
          node,
          node.path + ": " + e.getMessage() + " (user:alice, agent:support, team:desk)");
      return null;
    }
  }

  /** A required text that must be one of {@code known}; null (reported) otherwise. */
  private String oneOf(
      Node parent, Map<String, Node> fields, String key, Set<String> known, String note) {
    Node node = required(parent, fields, key);
    String text = node == null ? null : text(node);
    if (text == null) {
      return null;
    }
    if (!known.contains(text)) {
      error(
          "Cadre/SpecValue",
          node,
          node.path
              + " is '"
              + text
              + "'; use "
              + String.join(", ", known.stream().sorted().toList())
              + " ("
              + note
              + ")"
              + hint(text, known));
      return null;
    }
    return text;
  }

  private ModelRef model(Node node) {
    if (node == null || node.kind == Node.Kind.NULL) {
      return null;
    }
    Map<String, Node> fields = map(node, MODEL_KEYS);
    if (fields == null) {
      return null;
    }
    noKeyWritten(
        node,
        fields,
        "the provider's variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, CADRE_API_KEY ...)");
    return new ModelRef(
        requiredText(node, fields, "provider"),
        optionalText(fields, "name"),
        optionalText(fields, "baseUrl"),
        optionalText(fields, "apiKeyEnv"),
        optionalText(fields, "script"),
        node.where);
  }

  /** A key written in the file is an error that never repeats it: it may be a real key. */
  private void noKeyWritten(Node node, Map<String, Node> fields, String variables) {
    if (fields.containsKey("apiKey")) {
      error(
          "Cadre/SecretInSpec",
          fields.get("apiKey"),
          Node.join(node.path, "apiKey")
              + " writes a key into the spec; keys are read only from the environment: remove it,"
              + " set "
              + variables
              + " or name your own with apiKeyEnv");
    }
  }

  private EdgeDef edge(Node node) {
    Map<String, Node> fields = map(node, EDGE_KEYS);
    if (fields == null) {
      return null;
    }
    String from = requiredText(node, fields, "from");
    String to = requiredText(node, fields, "to");
    if (fields.containsKey("whenContains") && fields.containsKey("whenNotContains")) {
      error(
          "Cadre/SpecValue",
          fields.get("whenNotContains"),
          node.path + " has both whenContains and whenNotContains; give an edge one condition");
    }
    Node activation = fields.get("activation");
    EdgeDef edge =
        new EdgeDef(
            from,
            to,
            optionalText(fields, "whenContains"),
            optionalText(fields, "whenNotContains"),
            positive(fields.get("maxTraversals")),
            optionalText(fields, "activationGroup"),
            activation == null ? null : joinMode(activation),
            node.where);
    return from == null || to == null ? null : edge;
  }

  private McpServerDef mcpServer(Node node) {
    Map<String, Node> fields = map(node, MCP_KEYS);
    if (fields == null) {
      return null;
    }
    String name = requiredText(node, fields, "name");
    List<String> command = textList(fields.get("command"));
    String url = optionalText(fields, "url");
    if (command.isEmpty() == (url == null)) {
      error(
          "Cadre/SpecValue",
          node,
          node.path
              + " needs either a command (a list: program and arguments) or a url, not "
              + (url == null ? "neither" : "both"));
    }
    return new McpServerDef(name, command, url, optionalText(fields, "toolPrefix"), node.where);
  }

  private JoinMode joinMode(Node node) {
    String text = text(node);
    if (text == null) {
      return null;
    }
    try {
      return JoinMode.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      error("Cadre/SpecValue", node, node.path + " is '" + text + "'; use all or any");
      return null;
    }
  }

  // Typed access: each reports a wrong type at the value and returns null (or empty).

  private Map<String, Node> map(Node node, Set<String> allowed) {
    if (node == null) {
      return null;
    }
    if (node.kind != Node.Kind.MAP) {
      wrongType(node, "a map");
      return null;
    }
    if (allowed != null) {
      for (Map.Entry<String, Node> field : node.fields.entrySet()) {
        if (!allowed.contains(field.getKey())) {
          findings.add(
              new SpecFinding(
                  "Cadre/SpecUnknownKey",
                  "unknown key "
                      + field.getValue().path
                      + hint(field.getKey(), allowed)
                      + "; the keys here are "
                      + String.join(", ", allowed.stream().sorted().toList()),
                  node.keys.get(field.getKey()),
                  true));
        }
      }
    }
    return node.fields;
  }

  private List<Node> list(Node node) {
    if (node == null || node.kind == Node.Kind.NULL) {
      return List.of();
    }
    if (node.kind != Node.Kind.LIST) {
      wrongType(node, "a list");
      return List.of();
    }
    return node.items;
  }

  private String text(Node node) {
    if (node.kind != Node.Kind.TEXT) {
      wrongType(node, "text");
      return null;
    }
    return node.text;
  }

  private List<String> textList(Node node) {
    List<String> texts = new ArrayList<>();
    for (Node item : list(node)) {
      String text = text(item);
      if (text != null) {
        texts.add(text);
      }
    }
    return texts;
  }

  private String optionalText(Map<String, Node> fields, String key) {
    Node node = fields == null ? null : fields.get(key);
    return node == null || node.kind == Node.Kind.NULL ? null : text(node);
  }

  private Node required(Node parent, Map<String, Node> fields, String key) {
    if (fields == null) {
      return null;
    }
    Node node = fields.get(key);
    if (node == null || node.kind == Node.Kind.NULL) {
      error(
          "Cadre/SpecMissing",
          parent,
          Node.join(parent.path, key) + " is missing" + (parent.path.isEmpty() ? "" : " here"));
      return null;
    }
    return node;
  }

  private String requiredText(Node parent, Map<String, Node> fields, String key) {
    Node node = required(parent, fields, key);
    return node == null ? null : text(node);
  }

  private Integer positive(Node node) {
    if (node == null || node.kind == Node.Kind.NULL) {
      return null;
    }
    if (node.kind == Node.Kind.NUMBER) {
      try {
        int value = Integer.parseInt(node.text);
        if (value >= 1) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    wrongType(node, "a whole number of at least 1");
    return null;
  }

  private void wrongType(Node node, String expected) {
    error(
        "Cadre/SpecType",
        node,
        (node.path.isEmpty() ? "the spec" : node.path)
            + " must be "
            + expected
            + ", not "
            + (node.kind == Node.Kind.NUMBER || node.kind == Node.Kind.BOOLEAN
                ? node.kindName() + " (" + node.text + ")"
                : node.kindName()));
  }

  private void error(String tag, Node node, String message) {
    findings.add(new SpecFinding(tag, message, node.where, true));
  }

  private static String hint(String given, Set<String> known) {
    String closest = Suggestions.closest(given, known.stream().sorted().toList());
    return closest == null ? "" : " (did you mean '" + closest + "'?)";
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    java.util.Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return all;
  }
}
