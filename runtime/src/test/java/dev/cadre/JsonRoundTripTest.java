package dev.cadre;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.Question;
import dev.cadre.core.Json;
import dev.cadre.memory.MemoryContent;
import dev.cadre.memory.MemoryResult;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ContentPart;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.ResponseFormat;
import dev.cadre.model.ToolChoice;
import dev.cadre.model.Reasoning;
import dev.cadre.model.Usage;
import dev.cadre.state.AgentState;
import dev.cadre.state.GraphFlowState;
import dev.cadre.state.TeamState;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.ProgressLedger;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.TeamProtocol;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message and event that may cross a process boundary survives a trip through JSON, read
 * back through the type a receiver declares (the sealed base type where there is one).
 */
class JsonRoundTripTest {

  private static final ToolCall CALL = new ToolCall("c1", "get_weather", "{\"city\":\"Oslo\"}");
  private static final ToolResult RESULT = new ToolResult("c1", "get_weather", "Sunny", false);
  private static final Usage USAGE = new Usage(12, 7);
  private static final ObjectNode SCHEMA = schema();
  private static final TaskResult RESULT_OK =
      new TaskResult(
          List.of(AgentMessage.user("task")),
          List.of(new TeamEvent.Message(AgentMessage.user("task"))),
          StopReason.maxTurns(1),
          USAGE,
          null);
  private static final AgentMessage.MultiModal PICTURE =
      new AgentMessage.MultiModal(
          "user",
          List.of(
              ContentPart.text("What is this?"),
              ContentPart.image(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, "image/png"),
              ContentPart.imageUrl("https://example.com/cat.png")));

  private static ObjectNode schema() {
    ObjectNode schema = Json.object().put("type", "object");
    schema.putObject("properties").putObject("city").put("type", "string");
    schema.putArray("required").add("city");
    return schema;
  }

  private static final MemoryContent MEMORY = memory();

