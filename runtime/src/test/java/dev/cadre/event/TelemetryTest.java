package dev.cadre.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cadre.team.TeamRunException;
import dev.cadre.team.StopReason;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ModelException;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.Usage;
import dev.cadre.model.http.RetryPolicy;
import dev.cadre.model.openai.OpenAiChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cadre's OpenTelemetry spans and metrics, recorded by the real SDK into its in-memory exporters,
 * for teams of agents on replay models and an OpenAI model on a loopback HTTP server.
 */
class TelemetryTest {

  private static final String SECRET_KEY = "sk-telemetry-secret-7d1e";

  @StartStop final MockWebServer server = new MockWebServer();

  private InMemoryTelemetry recorded;
  private InMemorySpanExporter spans;
  private InMemoryMetricReader metrics;
  private OpenTelemetrySdk sdk;
  private Team team;

  @BeforeEach
  void installSdk() {
    recorded = InMemoryTelemetry.install();
    spans = recorded.spans;
    metrics = recorded.metrics;
    sdk = recorded.sdk;
  }

  @AfterEach
  void uninstall() {
    if (team != null) {
      team.close();
    }
    recorded.close();
  }

  private Team team(String name, ChatAgent... participants) {
    team =
        new Team(
            new TeamSpec(
                name,
                "",
                List.of(participants),
                new RoundRobin(),
                Terminations.maxMessages(2),
                5,
                null));
    return team;
  }

  private static Tool clock() {
    return Tool.builder("now").description("The time").function((args, ctx) -> "12:00").build();
  }

  private static AttributeKey<String> string(String key) {
    return AttributeKey.stringKey(key);
  }

  private static AttributeKey<Long> number(String key) {
    return AttributeKey.longKey(key);
  }

  private SpanData only(String name) {
    return recorded.only(name);
  }

  private MetricData metric(String name) {
    return recorded.metric(name);
  }

  /** A clock tool that takes a time zone and answers {@code result}. */
  private static Tool zonedClock(String result) {
    return Tool.builder("now")
        .description("The time")
        .parameter("zone", String.class, "The time zone")
        .function((args, ctx) -> result)
        .build();
  }

  /** A tool that always throws {@code IllegalStateException("disk on fire")}. */
  private static Tool broken() {
    return Tool.builder("broken")
        .description("Always fails")
        .function(
            (args, ctx) -> {
              throw new IllegalStateException("disk on fire");
            })
        .build();
  }

  private List<SpanData> named(String name) {
    return recorded.named(name);
  }

  /** Each span's name under its parent's, one line per span, children in start order. */
  private String tree() {
    return SpanTree.of(spans.getFinishedSpanItems());
  }

  @Test
  void aTeamRunWithAToolIsOneTraceNestedAcrossTheRuntimesThreads() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .usage(new Usage(12, 3))
            .toolCall("now", "{}")
            .text("It is noon.")
            .build();
    AssistantAgent teller =
        AssistantAgent.builder("teller")
            .description("tells the time")
            .model(model)
            .tool(clock())
            .build();
    Team team = team("clock-team", teller);

    Span test = sdk.getTracer("test").spanBuilder("test").startSpan();
    TaskResult result;
    try (Scope ignored = test.makeCurrent()) {
      result = team.run("Time?");
    } finally {
      test.end();
    }

