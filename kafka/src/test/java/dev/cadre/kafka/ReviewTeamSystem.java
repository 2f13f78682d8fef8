package dev.cadre.kafka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.AgentRuntime;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
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
import dev.cadre.team.SpeakerSelector;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Function;

/**
 * A review team (planner, coder, reviewer) for tests that spread it over worker JVMs: the same
 * agent types in every process, with a fixed instance id. Its models are functions of the request
 * alone, not scripts, so an agent made again in another process after a failover answers as the
 * first one would have. Each model call takes {@link #TURN_MILLIS} so a kill can land mid-run.
 *
 * <p>Every model call appends {@code <pid> <agent> <detail>} to {@code turns.log}, and the coder's
 * tool appends {@code <pid> <line>} to {@code tool.log}, both in the directory named by {@link
 * #LOG_DIR} (an environment variable in workers): a test reads them to see who did what, and how
 * often the side effect ran. The model and the tool are {@link FaultPoints} ({@code model:<agent>},
 * {@code tool:coder}) where a test halts a worker.
 */
public abstract class ReviewTeamSystem implements AgentSystem {

  /** The environment variable (or, failing that, system property) naming the log directory. */
  public static final String LOG_DIR = "CADRE_TEST_REVIEW_LOG_DIR";

  static final String TEAM = "review";
  static final String INSTANCE = "r1";
  static final String TASK = "Add a function that adds two numbers";
  static final long TURN_MILLIS = 250;

  static final String MANAGER = TEAM + "." + INSTANCE + ".manager";
  static final String PLANNER = participantType("planner");
  static final String CODER = participantType("coder");
  static final String REVIEWER = participantType("reviewer");

  private static final ObjectNode LINE_SCHEMA = lineSchema();

  /** The review team whose speakers a model chooses. */
  public static final class Selector extends ReviewTeamSystem {
    @Override
    public String name() {
      return "review-selector";
    }

    @Override
    SpeakerSelector selector(Path logDir) {
      return ModelSelector.builder(new TurnModel("selector", logDir, ReviewTeamSystem::choose))
          .build();
    }
  }

  /** The review team as a graph: planner, then coder, then reviewer. */
  public static final class Graph extends ReviewTeamSystem {
    @Override
    public String name() {
      return "review-graph";
    }

    @Override
    SpeakerSelector selector(Path logDir) {
      return new GraphFlow(
          ChatGraph.builder()
              .node("planner")
              .node("coder")
              .node("reviewer")
              .entry("planner")
              .edge("planner", "coder")
              .edge("coder", "reviewer")
              .build());
    }
  }

  private static ObjectNode lineSchema() {
    try {
      return (ObjectNode)
          Json.parse(
              "{\"type\":\"object\",\"properties\":{\"line\":{\"type\":\"string\"}},"
                  + "\"required\":[\"line\"],\"additionalProperties\":false}");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String participantType(String participant) {
    return TEAM + "." + INSTANCE + ".participant." + participant;
  }

  abstract SpeakerSelector selector(Path logDir);

  @Override
  public void install(AgentRuntime runtime) {
    String dir = System.getenv(LOG_DIR);
    if (dir == null || dir.isBlank()) {
      dir = System.getProperty(LOG_DIR);
    }
    if (dir == null || dir.isBlank()) {
      throw new IllegalStateException(
          "system " + name() + " needs " + LOG_DIR + " (environment) naming its log directory");
    }
    team(runtime, Path.of(dir));
  }

  /**
   * The team on {@code runtime} (null for a runtime of its own), logging to {@code logDir}; every
   * agent the runtime makes is made from a new spec.
   */
  Team team(AgentRuntime runtime, Path logDir) {
    return new Team(() -> spec(runtime, logDir), null, INSTANCE);
  }

  private TeamSpec spec(AgentRuntime runtime, Path logDir) {
    List<ChatAgent> participants =
        List.of(
            agent(
                "planner",
                "makes a plan",
                new TurnModel("planner", logDir, r -> text("PLAN-READY: one function, add(a, b)"))),
            agent(
                "coder",
                "writes the code",
                new TurnModel("coder", logDir, ReviewTeamSystem::code),
                writeLine(logDir)),
            agent(
                "reviewer",
                "reviews the code",
                new TurnModel("reviewer", logDir, r -> text("APPROVE: the code is fine"))));
    return new TeamSpec(
        TEAM,
        "plans, writes and reviews code",
        participants,
        selector(logDir),
        Terminations.textMention("APPROVE").or(Terminations.maxMessages(10)),
        6,
        runtime);
  }

  private static ChatAgent agent(
      String name, String description, ChatModel model, Tool... tools) {
    return AssistantAgent.builder(name)
        .description(description)
        .systemMessage(null)
        .model(model)
        .tools(tools)
        .build();
  }

  /** The side effect: one line appended to {@code tool.log} per run of the tool. */
  private static Tool writeLine(Path logDir) {
    return Tool.of(
        new ToolSpec("write_line", "Appends a line of code to the file", LINE_SCHEMA),
        (args, ctx) -> {
          append(logDir.resolve("tool.log"), pid() + " " + args.get("line").asText());
          FaultPoints.reached(FaultPoints.TOOL, "coder");
          return "written";
        });
  }

  /** The selector's choice, from the conversation in its prompt. */
  private static ChatResponse choose(ChatRequest request) {
    String prompt = lastText(request);
    String next =
        prompt.contains("CODE-READY")
            ? "reviewer"
            : prompt.contains("PLAN-READY") ? "coder" : "planner";
    return text(next);
  }

  /** The coder calls the tool first, then reports what the tool said. */
  private static ChatResponse code(ChatRequest request) {
    ChatMessage last = request.messages().get(request.messages().size() - 1);
    if (last instanceof ChatMessage.ToolResults results) {
      return text("CODE-READY: add(a, b) is " + results.results().get(0).content());
    }
    ToolCall call =
        new ToolCall(
            "call-" + request.messages().size(),
            "write_line",
            "{\"line\":\"def add(a, b): return a + b\"}");
    return new ChatResponse(null, List.of(call), FinishReason.TOOL_CALLS, Usage.ZERO, "turn");
  }

  private static String lastText(ChatRequest request) {
    ChatMessage last = request.messages().get(request.messages().size() - 1);
    return last instanceof ChatMessage.User user ? user.content() : String.valueOf(last);
  }

  private static ChatResponse text(String text) {
    return ChatResponse.ofText(text, Usage.ZERO, "turn");
  }

  static long pid() {
    return ProcessHandle.current().pid();
  }

  static void append(Path file, String line) {
    try {
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  /** A model whose reply is a function of the request; it logs the call and takes a while. */
  private static final class TurnModel implements ChatModel {
    private final String agent;
    private final Path logDir;
    private final Function<ChatRequest, ChatResponse> reply;

    TurnModel(String agent, Path logDir, Function<ChatRequest, ChatResponse> reply) {
      this.agent = agent;
      this.logDir = logDir;
      this.reply = reply;
    }

    @Override
    public ModelInfo info() {
      return ModelInfo.capable("turn");
    }

    @Override
    public ChatResponse chat(ChatRequest request, CancellationToken cancellation) {
      ChatResponse response = reply.apply(request);
      String detail = response.text() != null ? response.text() : "tool call";
      append(logDir.resolve("turns.log"), pid() + " " + agent + " " + detail);
      try {
        Thread.sleep(TURN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancelledException("model of " + agent + " interrupted");
      }
      FaultPoints.reached(FaultPoints.MODEL, agent);
      return response;
    }
  }
}