  private static MemoryContent memory() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("user", "ann");
    metadata.put("source", "crm");
    metadata.put("added", "2026-11-25");
    return new MemoryContent("Prefers metric units.", metadata);
  }

  static Stream<Arguments> values() {
    AgentMessage.Text text = new AgentMessage.Text("writer", "Draft ready.");
    return Stream.of(
        Arguments.of(ChatMessage.class, ChatMessage.system("Be brief.")),
        Arguments.of(ChatMessage.class, new ChatMessage.User("Hi", "ann")),
        Arguments.of(ChatMessage.class, new ChatMessage.Assistant(null, List.of(CALL), "bot")),
        Arguments.of(ChatMessage.class, new ChatMessage.ToolResults(List.of(RESULT))),
        Arguments.of(
            ChatMessage.class,
            new ChatMessage.Assistant(
                null,
                List.of(CALL),
                "bot",
                List.of(
                    Reasoning.thinking("Look it up.", "EqQBsig"),
                    Reasoning.redacted("EmwKAhgB"),
                    Reasoning.text("deepseek thoughts")))),
        Arguments.of(
            ChatMessage.class,
            new ChatMessage.ToolResults(
                List.of(
                    new ToolResult(
                        "c1",
                        "shot",
                        "the page",
                        false,
                        List.of(
                            ContentPart.imageUrl("https://example.com/a.png").withDetail("low"),
                            ContentPart.pdf(new byte[] {'%', 'P'})))))),
        Arguments.of(Usage.class, new Usage(100, 40, 30, 64, 8)),
        Arguments.of(ToolCall.class, CALL),
        Arguments.of(ToolResult.class, new ToolResult("c2", "x", "boom", true)),
        Arguments.of(ToolSpec.class, new ToolSpec("get_weather", "Weather", SCHEMA)),
        Arguments.of(Usage.class, USAGE),
        Arguments.of(ModelInfo.class, new ModelInfo("m", true, false, true, false, 8192)),
        Arguments.of(ToolChoice.class, ToolChoice.tool("get_weather")),
        Arguments.of(ResponseFormat.class, ResponseFormat.jsonSchema("Verdict", SCHEMA)),
        Arguments.of(
            ChatResponse.class, new ChatResponse("ok", List.of(CALL), FinishReason.TOOL_CALLS, USAGE, "m")),
        Arguments.of(
            ChatRequest.class,
            ChatRequest.builder()
                .message(ChatMessage.user("q"))
                .tool(new ToolSpec("get_weather", "Weather", SCHEMA))
                .toolChoice(ToolChoice.REQUIRED)
                .responseFormat(ResponseFormat.jsonSchema("Verdict", SCHEMA))
                .temperature(0.2)
                .maxTokens(100)
                .stop("END")
                .seed(7L)
                .parallelToolCalls(false)
                .extra("top_p", Json.mapper().getNodeFactory().numberNode(0.9))
                .build()),
        Arguments.of(AgentMessage.class, text),
        Arguments.of(AgentMessage.class, new AgentMessage.Structured("judge", SCHEMA)),
        Arguments.of(AgentMessage.class, PICTURE),
        Arguments.of(ChatMessage.class, PICTURE.toModelMessage()),
        Arguments.of(AgentEvent.class, new AgentEvent.InnerMessage("som", PICTURE)),
        Arguments.of(
            AgentMessage.class,
            new AgentMessage.Handoff(
                "triage",
                "billing",
                "Over to billing.",
                List.of(
                    new ChatMessage.Assistant(null, List.of(CALL), "triage"),
                    new ChatMessage.ToolResults(List.of(RESULT))))),
        Arguments.of(
            AgentMessage.class,
            new AgentMessage.ToolCallSummary("bot", List.of(CALL), List.of(RESULT))),
        Arguments.of(AgentEvent.class, new AgentEvent.TextChunk("bot", "Hel")),
        Arguments.of(AgentEvent.class, new AgentEvent.ToolCallsRequested("bot", List.of(CALL))),
        Arguments.of(AgentEvent.class, new AgentEvent.ToolCallsExecuted("bot", List.of(RESULT))),
        Arguments.of(AgentEvent.class, new AgentEvent.ModelUsage("bot", "m", USAGE)),
        Arguments.of(
            AgentEvent.class, new AgentEvent.ToolProgress("bot", "c1", "fetch", 2, 5.0, "page 2")),
        Arguments.of(
            TeamEvent.class,
            new TeamEvent.Activity(
                new AgentEvent.ToolProgress("bot", "c1", "fetch", 0.5, null, null))),
        Arguments.of(AgentEvent.class, new AgentEvent.Reasoned("bot", "Think first.")),
        Arguments.of(AgentEvent.class, new AgentEvent.Answered("bot", text, USAGE)),
        Arguments.of(AgentEvent.class, new AgentEvent.InputRequested("ann", "q-1", "Approve?")),
        Arguments.of(AgentEvent.class, new AgentEvent.ApprovalRequested("bot", CALL)),
        Arguments.of(AgentEvent.class, new AgentEvent.ApprovalDecided("bot", CALL, true, null)),
        Arguments.of(
            AgentEvent.class, new AgentEvent.ApprovalDecided("bot", CALL, false, "not today")),
        Arguments.of(
            TeamEvent.class,
            new TeamEvent.Activity(new AgentEvent.InputRequested("ann", "q-1", "Approve?"))),
        Arguments.of(MemoryContent.class, MEMORY),
        Arguments.of(MemoryContent.class, MemoryContent.of("No metadata.")),
        Arguments.of(MemoryResult.class, new MemoryResult(MEMORY, 0.8125)),
        Arguments.of(
            AgentEvent.class,
            new AgentEvent.MemoryQueried(
                "bot",
                "prefs",
                List.of(
                    new MemoryResult(MEMORY, 1.0),
                    new MemoryResult(MemoryContent.of("x"), -0.25)))),
        Arguments.of(
            TeamEvent.class,
            new TeamEvent.Activity(
                new AgentEvent.MemoryQueried(
                    "bot", "prefs", List.of(new MemoryResult(MEMORY, 1.0))))),
        Arguments.of(
            AgentEvent.class,
            new AgentEvent.MemoryExtracted(
                "bot", AgentEvent.MemoryExtracted.Outcome.WRITTEN, "Ann likes tea", "m-1")),
        Arguments.of(
            TeamEvent.class,
            new TeamEvent.Activity(
                new AgentEvent.MemoryExtracted(
                    "bot", AgentEvent.MemoryExtracted.Outcome.FAILED, "not JSON", null))),
        Arguments.of(TeamEvent.class, new TeamEvent.Message(text)),
        Arguments.of(TeamEvent.class, new TeamEvent.Activity(new AgentEvent.TextChunk("bot", "Hi"))),
        Arguments.of(TeamEvent.class, new TeamEvent.SpeakersSelected(List.of("a", "b"))),
        Arguments.of(TeamEvent.class, new TeamEvent.SelectionProblem("named nobody", 3, "a")),
        Arguments.of(TeamEvent.class, new TeamEvent.Finished(RESULT_OK)),
        Arguments.of(TeamEvent.class, new TeamEvent.SelectorReply("writer, I think", 2)),
        Arguments.of(
            TeamEvent.class, new TeamEvent.TaskLedgerWritten("facts", "plan", 1, "stalled")),
        Arguments.of(
            TeamEvent.class,
            new TeamEvent.ProgressLedgerWritten(
                new ProgressLedger(
                    new ProgressLedger.Verdict(false, "a"),
                    new ProgressLedger.Verdict(false, "b"),
                    new ProgressLedger.Verdict(true, "c"),
                    new ProgressLedger.Answer("writer", "d"),
                    new ProgressLedger.Answer("Write.", "e")),
                2,
                1)),
        Arguments.of(
            TaskResult.class,
            new TaskResult(
                List.of(text),
                List.of(
                    new TeamEvent.Activity(new AgentEvent.ToolCallsRequested("bot", List.of(CALL))),
                    new TeamEvent.Message(text)),
                StopReason.failed("bot", "IllegalStateException: boom"),
                USAGE,
                null)),
        Arguments.of(
            TaskResult.class,
            new TaskResult(
                List.of(text),
                List.of(),
                new StopReason(StopReason.Kind.WAITING, "ann", "waiting"),
                USAGE,
                new Question("q1", "ann", "Where to?", List.of(text)))),
        Arguments.of(TeamProtocol.Start.class, new TeamProtocol.Start("run-1", List.of(text))),
        Arguments.of(
            TeamProtocol.Start.class, new TeamProtocol.Start("run-1", List.of(PICTURE), true, true)),
        Arguments.of(TeamProtocol.Start.class, new TeamProtocol.Start("run-1", List.of())),
        Arguments.of(TeamProtocol.Resume.class, new TeamProtocol.Resume("run-1", "Lisbon")),
        Arguments.of(TeamProtocol.Resume.class, new TeamProtocol.Resume("run-1")),
        Arguments.of(TeamProtocol.Reset.class, new TeamProtocol.Reset()),
        Arguments.of(TeamProtocol.Speak.class, new TeamProtocol.Speak("run-1", List.of(text))),
        Arguments.of(
            TeamProtocol.Spoke.class,
            new TeamProtocol.Spoke(
                text, List.of(new AgentEvent.ModelUsage("bot", "m", USAGE)), USAGE)),
        Arguments.of(
            TeamProtocol.Spoke.class,
            new TeamProtocol.Spoke(
                List.of(text, PICTURE),
                List.of(),
                USAGE,
                List.of(new TeamEvent.Message(text), new TeamEvent.Message(PICTURE)),
                StopReason.failed("inner/bot", "IllegalStateException: boom"))),
        Arguments.of(TeamProtocol.ResetParticipant.class, new TeamProtocol.ResetParticipant()),
        Arguments.of(
            TeamProtocol.Progress.class,
            new TeamProtocol.Progress("run-1", new TeamEvent.Message(text))),
        Arguments.of(TeamProtocol.SaveState.class, new TeamProtocol.SaveState()),
        Arguments.of(TeamProtocol.LoadState.class, new TeamProtocol.LoadState(SCHEMA)),
        Arguments.of(TeamProtocol.SaveParticipant.class, new TeamProtocol.SaveParticipant()),
        Arguments.of(
            TeamProtocol.LoadParticipant.class, new TeamProtocol.LoadParticipant(SCHEMA)),
        Arguments.of(
            AgentState.class,
            new AgentState(
                "bot",
                List.of(
                    ChatMessage.user("q"),
                    new ChatMessage.Assistant(null, List.of(CALL), "bot"),
                    new ChatMessage.ToolResults(List.of(RESULT))),
                List.of("notes"))),
        Arguments.of(
            TeamState.class,
            new TeamState(
                "writers",
                List.of(AgentMessage.user("task"), text),
                java.util.Arrays.asList(null, "writer"),
                Map.of("writer", 1),
                List.of("writer"),
                List.of(text),
                3,
                Json.object().put("selector", "roundRobin").put("next", 1),
                null,
                Map.of("writer", Json.object().put("kind", "agent")))),
        Arguments.of(
            GraphFlowState.class,
            new GraphFlowState(
                List.of("c"),
                List.of(new GraphFlowState.Traversal("a", "b", 2)),
                Map.of("d", Map.of("d", List.of("b"), "loop", List.of("e"))))));
  }

  @Test
  void messagesAndUsageSavedBeforeReasoningAndCacheCountsStillLoad() throws Exception {
    ChatMessage assistant =
        Json.read(
            "{\"role\":\"assistant\",\"content\":\"hi\",\"toolCalls\":[],\"name\":\"bot\"}",
            ChatMessage.class);
    Usage usage = Json.read("{\"inputTokens\":12,\"outputTokens\":7}", Usage.class);
    ToolResult result =
        Json.read(
            "{\"callId\":\"c1\",\"name\":\"x\",\"content\":\"ok\",\"error\":false}",
            ToolResult.class);

    assertThat(assistant).isEqualTo(new ChatMessage.Assistant("hi", List.of(), "bot"));
    assertThat(usage).isEqualTo(new Usage(12, 7));
    assertThat(result).isEqualTo(new ToolResult("c1", "x", "ok", false));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("values")
  void survivesJson(Class<?> declared, Object value) throws Exception {
    String json = Json.write(value);

    Object back = Json.mapper().readValue(json, declared);

    assertThat(back).isEqualTo(value);
    assertThat(Json.write(back)).isEqualTo(json);
  }
}
