package dev.cadre.spec;

import dev.cadre.a2a.A2aRemoteAgent;
import dev.cadre.agent.ApprovalDecision;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.ToolApprover;
import dev.cadre.code.CodeExecutionException;
import dev.cadre.code.CodeExecutor;
import dev.cadre.code.CodeExecutorAgent;
import dev.cadre.code.CodeExecutors;
import dev.cadre.dsl.Cadre;
import dev.cadre.dsl.GraphBuilder;
import dev.cadre.dsl.TeamBuilder;
import dev.cadre.graph.Suggestions;
import dev.cadre.mcp.McpConnection;
import dev.cadre.mcp.McpServerConfig;
import dev.cadre.memory.EmbeddingModel;
import dev.cadre.memory.HashingEmbeddingModel;
import dev.cadre.memory.Memory;
import dev.cadre.memory.MemoryExtractor;
import dev.cadre.memory.MemoryStore;
import dev.cadre.memory.MemoryTools;
import dev.cadre.memory.Scope;
import dev.cadre.memory.lucene.LuceneMemoryStore;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ModelConfig;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.ChatGraph;
import dev.cadre.team.Team;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the team of a checked spec: connects its MCP servers, resolves every model and tool first,
 * and builds with the DSL only once nothing is missing, so a spec never half-loads.
 */
final class SpecBuilder {

  private final SpecOptions options;
  private final Path baseDir;
  private final List<SpecFinding> findings = new ArrayList<>();
  private final List<McpConnection> connections = new ArrayList<>();
  private final Map<String, Tool> mcpTools = new LinkedHashMap<>();
  private final Map<String, List<ToolLibrary>> libraries = new LinkedHashMap<>();
  private final Map<Path, ReplayChatModel> replays = new LinkedHashMap<>();
  // One store per folder, shared by the agents that name it (Lucene locks its folder).
  private final Map<Path, MemoryStore> stores = new LinkedHashMap<>();
  // Resolved before anything is built: by agent or team def, its model, tools and memory.
  private final Map<ParticipantDef, ChatModel> models = new HashMap<>();
  private final Map<AgentDef, List<Tool>> tools = new HashMap<>();
  private final Map<AgentDef, ResolvedMemory> memories = new HashMap<>();

  /** An agent's memory, made: its view, its tools, and its extractor (null without one). */
  private record ResolvedMemory(Memory view, Map<String, Tool> tools, MemoryExtractor extractor) {}

  private final Map<AgentDef, A2aRemoteAgent> remotes = new HashMap<>();
  private final Map<AgentDef, CodeExecutor> executors = new LinkedHashMap<>();

  SpecBuilder(SpecOptions options, Path baseDir) {
    this.options = options;
    this.baseDir = baseDir;
  }

  /** The team, with the MCP connections it uses; throws with every finding otherwise. */
  LoadedTeam build(TeamDef root, String file) {
    try {
      for (McpServerDef server : root.mcpServers()) {
        connect(server);
      }
      for (ToolLibrary library : options.libraries()) {
        for (String name : library.toolNames()) {
          libraries.computeIfAbsent(name, key -> new ArrayList<>()).add(library);
        }
      }
      resolve(root, null);
      if (!findings.isEmpty()) {
        throw new SpecException(file, findings);
      }
      return new LoadedTeam(
          root,
          team(root),
          connections,
          List.copyOf(stores.values()),
          Map.copyOf(replays),
          List.copyOf(executors.values()));
    } catch (RuntimeException e) {
      connections.forEach(McpConnection::close);
      stores.values().forEach(MemoryStore::close);
      executors.values().forEach(CodeExecutor::close);
      throw e;
    }
  }

  private void connect(McpServerDef server) {
    McpServerConfig.Builder config =
        server.url() != null
            ? McpServerConfig.http(server.name(), server.url())
            : McpServerConfig.stdio(server.name(), server.command());
    if (server.toolPrefix() != null) {
      config.toolPrefix(server.toolPrefix());
    }
    try {
      McpConnection connection = options.connect(config.build());
      connections.add(connection);
      for (Tool tool : connection.tools()) {
        mcpTools.putIfAbsent(tool.name(), tool);
      }
    } catch (RuntimeException e) {
      findings.add(
          new SpecFinding(
              "Cadre/SpecMcp",
              "MCP server '" + server.name() + "' could not be reached: " + e.getMessage(),
              server.where(),
              true));
    }
  }