    assertThat(result.stop().kind()).isNotEqualTo(StopReason.Kind.FAILED);
    assertThat(tree())
        .isEqualTo(
            """
            test
              invoke_workflow clock-team
                cadre.team.select_speaker clock-team
                invoke_agent teller
                  chat replay
                  execute_tool now
                  chat replay
            """);
    assertThat(spans.getFinishedSpanItems())
        .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(test.getSpanContext().getTraceId()))
        .allSatisfy(s -> assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET));

    SpanData run = only("invoke_workflow clock-team");
    assertThat(run.getAttributes().get(string("cadre.team.name"))).isEqualTo("clock-team");
    assertThat(run.getAttributes().get(string("cadre.run.id"))).isNotBlank();
    assertThat(run.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(run.getAttributes().get(string("gen_ai.operation.name")))
        .isEqualTo("invoke_workflow");
    assertThat(run.getAttributes().get(string("gen_ai.workflow.name"))).isEqualTo("clock-team");
    assertThat(run.getAttributes().get(string("gen_ai.agent.name"))).isNull();
    assertThat(run.getAttributes().get(string("gen_ai.conversation.id")))
        .isEqualTo(run.getAttributes().get(string("cadre.run.id")));
    assertThat(
            only("cadre.team.select_speaker clock-team")
                .getAttributes()
                .get(AttributeKey.stringArrayKey("cadre.team.speakers")))
        .containsExactly("teller");

    SpanData agent = only("invoke_agent teller");
    assertThat(agent.getAttributes().get(string("gen_ai.operation.name")))
        .isEqualTo("invoke_agent");
    assertThat(agent.getAttributes().get(string("gen_ai.agent.name"))).isEqualTo("teller");
    assertThat(agent.getAttributes().get(string("gen_ai.agent.description")))
        .isEqualTo("tells the time");
    assertThat(agent.getAttributes().get(string("gen_ai.provider.name"))).isEqualTo("replay");
    assertThat(agent.getAttributes().get(string("gen_ai.request.model"))).isEqualTo("replay");

    List<SpanData> chats = named("chat replay");
    assertThat(chats).hasSize(2);
    SpanData first = chats.get(0);
    assertThat(first.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(first.getAttributes().get(string("gen_ai.operation.name"))).isEqualTo("chat");
    assertThat(first.getAttributes().get(string("gen_ai.provider.name"))).isEqualTo("replay");
    assertThat(first.getAttributes().get(string("gen_ai.request.model"))).isEqualTo("replay");
    assertThat(first.getAttributes().get(string("gen_ai.response.model"))).isEqualTo("replay");
    assertThat(first.getAttributes().get(number("gen_ai.usage.input_tokens"))).isEqualTo(12);
    assertThat(first.getAttributes().get(number("gen_ai.usage.output_tokens"))).isEqualTo(3);
    assertThat(
            first
                .getAttributes()
                .get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("tool_call");
    assertThat(
            chats
                .get(1)
                .getAttributes()
                .get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("stop");

    SpanData tool = only("execute_tool now");
    assertThat(tool.getAttributes().get(string("gen_ai.operation.name"))).isEqualTo("execute_tool");
    assertThat(tool.getAttributes().get(string("gen_ai.tool.name"))).isEqualTo("now");
    assertThat(tool.getAttributes().get(string("gen_ai.tool.type"))).isEqualTo("function");
    assertThat(tool.getAttributes().get(string("gen_ai.tool.call.id"))).isNotBlank();
  }

  @Test
  void aModelSelectorsCallNestsUnderTheSpeakerSelection() {
    ReplayChatModel picker =
        ReplayChatModel.builder().info(ModelInfo.capable("picker")).text("poet").build();
    AssistantAgent poet =
        AssistantAgent.builder("poet")
            .description("writes poems")
            .model(ReplayChatModel.ofTexts("Roses."))
            .build();
    AssistantAgent critic =
        AssistantAgent.builder("critic")
            .description("judges poems")
            .model(ReplayChatModel.ofTexts("Fine."))
            .build();
    team =
        new Team(
            new TeamSpec(
                "poets",
                "",
                List.of(poet, critic),
                ModelSelector.builder(picker).build(),
                Terminations.maxMessages(2),
                5,
                null));

    team.run("A poem, please");

    assertThat(tree())
        .isEqualTo(
            """
            invoke_workflow poets
              cadre.team.select_speaker poets
                chat picker
              invoke_agent poet
                chat replay
            """);
    assertThat(
            only("cadre.team.select_speaker poets")
                .getAttributes()
                .get(AttributeKey.stringArrayKey("cadre.team.speakers")))
        .containsExactly("poet");
    // The selector's call is part of the run's conversation, as the speakers' calls are.
    String runId = only("invoke_workflow poets").getAttributes().get(string("cadre.run.id"));
    assertThat(only("chat picker").getAttributes().get(string("gen_ai.conversation.id")))
        .isEqualTo(runId);
  }

  @Test
  void metricsCountTokensDurationsToolCallsAndTurns() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .usage(new Usage(12, 3))
            .toolCalls(new ToolCall("a", "now", "{}"), new ToolCall("b", "nope", "{}"))
            .text("It is noon.")
            .build();
    Team team =
        team("clock-team", AssistantAgent.builder("teller").model(model).tool(clock()).build());

    team.run("Time?");

    Map<String, MetricData> byName =
        metrics.collectAllMetrics().stream()
            .collect(Collectors.toMap(MetricData::getName, Function.identity()));
    assertThat(byName)
        .containsKeys(
            Telemetry.TOKEN_USAGE,
            Telemetry.OPERATION_DURATION,
            Telemetry.TOOL_CALLS,
            Telemetry.TOOL_ERRORS,
            Telemetry.TEAM_TURNS);

    Collection<HistogramPointData> tokens =
        byName.get(Telemetry.TOKEN_USAGE).getHistogramData().getPoints();
    assertThat(byName.get(Telemetry.TOKEN_USAGE).getUnit()).isEqualTo("{token}");
    assertThat(tokens)
        .anySatisfy(
            p -> {
              assertThat(p.getAttributes().get(string("gen_ai.token.type"))).isEqualTo("input");
              assertThat(p.getAttributes().get(string("gen_ai.provider.name"))).isEqualTo("replay");
              assertThat(p.getAttributes().get(string("gen_ai.request.model"))).isEqualTo("replay");
              assertThat(p.getCount()).isEqualTo(2);
              assertThat(p.getSum()).isEqualTo(24.0);
            })
        .anySatisfy(
            p -> {
              assertThat(p.getAttributes().get(string("gen_ai.token.type"))).isEqualTo("output");
              assertThat(p.getSum()).isEqualTo(6.0);
            });

    MetricData duration = byName.get(Telemetry.OPERATION_DURATION);
    assertThat(duration.getUnit()).isEqualTo("s");
    assertThat(duration.getHistogramData().getPoints())
        .singleElement()
        .satisfies(p -> assertThat(p.getCount()).isEqualTo(2));

    assertThat(sums(byName.get(Telemetry.TOOL_CALLS)))
        .containsEntry("now", 1L)
        .containsEntry("nope", 1L);
    assertThat(byName.get(Telemetry.TOOL_ERRORS).getLongSumData().getPoints())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getAttributes().get(string("gen_ai.tool.name"))).isEqualTo("nope");
              assertThat(p.getAttributes().get(string("error.type"))).isEqualTo("unknown_tool");
              assertThat(p.getValue()).isEqualTo(1);
            });
    assertThat(byName.get(Telemetry.TEAM_TURNS).getLongSumData().getPoints())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getAttributes().get(string("cadre.team.name"))).isEqualTo("clock-team");
              assertThat(p.getValue()).isEqualTo(1);
            });
  }

  private static Map<String, Long> sums(MetricData metric) {
    return metric.getLongSumData().getPoints().stream()
        .collect(
            Collectors.toMap(
                p -> p.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name")),
                LongPointData::getValue));
  }

  @Test
  void parallelToolCallsRunInsideTheirOwnSpansOnTheirOwnThreads() {
    Map<String, String> seen = new ConcurrentHashMap<>();
    Tool probe =
        Tool.builder("probe")
            .description("Notes the span it runs in")
            .function(
                (args, ctx) -> {
                  seen.put(ctx.callId(), Span.current().getSpanContext().getSpanId());
                  return "ok";
                })
            .build();
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(
                new ToolCall("c1", "probe", "{}"),
                new ToolCall("c2", "probe", "{}"),
                new ToolCall("c3", "probe", "{}"))
            .text("done")
            .build();
    AssistantAgent.builder("prober").model(model).tool(probe).build().run("go");

    List<SpanData> tools = named("execute_tool probe");
    assertThat(tools).hasSize(3);
    String agent = only("invoke_agent prober").getSpanId();
    for (SpanData tool : tools) {
      String callId = tool.getAttributes().get(string("gen_ai.tool.call.id"));
      assertThat(seen.get(callId)).as("span seen by call %s", callId).isEqualTo(tool.getSpanId());
      assertThat(tool.getParentSpanId()).isEqualTo(agent);
    }
  }

  @Test
  void aStreamedReplyIsOneChatSpanAndStillStreams() {
    List<String> chunks = new ArrayList<>();
    ReplayChatModel model =
        ReplayChatModel.builder().usage(new Usage(5, 2)).streamed("It is ", "noon.").build();
    AssistantAgent.builder("streamer")
        .model(model)
        .streaming(true)
        .build()
        .run(
            "Time?",
            event -> {
              if (event instanceof AgentEvent.TextChunk chunk) {
                chunks.add(chunk.text());
              }
            });

    assertThat(chunks).containsExactly("It is ", "noon.");
    SpanData chat = only("chat replay");
    assertThat(chat.getParentSpanId()).isEqualTo(only("invoke_agent streamer").getSpanId());
    assertThat(chat.getAttributes().get(number("gen_ai.usage.output_tokens"))).isEqualTo(2);
  }

  @Test
  void aFailingToolIsAnErrorSpanAndAnErrorCount() {
    Tool broken = broken();
    Tool slow =
        Tool.builder("slow")
            .description("Too slow")
            .timeout(Duration.ofMillis(50))
            .function(
                (args, ctx) -> {
                  Thread.sleep(5_000);
                  return "late";
                })
            .build();
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(new ToolCall("x", "broken", "{}"), new ToolCall("y", "slow", "{}"))
            .text("sorry")
            .build();
    AssistantAgent.builder("fixer").model(model).tools(broken, slow).build().run("fix it");

    SpanData failed = only("execute_tool broken");
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    // Without content, the description names the tool and the kind of failure, not the message.
    assertThat(failed.getStatus().getDescription())
        .isEqualTo("tool 'broken' failed: java.lang.IllegalStateException");
    assertThat(failed.getAttributes().get(string("error.type")))
        .isEqualTo(IllegalStateException.class.getName());
    SpanData late = only("execute_tool slow");
    assertThat(late.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(late.getAttributes().get(string("error.type"))).isEqualTo("timeout");
    // The agent's turn itself went on: the model read the errors and answered.
    assertThat(only("invoke_agent fixer").getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    MetricData errors = metric(Telemetry.TOOL_ERRORS);
    assertThat(errors.getLongSumData().getPoints())
        .extracting(p -> p.getAttributes().get(string("error.type")))
        .containsExactlyInAnyOrder(IllegalStateException.class.getName(), "timeout");
  }

  @Test
  void aModelErrorFailsTheChatTheAgentAndTheTeamRun() {
    // One reply scripted, two asked for: the second call fails with a ModelException.
    ReplayChatModel model = ReplayChatModel.builder().toolCall("now", "{}").build();
    Team team =
        team("clock-team", AssistantAgent.builder("teller").model(model).tool(clock()).build());

    assertThatThrownBy(() -> team.run("Time?")).isInstanceOf(TeamRunException.class);

    List<SpanData> chats = named("chat replay");
    assertThat(chats).hasSize(2);
    SpanData failed = chats.get(1);
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    // Without content, each description names what failed and how, not the error's message.
    assertThat(failed.getStatus().getDescription())
        .isEqualTo("model 'replay' failed: " + ModelException.class.getName());
    assertThat(failed.getAttributes().get(string("error.type")))
        .isEqualTo(ModelException.class.getName());
    SpanData agent = only("invoke_agent teller");
    assertThat(agent.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(agent.getStatus().getDescription())
        .isEqualTo("agent 'teller' failed: " + ModelException.class.getName());
    assertThat(agent.getAttributes().get(string("error.type")))
        .isEqualTo(ModelException.class.getName());
    SpanData run = only("invoke_workflow clock-team");
    assertThat(run.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(run.getStatus().getDescription())
        .isEqualTo("team 'clock-team' failed: participant_failed");
    assertThat(run.getAttributes().get(string("error.type"))).isEqualTo("participant_failed");

    MetricData duration = metric(Telemetry.OPERATION_DURATION);
    assertThat(duration.getHistogramData().getPoints())
        .anySatisfy(
            p ->
                assertThat(p.getAttributes().get(string("error.type")))
                    .isEqualTo(ModelException.class.getName()));
  }

  @Test
  void contentIsLeftOutByDefault() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("now", "{\"zone\":\"my-private-zone\"}")
            .text("Noon, friend.")
            .build();
    Tool clock = zonedClock("private-result-12:00");
    AssistantAgent.builder("teller").model(model).tool(clock).build().run("my private question");

    assertThat(spans.getFinishedSpanItems()).isNotEmpty();
    for (SpanData span : spans.getFinishedSpanItems()) {
      assertThat(span.getAttributes().asMap().keySet())
          .extracting(AttributeKey::getKey)
          .doesNotContain(
              "gen_ai.input.messages",
              "gen_ai.output.messages",
              "gen_ai.tool.call.arguments",
              "gen_ai.tool.call.result");
      assertThat(recorded(span))
          .doesNotContain("my private question")
          .doesNotContain("my-private-zone")
          .doesNotContain("private-result")
          .doesNotContain("Noon, friend.");
    }
  }

  @Test
  void aModelErrorQuotingThePromptKeepsItOutOfEveryStatusUnlessContentIsOn() {
    // Providers' 400s may quote what they were sent; Cadre's error carries their message on.
    MockResponse rejected =
        new MockResponse.Builder()
            .code(400)
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"error\": {\"message\": \"Invalid content in 'my private question'\","
                    + " \"type\": \"invalid_request_error\"}}")
            .build();
    server.enqueue(rejected);
    Team team = team("asking-team", AssistantAgent.builder("asker").model(openAi()).build());

    TeamRunException failed =
        catchThrowableOfType(() -> team.run("my private question"), TeamRunException.class);

    assertThat(failed.partialResult().stopReason()).contains("my private question");
    assertThat(named("chat gpt-4o-mini")).hasSize(1);
    assertThat(only("chat gpt-4o-mini").getStatus().getDescription())
        .isEqualTo("model 'gpt-4o-mini' failed: " + ModelException.class.getName() + " (HTTP 400)");
    assertThat(only("invoke_agent asker").getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(only("invoke_workflow asking-team").getStatus().getStatusCode())
        .isEqualTo(StatusCode.ERROR);
    assertThat(spans.getFinishedSpanItems())
        .allSatisfy(span -> assertThat(recorded(span)).doesNotContain("my private question"));

    spans.reset();
    team.close();
    Telemetry.install(Telemetry.of(sdk).recordingContent(true));
    server.enqueue(rejected);
    Team recording = team("asking-team", AssistantAgent.builder("asker").model(openAi()).build());
    assertThatThrownBy(() -> recording.run("my private question"))
        .isInstanceOf(TeamRunException.class);

    assertThat(only("chat gpt-4o-mini").getStatus().getDescription())
        .contains("my private question");
    assertThat(only("invoke_workflow asking-team").getStatus().getDescription())
        .contains("my private question");
  }

  /** An OpenAI model on the test's server, which answers once and never retries. */
  private OpenAiChatModel openAi() {
    return OpenAiChatModel.builder()
        .baseUrl(server.url("/v1").toString())
        .apiKey(SECRET_KEY)
        .model("gpt-4o-mini")
        .retry(new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5)))
        .build();
  }

  @Test
  void contentIsRecordedWhenSwitchedOn() throws Exception {
    Telemetry.install(Telemetry.of(sdk).recordingContent(true));
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("now", "{\"zone\":\"my-zone\"}")
            .text("Noon, friend.")
            .build();
    Tool clock = zonedClock("result-12:00");
    AssistantAgent.builder("teller")
        .systemMessage("Be kind.")
        .model(model)
        .tool(clock)
        .build()
        .run("my question");

    List<SpanData> chats = named("chat replay");
    assertThat(chats.get(0).getAttributes().get(string("gen_ai.input.messages")))
        .contains("my question")
        .contains("Be kind.");
    // The conventions' message format: a role and its parts, the reply with its finish reason.
    assertThat(Json.parse(chats.get(1).getAttributes().get(string("gen_ai.input.messages"))))
        .isEqualTo(
            Json.parse(
                """
                [{"role": "system", "parts": [{"type": "text", "content": "Be kind."}]},
                 {"role": "user", "parts": [{"type": "text", "content": "my question"}]},
                 {"role": "assistant", "parts": [{"type": "tool_call", "id": "call_1",
                     "name": "now", "arguments": {"zone": "my-zone"}}]},
                 {"role": "tool", "parts": [{"type": "tool_call_response", "id": "call_1",
                     "response": "result-12:00"}]}]
                """));
    assertThat(Json.parse(chats.get(1).getAttributes().get(string("gen_ai.output.messages"))))
        .isEqualTo(
            Json.parse(
                """
                [{"role": "assistant", "parts": [{"type": "text", "content": "Noon, friend."}],
                  "finish_reason": "stop"}]
                """));
    SpanData tool = only("execute_tool now");
    assertThat(tool.getAttributes().get(string("gen_ai.tool.call.arguments"))).contains("my-zone");
    assertThat(tool.getAttributes().get(string("gen_ai.tool.call.result")))
        .isEqualTo("result-12:00");

    // With content on, a failed tool's span says what the tool's exception said.
    Tool broken = broken();
    AssistantAgent.builder("fixer")
        .model(ReplayChatModel.builder().toolCall("broken", "{}").text("sorry").build())
        .tool(broken)
        .build()
        .run("fix it");
    assertThat(only("execute_tool broken").getStatus().getDescription()).contains("disk on fire");
  }

  @Test
  void aLoneSurrogateInRecordedContentBecomesAReplacementCharacter() {
    Telemetry.install(Telemetry.of(sdk).recordingContent(true));
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("now", "{\"zone\":\"\ud800\"}")
            .toolCall("broken", "{}")
            .text("Noon \udc00.")
            .build();
    Tool failing =
        Tool.builder("broken")
            .description("Always fails")
            .function(
                (args, ctx) -> {
                  throw new IllegalStateException("half \ud83d");
                })
            .build();
    AssistantAgent.builder("teller")
        .model(model)
        .tools(zonedClock("12:00 \ud83d"), failing)
        .build()
        .run("my question \ude00");

    List<String> recorded = new ArrayList<>();
    for (SpanData span : spans.getFinishedSpanItems()) {
      span.getAttributes().forEach((key, value) -> recorded.add(String.valueOf(value)));
      recorded.add(span.getStatus().getDescription());
    }
    assertThat(only("execute_tool now").getAttributes().get(string("gen_ai.tool.call.arguments")))
        .isEqualTo("{\"zone\":\"\ufffd\"}");
    assertThat(only("execute_tool now").getAttributes().get(string("gen_ai.tool.call.result")))
        .isEqualTo("12:00 \ufffd");
    assertThat(only("execute_tool broken").getStatus().getDescription()).contains("half \ufffd");
    assertThat(String.join("\n", recorded))
        .contains("my question \ufffd", "Noon \ufffd.")
        .satisfies(
            all -> assertThat(all.codePoints()).noneMatch(c -> c >= 0xd800 && c <= 0xdfff));
  }

  @Test
  void anApiKeyNeverReachesTheTelemetryEvenWithContentOn() throws Exception {
    Telemetry.install(Telemetry.of(sdk).recordingContent(true));
    OpenAiChatModel openAi = openAi();
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .body(
                """
                {"id": "c1", "object": "chat.completion", "model": "gpt-4o-mini-2024-07-18",
                 "choices": [{"index": 0, "finish_reason": "stop",
                              "message": {"role": "assistant", "content": "Hello!"}}],
                 "usage": {"prompt_tokens": 7, "completion_tokens": 2, "total_tokens": 9}}
                """)
            .build());
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .setHeader("Content-Type", "application/json")
            .body("{\"error\": {\"message\": \"Incorrect API key provided\", \"type\": \"auth\"}}")
            .build());
    var observed = Telemetry.observe(openAi);
    ChatRequest hello = ChatRequest.builder().message(ChatMessage.user("Hi")).build();

    observed.chat(hello);
    assertThatThrownBy(() -> observed.chat(hello)).isInstanceOf(ModelException.class);

    assertThat(server.takeRequest().getHeaders().get("Authorization")).contains(SECRET_KEY);
    List<SpanData> chats = named("chat gpt-4o-mini");
    assertThat(chats).hasSize(2);
    assertThat(chats.get(0).getAttributes().get(string("gen_ai.provider.name")))
        .isEqualTo("openai");
    assertThat(chats.get(0).getAttributes().get(string("gen_ai.response.model")))
        .isEqualTo("gpt-4o-mini-2024-07-18");
    assertThat(chats.get(0).getAttributes().get(number("gen_ai.usage.input_tokens"))).isEqualTo(7);
    assertThat(chats.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    for (SpanData span : chats) {
      assertThat(recorded(span))
          .doesNotContain(SECRET_KEY)
          .doesNotContainIgnoringCase("authorization");
    }
  }

  /** Everything a span carries that an exporter would send: attributes, status, events. */
  private static String recorded(SpanData span) {
    return span.getName()
        + span.getAttributes()
        + span.getStatus()
        + span.getEvents()
        + span.getResource().getAttributes();
  }

  @Test
  void withNoSdkNothingIsRecordedAndNothingBreaks() {
    Telemetry.install(null);
    // GlobalOpenTelemetry was reset and nothing set it: the API's no-op.
    Telemetry off = Telemetry.current();
    assertThat(off.enabled()).isFalse();
    // Nothing is allocated per operation: every hook hands out one shared do-nothing operation.
    assertThat(off.invokeAgent("a", "b", ReplayChatModel.ofTexts("c"), "conversation"))
        .isSameAs(off.executeTool("t", "d", "c", "{}"))
        .isSameAs(off.teamRun("team", "run"))
        .isSameAs(off.selectSpeaker("team"));
    Map<String, Boolean> recording = new ConcurrentHashMap<>();
    Tool probe =
        Tool.builder("now")
            .description("The time")
            .function(
                (args, ctx) -> {
                  recording.put("tool", Span.current().getSpanContext().isValid());
                  return "12:00";
                })
            .build();
    ReplayChatModel model = ReplayChatModel.builder().toolCall("now", "{}").text("Noon.").build();
    Team team =
        team("clock-team", AssistantAgent.builder("teller").model(model).tool(probe).build());

    TaskResult result = team.run("Time?");

    assertThat(result.stop().kind()).isNotEqualTo(StopReason.Kind.FAILED);
    assertThat(result.messages()).hasSize(2);
    assertThat(recording).containsEntry("tool", false);
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(metrics.collectAllMetrics()).isEmpty();
  }

  @Test
  void aGlobalSdkSetAfterCadresFirstUseIsPickedUp() throws InterruptedException {
    Telemetry.install(null);
    assertThat(Telemetry.current().enabled()).isFalse();

    GlobalOpenTelemetry.set(sdk);
    // Cadre's watcher looks at the global again within a second.
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (!Telemetry.current().enabled() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }

    assertThat(Telemetry.current().enabled()).isTrue();
    ReplayChatModel model = ReplayChatModel.ofTexts("Hello.");
    AssistantAgent.builder("greeter").model(model).build().run("Hi");
    assertThat(named("invoke_agent greeter")).hasSize(1);
    assertThat(named("chat replay")).hasSize(1);
  }
}
