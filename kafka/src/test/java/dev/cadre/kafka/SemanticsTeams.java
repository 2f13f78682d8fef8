package dev.cadre.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.Usage;
import dev.cadre.team.ChatGraph;
import dev.cadre.team.GraphFlow;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.SpeakerSelector;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.TerminationCondition;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Small teams for the conversation semantics of issue 16, the same in every process: agents whose
 * answers are functions of what they were handed and what they remember, so a run spread over
 * worker JVMs can be compared, message for message and event for event, with the same run in one
 * process. Every team has the fixed instance id {@value #INSTANCE}, so that its agent types are
 * named alike everywhere.
 *
 * <ul>
 *   <li>{@code rr}: round robin of {@code a}, {@code b}, {@code c}, two turns a run;
 *   <li>{@code graph}: {@code a -> b -> c}, stopping at three messages;
 *   <li>{@code failing}: round robin of {@code a} and {@code thrower}, which throws (twice, the
 *       second with the instance id {@value #HERE});
 *   <li>{@code outer}: round robin of {@code a} and the team {@code inner} (round robin of {@code
 *       x} and {@code y}), two turns a run each, both emitting team events;
 *   <li>{@code tools}: a streaming model selector over {@code tooler} (an assistant that calls a
 *       tool) and {@code closer}, emitting team events.
 * </ul>
 */
public final class SemanticsTeams implements AgentSystem {

  static final String INSTANCE = "s1";

  /**
   * The instance id of a second {@code failing} team, {@value #FAILING_HERE} in {@link #build}'s
   * map, whose manager a test hosts in its own process while workers host its participants.
   */
  static final String HERE = "here";

  static final String FAILING_HERE = "failing-here";
  static final String THROWN = "boom after %d messages";

  @Override
  public String name() {
    return "team-semantics";
  }

  @Override
  public void install(AgentRuntime runtime) {
    build(runtime);
  }

  /** Every team, by name, on {@code runtime}. */
  static Map<String, Team> build(AgentRuntime runtime) {
    Map<String, Team> teams = new LinkedHashMap<>();
    add(teams, spec("rr", talkers("a", "b", "c"), new RoundRobin(), null, 2, runtime, false));
    ChatGraph chain =
        ChatGraph.builder()
            .node("a")
            .node("b")
            .node("c")
            .entry("a")
            .edge("a", "b")
            .edge("b", "c")
            .build();
    add(
        teams,
        spec(
            "graph",
            talkers("a", "b", "c"),
            new GraphFlow(chain),
            Terminations.maxMessages(3),
            10,
            runtime,
            false));
    for (String instance : List.of(INSTANCE, HERE)) {
      TeamSpec failing =
          spec(
              "failing",
              List.of(new Talker("a"), new Thrower()),
              new RoundRobin(),
              null,
              4,
              runtime,
              false);
      String key = instance.equals(HERE) ? FAILING_HERE : "failing";
      teams.put(key, new Team(failing, null, instance));
    }
    Team inner =
        new Team(spec("inner", talkers("x", "y"), new RoundRobin(), null, 2, runtime, true), null,
            INSTANCE);
    teams.put("inner", inner);
    add(
        teams,
        spec("outer", List.of(new Talker("a"), inner), new RoundRobin(), null, 2, runtime, true));
    ModelSelector selector =
        ModelSelector.builder(new FunctionModel(request -> reply("tooler", new Usage(7, 1))))
            .streaming(true)
            .build();
    add(
        teams,
        spec(
            "tools",
            List.of(tooler(), new Talker("closer")),
            selector,
            Terminations.maxMessages(3),
            4,
            runtime,
            true));
    return teams;
  }

  /** Each team's participants, by team. */
  static final Map<String, List<String>> PARTICIPANTS =
      Map.of(
          "rr", List.of("a", "b", "c"),
          "graph", List.of("a", "b", "c"),
          "failing", List.of("a", "thrower"),
          "inner", List.of("x", "y"),
          "outer", List.of("a", "inner"),
          "tools", List.of("tooler", "closer"));

  static String manager(String team) {
    return manager(team, INSTANCE);
  }

  static String manager(String team, String instance) {
    return team + "." + instance + ".manager";
  }

  static String participant(String team, String name) {
    return participant(team, INSTANCE, name);
  }

  static String participant(String team, String instance, String name) {
    return team + "." + instance + ".participant." + name;
  }

  private static void add(Map<String, Team> teams, TeamSpec spec) {
    teams.put(spec.name(), new Team(spec, null, INSTANCE));
  }

  private static TeamSpec spec(
      String name,
      List<ChatAgent> participants,
      SpeakerSelector selector,
      TerminationCondition termination,
      int maxTurns,
      AgentRuntime runtime,
      boolean teamEvents) {
    return new TeamSpec(
        name, "team " + name, participants, selector, termination, maxTurns, runtime, teamEvents);
  }

  private static List<ChatAgent> talkers(String... names) {
    List<ChatAgent> agents = new ArrayList<>();
    for (String name : names) {
      agents.add(new Talker(name));
    }
    return agents;
  }

  /**
   * Calls {@code lookup} once, then reports its result; its model's answers depend on the request
   * alone.
   */
  private static ChatAgent tooler() {
    Tool lookup =
        Tool.builder("lookup")
            .description("Looks something up")
            .parameter("q", String.class, "what to look up")
            .function((arguments, context) -> "sunny in " + arguments.get("q").asText())
            .build();
    ChatModel model =
        new FunctionModel(
            request -> {
              ChatMessage last = request.messages().get(request.messages().size() - 1);
              if (last instanceof ChatMessage.ToolResults results) {
                return reply("found " + results.results().get(0).content(), new Usage(11, 4));
              }
              ToolCall call = new ToolCall("call-1", "lookup", "{\"q\":\"Lisbon\"}");
              return new ChatResponse(
                  null, List.of(call), FinishReason.TOOL_CALLS, new Usage(9, 2), "function");
            });
    return AssistantAgent.builder("tooler")
        .description("looks things up")
        .systemMessage(null)
        .model(model)
        .tools(lookup)
        .build();
  }

  private static ChatResponse reply(String text, Usage usage) {
    return ChatResponse.ofText(text, usage, "function");
  }

  /**
   * Answers {@code <name>#<turn> after <source of the last message handed> (seen <messages handed
   * so far>)}: what it says shows what it was handed and what it remembers.
   */
  static final class Talker implements ChatAgent {
    private final String name;
    private int turns;
    private int seen;

    Talker(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return "talker " + name;
    }

    @Override
    public synchronized AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      turns++;
      seen += messages.size();
      String after = messages.isEmpty() ? "nothing" : messages.get(messages.size() - 1).source();
      String text = name + "#" + turns + " after " + after + " (seen " + seen + ")";
      return new AgentResponse(new AgentMessage.Text(name, text), List.of(), Usage.ZERO, null);
    }

    @Override
    public synchronized void reset() {
      turns = 0;
      seen = 0;
    }

    @Override
    public synchronized JsonNode saveState() {
      ObjectNode state = Json.mapper().createObjectNode();
      state.put("turns", turns).put("seen", seen);
      return state;
    }

    @Override
    public synchronized void loadState(JsonNode state) {
      turns = state.path("turns").asInt();
      seen = state.path("seen").asInt();
    }
  }

  /** Throws on each of its turns, saying how many messages it was handed. */
  static final class Thrower implements ChatAgent {
    @Override
    public String name() {
      return "thrower";
    }

    @Override
    public String description() {
      return "throws";
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      throw new IllegalStateException(String.format(THROWN, messages.size()));
    }

    @Override
    public void reset() {}
  }

  /** A model whose reply is a function of the request. */
  private static final class FunctionModel implements ChatModel {
    private final Function<ChatRequest, ChatResponse> reply;

    FunctionModel(Function<ChatRequest, ChatResponse> reply) {
      this.reply = reply;
    }

    @Override
    public ModelInfo info() {
      return ModelInfo.capable("function");
    }

    @Override
    public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
      return reply.apply(request);
    }
  }
}