  private void resolve(TeamDef team, ModelRef inherited) {
    ModelRef teamModel = team.model() != null ? team.model() : inherited;
    if (team.pattern() == dev.cadre.graph.TeamPattern.SELECTOR
        || team.pattern() == dev.cadre.graph.TeamPattern.MAGENTIC_ONE) {
      ModelRef selector = team.selectorModel() != null ? team.selectorModel() : teamModel;
      model(team, team.name() + ".selector", selector);
    }
    for (ParticipantDef participant : team.participants()) {
      if (participant instanceof TeamDef nested) {
        resolve(nested, teamModel);
      } else if (participant instanceof AgentDef agent && agent.a2a() != null) {
        remote(agent);
      } else if (participant instanceof AgentDef agent) {
        model(agent, agent.name(), agent.model() != null ? agent.model() : teamModel);
        if (agent.codeExecutor() != null) {
          executor(agent, agent.codeExecutor());
        }
        ResolvedMemory memory = agent.memory() == null ? null : memory(agent, agent.memory());
        if (memory != null) {
          memories.put(agent, memory);
        }
        Map<String, Tool> memoryTools = memory == null ? Map.of() : memory.tools();
        List<Tool> agentTools = new ArrayList<>();
        // One holder per library and agent, so an agent's tools of one holder share its state.
        Map<ToolLibrary, List<Tool>> made = new HashMap<>();
        for (AgentDef.ToolRef ref : agent.tools()) {
          Tool tool = tool(agent, ref, made, memoryTools);
          if (tool != null) {
            agentTools.add(tool);
          }
        }
        tools.put(agent, agentTools);
      }
    }
  }

  /** Reads a remote A2A agent's card now, so that an unreachable one is a finding. */
  private void remote(AgentDef agent) {
    try {
      A2aRemoteAgent.Builder builder = A2aRemoteAgent.builder(agent.a2a()).name(agent.name());
      if (agent.description() != null) {
        builder.description(agent.description());
      }
      remotes.put(agent, builder.build());
    } catch (RuntimeException e) {
      error(
          "Cadre/SpecA2a",
          agent.where(),
          "remote A2A agent '" + agent.name() + "' could not be reached: " + e.getMessage());
    }
  }

  /**
   * Starts a code executor agent's executor now, with its files copied in, so that a sandbox
   * missing here or a missing file is a finding rather than a failure halfway through a run.
   */
  private void executor(AgentDef agent, AgentDef.CodeExecutorDef def) {
    String owner = "agent '" + agent.name() + "'";
    CodeExecutor executor;
    try {
      executor = CodeExecutors.byName(def.executor());
    } catch (CodeExecutionException e) {
      error(
          "Cadre/SpecCodeExecutor",
          def.where(),
          owner + ": code executor '" + def.executor() + "' cannot start: " + e.getMessage());
      return;
    } catch (IllegalArgumentException e) {
      error("Cadre/SpecValue", def.where(), owner + ": " + e.getMessage());
      return;
    }
    executors.put(agent, executor);
    for (String file : def.files()) {
      Path source = baseDir.resolve(file).normalize();
      try {
        Files.copy(source, executor.workingDirectory().resolve(source.getFileName().toString()));
      } catch (IOException e) {
        error(
            "Cadre/SpecCodeExecutor",
            def.where(),
            owner
                + ": cannot copy "
                + source
                + " into its code executor's working directory: "
                + (Files.isRegularFile(source) ? e.toString() : "there is no such file"));
      }
    }
  }

  private void model(ParticipantDef owner, String role, ModelRef ref) {
    if (ref == null && options.models() == null) {
      // A spec may leave models out (the processor's do): the code or command line gives them.
      error(
          "Cadre/SpecMissing",
          owner.where(),
          (owner instanceof TeamDef ? "selector team '" : "agent '")
              + owner.name()
              + "' has no model: give it one, or give its team a model (or load the spec with"
              + " SpecOptions.models)");
      return;
    }
    try {
      ChatModel model = options.models() != null ? options.models().create(role, ref) : create(ref);
      models.put(owner, model);
    } catch (RuntimeException e) {
      findings.add(
          new SpecFinding(
              "Cadre/SpecModel",
              "the model of " + role + " cannot be made: " + e.getMessage(),
              ref == null || ref.where() == null ? owner.where() : ref.where(),
              true));
    }
  }

  /** The model a spec names, its key from the environment only. */
  private ChatModel create(ModelRef ref) {
    if (ref.provider().equals(ReplayChatModel.PROVIDER)) {
      if (ref.script() == null) {
        throw new IllegalArgumentException(
            "a replay model needs a script: a JSON-lines file, relative to the spec");
      }
      Path script = baseDir.resolve(ref.script()).normalize();
      // Agents naming one script share it, so its replies come in the order they speak.
      ReplayChatModel shared = replays.get(script);
      if (shared == null) {
        if (!Files.isRegularFile(script)) {
          throw new IllegalArgumentException("the replay script " + script + " is not a file");
        }
        try {
          shared = ReplayChatModel.fromJsonLines(script);
        } catch (IOException e) {
          throw new IllegalArgumentException("the replay script " + script + " cannot be read", e);
        }
        replays.put(script, shared);
      }
      return shared;
    }
    Map<String, String> env = providerEnv(ref.provider(), ref.baseUrl(), ref.apiKeyEnv());
    putOrRemove(env, "CADRE_MODEL", ref.name());
    return ModelConfig.fromEnvironment(env)
        .create(
            () -> {
              throw new IllegalStateException("not reached: replay is handled above");
            });
  }

  /** The environment a provider's model is made from: the key from the environment only. */
  private Map<String, String> providerEnv(String provider, String baseUrl, String apiKeyEnv) {
    Map<String, String> env = new HashMap<>(options.env());
    env.put("CADRE_PROVIDER", provider);
    putOrRemove(env, "CADRE_BASE_URL", baseUrl);
    if (apiKeyEnv != null) {
      String key = options.env().get(apiKeyEnv);
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException(
            "apiKeyEnv names " + apiKeyEnv + ", which is not set in the environment");
      }
      env.put("CADRE_API_KEY", key);
    }
    return env;
  }

  /** The agent's memory: its store (opened once per folder), view, tools and extractor. */
  private ResolvedMemory memory(AgentDef agent, MemoryDef def) {
    if (def.store() == null || def.embeddings() == null || def.writes() == null) {
      return null; // reported when read
    }
    Path folder = folder(agent, def.store());
    if (folder == null) {
      return null;
    }
    EmbeddingModel embeddings;
    try {
      embeddings = embeddings(def.embeddings());
    } catch (RuntimeException e) {
      error(
          "Cadre/SpecMemory",
          def.embeddings().where(),
          "agent '" + agent.name() + "': the embedding model cannot be made: " + e.getMessage());
      return null;
    }
    MemoryStore store = stores.get(folder);
    if (store == null) {
      try {
        store = LuceneMemoryStore.open(folder, embeddings);
      } catch (RuntimeException e) {
        error(
            "Cadre/SpecMemory",
            def.store().where(),
            "agent '"
                + agent.name()
                + "': the memory store in "
                + folder
                + " cannot be opened: "
                + e.getMessage());
        return null;
      }
      stores.put(folder, store);
    }
    Scope writes = Scope.parse(def.writes());
    Set<Scope> reads = new LinkedHashSet<>();
    def.reads().forEach(read -> reads.add(Scope.parse(read)));
    if (reads.isEmpty()) {
      reads.add(writes);
    }
    MemoryTools memoryTools = MemoryTools.of(store, writes, reads);
    Map<String, Tool> named = new LinkedHashMap<>();
    named.put(MemoryTools.REMEMBER, memoryTools.remember());
    named.put(MemoryTools.RECALL, memoryTools.recall());
    MemoryExtractor extractor =
        def.extract() && models.get(agent) != null
            ? MemoryExtractor.builder(models.get(agent), store, writes).build()
            : null;
    return new ResolvedMemory(
        store.view(def.name() != null ? def.name() : agent.name(), writes, reads),
        named,
        extractor);
  }

  /** The store's folder: the one {@code pathEnv} names when it is set, else {@code path}. */
  private Path folder(AgentDef agent, MemoryDef.StoreDef store) {
    if (store.pathEnv() != null) {
      String named = options.env().get(store.pathEnv());
      if (named != null && !named.isBlank()) {
        return Path.of(named).toAbsolutePath().normalize();
      }
    }
    if (store.path() == null) {
      error(
          "Cadre/SpecMemory",
          store.where(),
          "agent '"
              + agent.name()
              + "': pathEnv names "
              + store.pathEnv()
              + ", which is not set in the environment, and the store has no path to fall back"
              + " on");
      return null;
    }
    return baseDir.resolve(store.path()).toAbsolutePath().normalize();
  }

  private EmbeddingModel embeddings(MemoryDef.EmbeddingsDef def) {
    if (def.provider().equals("hashing")) {
      return new HashingEmbeddingModel(
          def.dimensions() != null ? def.dimensions() : HashingEmbeddingModel.DEFAULT_DIMENSIONS);
    }
    Map<String, String> env = providerEnv(def.provider(), def.baseUrl(), def.apiKeyEnv());
    env.put("CADRE_EMBEDDING_MODEL", def.name());
    putOrRemove(
        env,
        "CADRE_EMBEDDING_DIMENSIONS",
        def.dimensions() == null ? null : String.valueOf(def.dimensions()));
    return ModelConfig.fromEnvironment(env)
        .createEmbeddings(
            () -> {
              throw new IllegalStateException("not reached: a model is named");
            });
  }

  private static void putOrRemove(Map<String, String> env, String name, String value) {
    if (value == null) {
      env.remove(name);
    } else {
      env.put(name, value);
    }
  }

  private Tool tool(
      AgentDef agent,
      AgentDef.ToolRef ref,
      Map<ToolLibrary, List<Tool>> made,
      Map<String, Tool> memoryTools) {
    List<ToolLibrary> offering = libraries.getOrDefault(ref.name(), List.of());
    Tool fromMcp = mcpTools.get(ref.name());
    Tool fromMemory = memoryTools.get(ref.name());
    int sources = offering.size() + (fromMcp == null ? 0 : 1) + (fromMemory == null ? 0 : 1);
    if (sources > 1) {
      List<String> names = new ArrayList<>(offering.stream().map(ToolLibrary::name).toList());
      if (fromMcp != null) {
        names.add("an MCP server");
      }
      if (fromMemory != null) {
        names.add("the agent's memory");
      }
      error(
          "Cadre/SpecAmbiguousTool",
          ref.where(),
          "agent '"
              + agent.name()
              + "': tool '"
              + ref.name()
              + "' is offered by "
              + names
              + "; give one of them a tool prefix or rename the tool");
      return null;
    }
    if (fromMcp != null) {
      return fromMcp;
    }
    if (fromMemory != null) {
      return fromMemory;
    }
    if (offering.size() == 1) {
      ToolLibrary library = offering.get(0);
      return made.computeIfAbsent(library, ToolLibrary::tools).stream()
          .filter(tool -> tool.name().equals(ref.name()))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "tool library "
                          + library.name()
                          + " lists "
                          + ref.name()
                          + " but does not make it"));
    }
    List<String> known = new ArrayList<>(libraries.keySet());
    known.addAll(mcpTools.keySet());
    String closest = Suggestions.closest(ref.name(), known);
    error(
        "Cadre/SpecUnknownTool",
        ref.where(),
        "agent '"
            + agent.name()
            + "': no tool named '"
            + ref.name()
            + "'"
            + (closest == null ? "" : " (did you mean '" + closest + "'?)")
            + "; tools come from tool libraries on the class path (classes of @Tool methods,"
            + " registered by the processor), the spec's mcpServers, and an agent's memory"
            + " (remember, recall)");
    return null;
  }

  private void error(String tag, SpecLocation where, String message) {
    findings.add(new SpecFinding(tag, message, where, true));
  }

  private Team team(TeamDef def) {
    TeamBuilder<?> builder =
        switch (def.pattern()) {
          case ROUND_ROBIN -> Cadre.roundRobin(def.name());
          case SELECTOR -> Cadre.selector(def.name(), models.get(def));
          case SWARM -> Cadre.swarm(def.name());
          case GRAPH -> graph(def);
          case MAGENTIC_ONE -> Cadre.magenticOne(def.name(), models.get(def));
        };
    if (def.description() != null) {
      builder.description(def.description());
    }
    for (ParticipantDef participant : def.participants()) {
      builder.participant(participant(participant));
    }
    if (def.termination() != null) {
      try {
        builder.termination(TerminationParser.parse(def.termination()));
      } catch (TerminationParser.Problem e) {
        throw new IllegalStateException("checked before building", e);
      }
    }
    if (def.maxTurns() != null) {
      builder.maxTurns(def.maxTurns());
    }
    def.endsOnHandoffTo().forEach(builder::endsOnHandoffTo);
    return builder.build();
  }

  private GraphBuilder graph(TeamDef def) {
    GraphBuilder graph = Cadre.graph(def.name());
    def.entries().forEach(graph::entry);
    def.edges().forEach(edge -> graph.edge(chatEdge(edge)));
    def.joins().forEach((node, join) -> graph.join(node, SpecChecker.join(join)));
    return graph;
  }

  private ChatAgent participant(ParticipantDef def) {
    if (def instanceof TeamDef team) {
      return team(team);
    }
    AgentDef agent = (AgentDef) def;
    if (remotes.containsKey(agent)) {
      return remotes.get(agent);
    }
    if (agent.codeExecutor() != null) {
      CodeExecutorAgent.Builder coder =
          Cadre.codeExecutor(agent.name()).executor(executors.get(agent)).model(models.get(agent));
      if (agent.systemMessage() != null) {
        coder.systemMessage(agent.systemMessage());
      }
      if (agent.description() != null) {
        coder.description(agent.description());
      }
      return coder.build();
    }
    AssistantAgent.Builder builder =
        Cadre.assistant(agent.name())
            .model(models.get(agent))
            .systemMessage(agent.systemMessage())
            .tools(tools.get(agent));
    if (agent.description() != null) {
      builder.description(agent.description());
    }
    for (AgentDef.HandoffDef handoff : agent.handoffs()) {
      builder.handoff(handoff.target(), handoff.description());
    }
    if (agent.approval() != null) {
      ToolApprover approver = approver(agent.approval().by());
      List<String> waiting = agent.approval().tools().stream().map(AgentDef.ToolRef::name).toList();
      if (waiting.isEmpty()) {
        builder.toolApproval(approver);
      } else {
        builder.toolApproval(
            approver, waiting.get(0), waiting.subList(1, waiting.size()).toArray(String[]::new));
      }
    }
    ResolvedMemory memory = memories.get(agent);
    if (memory != null) {
      builder.memory(memory.view());
      if (agent.memory().limit() != null) {
        builder.memoryLimit(agent.memory().limit());
      }
      if (memory.extractor() != null) {
        builder.memoryExtractor(memory.extractor());
      }
    }
    return builder.build();
  }

  private ToolApprover approver(AgentDef.Approver by) {
    return switch (by) {
      case PERSON -> ToolApprover.askPerson(options.person());
      case ALLOW -> ToolApprover.approveAll();
      case DENY ->
          (request, cancellation) ->
              ApprovalDecision.refuse("the team's spec refuses every call to it (approval by deny)");
    };
  }

  /** The runtime's edge for a spec's: one place turns the spec's conditions into predicates. */
  static ChatGraph.Edge chatEdge(EdgeDef def) {
    ChatGraph.Edge edge = ChatGraph.Edge.of(def.from(), def.to());
    if (def.whenContains() != null) {
      edge = edge.whenContains(def.whenContains());
    } else if (def.whenNotContains() != null) {
      edge = edge.whenNotContains(def.whenNotContains());
    }
    if (def.maxTraversals() != null) {
      edge = edge.maxTraversals(def.maxTraversals());
    }
    if (def.activationGroup() != null) {
      edge = edge.activationGroup(def.activationGroup());
    }
    if (def.activation() != null) {
      edge = edge.activation(SpecChecker.join(def.activation()));
    }
    return edge;
  }
}
