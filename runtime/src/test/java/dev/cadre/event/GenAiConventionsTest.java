package dev.cadre.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelException;
import dev.cadre.model.Reasoning;
import dev.cadre.model.Usage;
import dev.cadre.model.anthropic.AnthropicChatModel;
import dev.cadre.model.http.RetryPolicy;
import dev.cadre.model.openai.OpenAiChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.model.replay.ReplayStep;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each attribute, metric and log record the OpenTelemetry GenAI semantic conventions ask of an
 * instrumentation, checked against the SDK's in-memory exporters: conversation ids, the workflow
 * name, server address, streaming, agent turn totals, error types and the exception record, and the
 * smaller ones (descriptions, scope version, finish reasons, system instructions, output type).
 */
class GenAiConventionsTest {

  private static final String SECRET_KEY = "sk-conventions-secret-3f9a";

  @StartStop final MockWebServer server = new MockWebServer();

  private final List<Team> teams = new ArrayList<>();
  private final InMemoryTelemetry recorded = InMemoryTelemetry.install();

  @AfterEach
  void uninstall() {
    teams.forEach(Team::close);
    recorded.close();
  }

  private Team team(String name, int messages, AssistantAgent... participants) {
    Team team =
        new Team(
            new TeamSpec(
                name,
                "",
                List.of(participants),
                new RoundRobin(),
                Terminations.maxMessages(messages),
                10,
                null));
    teams.add(team);
    return team;
  }

  private static AttributeKey<String> string(String key) {
    return AttributeKey.stringKey(key);
  }

  private static AttributeKey<Long> number(String key) {
    return AttributeKey.longKey(key);
  }

  private static AttributeKey<List<String>> strings(String key) {
    return AttributeKey.stringArrayKey(key);
  }

  /** The finished spans whose names start with {@code prefix}, in the order they ended. */
  private List<SpanData> starting(String prefix) {
    return recorded.spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().startsWith(prefix))
        .toList();
  }

  private SpanData only(String name) {
    return recorded.only(name);
  }

  private MetricData metric(String name) {
    return recorded.metric(name);
  }

  private Set<String> metricNames() {
    return recorded.metrics.collectAllMetrics().stream()
        .map(MetricData::getName)
        .collect(Collectors.toSet());
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

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static final String OPENAI_HELLO =
      """
      {"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-mini-2024-07-18",
       "choices": [{"index": 0, "finish_reason": "stop",
                    "message": {"role": "assistant", "content": "Hello!"}}],
       "usage": {"prompt_tokens": 7, "completion_tokens": 2, "total_tokens": 9}}
      """;

  // --- Conversation id -------------------------------------------------------------------------

  @Test
  void everyAgentAndChatSpanOfATeamRunCarriesTheRunsConversationId() {
    AssistantAgent poet =
        AssistantAgent.builder("poet").model(ReplayChatModel.ofTexts("Roses.")).build();
    AssistantAgent critic =
        AssistantAgent.builder("critic").model(ReplayChatModel.ofTexts("Fine.")).build();

    team("poets", 3, poet, critic).run("A poem, please");

    String runId = only("invoke_workflow poets").getAttributes().get(string("cadre.run.id"));
    assertThat(runId).isNotBlank();
    List<SpanData> agentsAndChats = new ArrayList<>(starting("invoke_agent "));
    agentsAndChats.addAll(starting("chat "));
    assertThat(agentsAndChats).hasSize(4);
    assertThat(agentsAndChats)
        .allSatisfy(
            s ->
                assertThat(s.getAttributes().get(string("gen_ai.conversation.id")))
                    .as("conversation of %s", s.getName())
                    .isEqualTo(runId));
  }

  @Test
  void aSingleAgentsSpansCarryItsSessionId(@TempDir Path dir) {
    try (SqliteCheckpointStore store = SqliteCheckpointStore.open(dir.resolve("history.db"))) {
      AssistantAgent.builder("helper")
          .model(ReplayChatModel.ofTexts("Hi."))
          .history(store, "session-42")
          .build()
          .run("Hello");
    }

    assertThat(only("invoke_agent helper").getAttributes().get(string("gen_ai.conversation.id")))
        .isEqualTo("session-42");
    assertThat(only("chat replay").getAttributes().get(string("gen_ai.conversation.id")))
        .isEqualTo("session-42");
  }

  @Test
  void anAgentWithoutASessionKeepsOneConversationIdUntilItIsReset() {
    AssistantAgent agent =
        AssistantAgent.builder("helper").model(ReplayChatModel.ofTexts("One.", "Two.", "Three."))
            .build();

    agent.run("first");
    agent.run("second");
    agent.reset();
    agent.run("third");

    List<String> ids =
        recorded.named("invoke_agent helper").stream()
            .map(s -> s.getAttributes().get(string("gen_ai.conversation.id")))
            .toList();
    assertThat(ids).hasSize(3).doesNotContainNull();
    assertThat(ids.get(1)).isEqualTo(ids.get(0));
    assertThat(ids.get(2)).isNotEqualTo(ids.get(0));
    assertThat(recorded.named("chat replay"))
        .extracting(s -> s.getAttributes().get(string("gen_ai.conversation.id")))
        .containsExactlyElementsOf(ids);
  }

  // --- Workflow name ---------------------------------------------------------------------------

  @Test
  void theTeamSpanNamesTheWorkflowNotAnAgent() {
    team("poets", 2, AssistantAgent.builder("poet").model(ReplayChatModel.ofTexts("Roses.")).build())
        .run("A poem");

    SpanData run = only("invoke_workflow poets");
    assertThat(run.getAttributes().get(string("gen_ai.workflow.name"))).isEqualTo("poets");
    assertThat(run.getAttributes().get(string("gen_ai.agent.name"))).isNull();
  }

  // --- Server address --------------------------------------------------------------------------

  @Test
  void chatSpansAndBothMetricsCarryTheServersAddressAndPort() {
    server.enqueue(json(200, OPENAI_HELLO));

    Telemetry.observe(openAi()).chat(ChatRequest.builder().message(ChatMessage.user("Hi")).build());

    SpanData chat = only("chat gpt-4o-mini");
    assertThat(chat.getAttributes().get(string("server.address"))).isEqualTo(server.getHostName());
    assertThat(chat.getAttributes().get(number("server.port"))).isEqualTo(server.getPort());
    for (String name : List.of(Telemetry.OPERATION_DURATION, Telemetry.TOKEN_USAGE)) {
      assertThat(metric(name).getHistogramData().getPoints())
          .isNotEmpty()
          .allSatisfy(
              p -> {
                assertThat(p.getAttributes().get(string("server.address")))
                    .isEqualTo(server.getHostName());
                assertThat(p.getAttributes().get(number("server.port")))
                    .isEqualTo(server.getPort());
              });
    }
  }

  // --- Response id -----------------------------------------------------------------------------

  @Test
  void aChatSpanCarriesTheProvidersResponseId() {
    server.enqueue(json(200, OPENAI_HELLO));

    Telemetry.observe(openAi()).chat(ChatRequest.builder().message(ChatMessage.user("Hi")).build());

    assertThat(only("chat gpt-4o-mini").getAttributes().get(string("gen_ai.response.id")))
        .isEqualTo("chatcmpl-1");
  }

  @Test
  void aChatSpanCarriesReasoningAndCacheReadTokensWithinTheTotals() {
    server.enqueue(
        json(
            200,
            """
            {"id": "chatcmpl-2", "object": "chat.completion", "model": "o4-mini",
             "choices": [{"index": 0, "finish_reason": "stop",
                          "message": {"role": "assistant", "content": "42"}}],
             "usage": {"prompt_tokens": 2006, "completion_tokens": 300, "total_tokens": 2306,
                       "prompt_tokens_details": {"cached_tokens": 1920},
                       "completion_tokens_details": {"reasoning_tokens": 256}}}
            """));

    Telemetry.observe(openAi()).chat(ChatRequest.builder().message(ChatMessage.user("Hi")).build());

    Attributes chat = only("chat gpt-4o-mini").getAttributes();
    assertThat(chat.get(number("gen_ai.usage.input_tokens"))).isEqualTo(2006);
    assertThat(chat.get(number("gen_ai.usage.output_tokens"))).isEqualTo(300);
    assertThat(chat.get(number("gen_ai.usage.reasoning.output_tokens"))).isEqualTo(256);
    assertThat(chat.get(number("gen_ai.usage.cache_read.input_tokens"))).isEqualTo(1920);
    assertThat(chat.get(number("gen_ai.usage.cache_creation.input_tokens"))).isNull();
  }

  @Test
  void anAgentSpanSumsItsCallsCacheWrites() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .usage(new Usage(1200, 3, 0, 0, 1000))
            .toolCall("now", "{}")
            .usage(new Usage(1220, 5, 0, 1000, 0))
            .text("It is noon.")
            .build();
    AssistantAgent.builder("teller")
        .model(model)
        .tool(Tool.builder("now").description("The time").function((a, c) -> "12:00").build())
        .build()
        .run("Time?");

    Attributes agent = only("invoke_agent teller").getAttributes();
    assertThat(agent.get(number("gen_ai.usage.input_tokens"))).isEqualTo(2420);
    assertThat(agent.get(number("gen_ai.usage.cache_creation.input_tokens"))).isEqualTo(1000);
    assertThat(agent.get(number("gen_ai.usage.cache_read.input_tokens"))).isEqualTo(1000);
    assertThat(agent.get(number("gen_ai.usage.reasoning.output_tokens"))).isNull();
  }

  @Test
  void theAnthropicClientReportsItsServerToo() {
    ChatModel model =
        AnthropicChatModel.builder()
            .baseUrl(server.url("/").toString())
            .apiKey(SECRET_KEY)
            .model("claude-test")
            .build();

    assertThat(model.server().getHostString()).isEqualTo(server.getHostName());
    assertThat(model.server().getPort()).isEqualTo(server.getPort());
    assertThat(OpenAiChatModel.builder().apiKey(SECRET_KEY).model("gpt-4o").build().server())
        .satisfies(
            s -> {
              assertThat(s.getHostString()).isEqualTo("api.openai.com");
              assertThat(s.getPort()).isEqualTo(443);
            });
  }

  // --- Streaming -------------------------------------------------------------------------------

  @Test
  void aStreamedCallReportsItsFirstChunkAndTheTimeBetweenChunks() {
    List<String> chunks = new ArrayList<>();
    AssistantAgent.builder("streamer")
        .model(ReplayChatModel.builder().streamed("It ", "is ", "noon.").build())
        .streaming(true)
        .build()
        .run(
            "Time?",
            event -> {
              if (event instanceof AgentEvent.TextChunk chunk) {
                chunks.add(chunk.text());
              }
            });

    assertThat(chunks).containsExactly("It ", "is ", "noon.");
    SpanData chat = only("chat replay");
    Attributes attributes = chat.getAttributes();
    assertThat(attributes.get(AttributeKey.booleanKey("gen_ai.request.stream"))).isTrue();
    Double firstChunk =
        attributes.get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk"));
    assertThat(firstChunk).isNotNull().isGreaterThanOrEqualTo(0.0);
    double callSeconds = (chat.getEndEpochNanos() - chat.getStartEpochNanos()) / 1e9;
    assertThat(firstChunk).isLessThanOrEqualTo(callSeconds);

    MetricData first = metric(Telemetry.TIME_TO_FIRST_CHUNK);
    assertThat(first.getUnit()).isEqualTo("s");
    assertThat(first.getHistogramData().getPoints())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getCount()).isEqualTo(1);
              assertThat(p.getAttributes().get(string("gen_ai.operation.name"))).isEqualTo("chat");
              assertThat(p.getAttributes().get(string("gen_ai.provider.name"))).isEqualTo("replay");
            });
    MetricData perChunk = metric(Telemetry.TIME_PER_OUTPUT_CHUNK);
    assertThat(perChunk.getUnit()).isEqualTo("s");
    // Three chunks: the two after the first are timed against the one before.
    assertThat(perChunk.getHistogramData().getPoints())
        .singleElement()
        .satisfies(p -> assertThat(p.getCount()).isEqualTo(2));
  }

  @Test
  void aCallThatDoesNotStreamSaysSoAndHasNoChunkMetrics() {
    AssistantAgent.builder("plain").model(ReplayChatModel.ofTexts("Noon.")).build().run("Time?");

    Attributes attributes = only("chat replay").getAttributes();
    assertThat(attributes.get(AttributeKey.booleanKey("gen_ai.request.stream"))).isFalse();
    assertThat(attributes.get(AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk")))
        .isNull();
    assertThat(metricNames())
        .contains(Telemetry.OPERATION_DURATION)
        .doesNotContain(Telemetry.TIME_TO_FIRST_CHUNK, Telemetry.TIME_PER_OUTPUT_CHUNK);
  }

  // --- Agent turn totals -----------------------------------------------------------------------

  @Test
  void anAgentSpanCarriesItsTurnsTotals() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .usage(new Usage(12, 3))
            .toolCall("now", "{}")
            .usage(new Usage(20, 5))
            .text("It is noon.")
            .build();
    AssistantAgent.builder("teller")
        .model(model)
        .tool(Tool.builder("now").description("The time").function((a, c) -> "12:00").build())
        .temperature(0.3)
        .maxTokens(256)
        .build()
        .run("Time?");

    Attributes agent = only("invoke_agent teller").getAttributes();
    assertThat(agent.get(number("gen_ai.usage.input_tokens"))).isEqualTo(32);
    assertThat(agent.get(number("gen_ai.usage.output_tokens"))).isEqualTo(8);
    assertThat(agent.get(strings("gen_ai.response.finish_reasons")))
        .containsExactly("tool_call", "stop");
    assertThat(agent.get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.3);
    assertThat(agent.get(number("gen_ai.request.max_tokens"))).isEqualTo(256);
    assertThat(agent.get(string("gen_ai.response.model"))).isEqualTo("replay");
  }

  // --- Errors ----------------------------------------------------------------------------------

  @Test
  void anHttpErrorsTypeIsItsStatusSoRateLimitsAndServerFaultsDiffer() {
    ChatModel observed = Telemetry.observe(openAi());
    ChatRequest hello = ChatRequest.builder().message(ChatMessage.user("Hi")).build();
    for (int status : new int[] {400, 429, 500}) {
      server.enqueue(json(status, "{\"error\": {\"message\": \"no\", \"type\": \"x\"}}"));
      assertThatThrownBy(() -> observed.chat(hello)).isInstanceOf(ModelException.class);
    }

    assertThat(recorded.named("chat gpt-4o-mini"))
        .extracting(s -> s.getAttributes().get(string("error.type")))
        .containsExactly("400", "429", "500");
    assertThat(metric(Telemetry.OPERATION_DURATION).getHistogramData().getPoints())
        .extracting(p -> p.getAttributes().get(string("error.type")))
        .containsExactlyInAnyOrder("400", "429", "500");
  }

  @Test
  void aFailedCallEmitsTheConventionsExceptionRecordInItsSpansContext() {
    server.enqueue(
        json(429, "{\"error\": {\"message\": \"Slow down, key " + SECRET_KEY + "\"}}"));
    ChatModel observed = Telemetry.observe(openAi());

    assertThatThrownBy(
            () -> observed.chat(ChatRequest.builder().message(ChatMessage.user("Hi")).build()))
        .isInstanceOf(ModelException.class);

    SpanData chat = only("chat gpt-4o-mini");
    List<LogRecordData> records = recorded.logs.getFinishedLogRecordItems();
    assertThat(records).hasSize(1);
    LogRecordData record = records.get(0);
    assertThat(record.getEventName()).isEqualTo(Telemetry.EXCEPTION_EVENT);
    assertThat(record.getSeverity()).isEqualTo(Severity.WARN);
    assertThat(record.getSpanContext().getSpanId()).isEqualTo(chat.getSpanId());
    assertThat(record.getSpanContext().getTraceId()).isEqualTo(chat.getTraceId());
    Attributes attributes = record.getAttributes();
    assertThat(attributes.get(string("exception.type"))).isEqualTo(ModelException.class.getName());
    assertThat(attributes.get(string("exception.message")))
        .isEqualTo("model 'gpt-4o-mini' failed: " + ModelException.class.getName() + " (HTTP 429)");
    assertThat(attributes.get(string("error.type"))).isEqualTo("429");
    assertThat(attributes.get(string("gen_ai.operation.name"))).isEqualTo("chat");
    assertThat(attributes.get(string("gen_ai.provider.name"))).isEqualTo("openai");
    assertThat(attributes.get(string("gen_ai.request.model"))).isEqualTo("gpt-4o-mini");
    assertThat(record.getInstrumentationScopeInfo().getName()).isEqualTo(Telemetry.SCOPE);
    // Neither the key the body echoed nor its message reaches the record without content.
    assertThat(record.toString()).doesNotContain(SECRET_KEY).doesNotContain("Slow down");
  }

  // --- Smaller misses --------------------------------------------------------------------------

  @Test
  void anAgentWithoutADescriptionSendsNoEmptyOne() {
    AssistantAgent.builder("quiet").model(ReplayChatModel.ofTexts("Hm.")).build().run("Hi");

    assertThat(only("invoke_agent quiet").getAttributes().get(string("gen_ai.agent.description")))
        .isNull();
  }

  @Test
  void everySignalCarriesCadresVersionAsItsScopeVersion() {
    server.enqueue(json(500, "{\"error\": {\"message\": \"down\"}}"));
    assertThatThrownBy(
            () ->
                Telemetry.observe(openAi())
                    .chat(ChatRequest.builder().message(ChatMessage.user("Hi")).build()))
        .isInstanceOf(ModelException.class);

    // The version the build wrote: the project's version, as Maven has it.
    assertThat(Telemetry.VERSION).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(only("chat gpt-4o-mini").getInstrumentationScopeInfo().getVersion())
        .isEqualTo(Telemetry.VERSION);
    assertThat(metric(Telemetry.OPERATION_DURATION).getInstrumentationScopeInfo().getVersion())
        .isEqualTo(Telemetry.VERSION);
    assertThat(recorded.logs.getFinishedLogRecordItems())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getInstrumentationScopeInfo().getVersion())
                    .isEqualTo(Telemetry.VERSION));
  }

  @Test
  void aToolSpanCarriesTheToolsDescription() {
    AssistantAgent.builder("teller")
        .model(ReplayChatModel.builder().toolCall("now", "{}").text("Noon.").build())
        .tool(Tool.builder("now").description("The time").function((a, c) -> "12:00").build())
        .build()
        .run("Time?");

    assertThat(only("execute_tool now").getAttributes().get(string("gen_ai.tool.description")))
        .isEqualTo("The time");
  }

  @Test
  void aReplyThatCallsToolsFinishesWithTheSchemasToolCall() {
    Telemetry.install(Telemetry.of(recorded.sdk).recordingContent(true));
    AssistantAgent.builder("teller")
        .model(ReplayChatModel.builder().toolCall("now", "{}").text("Noon.").build())
        .tool(Tool.builder("now").description("The time").function((a, c) -> "12:00").build())
        .build()
        .run("Time?");

    SpanData first = recorded.named("chat replay").get(0);
    assertThat(first.getAttributes().get(strings("gen_ai.response.finish_reasons")))
        .containsExactly("tool_call");
    assertThat(first.getAttributes().get(string("gen_ai.output.messages")))
        .contains("\"finish_reason\":\"tool_call\"")
        .doesNotContain("tool_calls");
  }

  @Test
  void shownReasoningIsAReasoningPartOfTheOutputAndItsSignatureIsNot() {
    Telemetry.install(Telemetry.of(recorded.sdk).recordingContent(true));
    ChatResponse reply =
        new ChatResponse(
            "4",
            List.of(),
            FinishReason.STOP,
            new Usage(5, 5),
            "replay",
            null,
            null,
            List.of(Reasoning.thinking("Two and two.", "SIGNATURE-1"), Reasoning.redacted("ENC")));
    AssistantAgent.builder("solver")
        .model(ReplayChatModel.builder().step(new ReplayStep(reply, List.of(), null)).build())
        .build()
        .run("2+2?");

    assertThat(only("chat replay").getAttributes().get(string("gen_ai.output.messages")))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"reasoning\","
                + "\"content\":\"Two and two.\"},{\"type\":\"text\",\"content\":\"4\"}],"
                + "\"finish_reason\":\"stop\"}]");
  }

  @Test
  void aProviderThatTakesTheSystemPromptApartRecordsItAsSystemInstructions() throws Exception {
    Telemetry.install(Telemetry.of(recorded.sdk).recordingContent(true));
    server.enqueue(
        json(
            200,
            """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-test",
             "content":[{"type":"text","text":"Hello."}],
             "stop_reason":"end_turn","usage":{"input_tokens":9,"output_tokens":2}}
            """));
    ChatModel anthropic =
        Telemetry.observe(
            AnthropicChatModel.builder()
                .baseUrl(server.url("/").toString())
                .apiKey(SECRET_KEY)
                .model("claude-test")
                .retry(RetryPolicy.NONE)
                .build());
    ChatRequest request =
        ChatRequest.builder()
            .message(ChatMessage.system("Be brief."))
            .message(ChatMessage.user("Hi"))
            .build();

    anthropic.chat(request);

    assertThat(server.takeRequest().getBody().utf8()).contains("\"system\"");
    Attributes chat = only("chat claude-test").getAttributes();
    assertThat(chat.get(string("gen_ai.system_instructions")))
        .isEqualTo("[{\"type\":\"text\",\"content\":\"Be brief.\"}]");
    assertThat(chat.get(string("gen_ai.input.messages")))
        .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi\"}]}]");

    // OpenAI takes the system prompt as a message: it stays one, with no separate instructions.
    recorded.spans.reset();
    server.enqueue(json(200, OPENAI_HELLO));
    Telemetry.observe(openAi()).chat(request);
    Attributes openAiChat = only("chat gpt-4o-mini").getAttributes();
    assertThat(openAiChat.get(string("gen_ai.system_instructions"))).isNull();
    assertThat(openAiChat.get(string("gen_ai.input.messages"))).contains("\"role\":\"system\"");
  }

  /** The structured answer of {@link #aStructuredOutputCallSaysItsOutputIsJson}. */
  record Forecast(String city, int degrees) {}

  @Test
  void aStructuredOutputCallSaysItsOutputIsJson() {
    AssistantAgent.builder("forecaster")
        .model(ReplayChatModel.ofTexts("{\"city\":\"Oslo\",\"degrees\":4}"))
        .outputType(Forecast.class)
        .build()
        .run("Weather?");
    AssistantAgent.builder("chatter").model(ReplayChatModel.ofTexts("Sunny.")).build().run("Hi");

    List<SpanData> chats = recorded.named("chat replay");
    assertThat(chats).hasSize(2);
    assertThat(chats)
        .extracting(s -> s.getAttributes().get(string("gen_ai.output.type")))
        .containsExactly("json", null);
  }

  @Test
  void withContentOffNoSignalCarriesTheKeyOrThePrompt() {
    server.enqueue(json(400, "{\"error\": {\"message\": \"Bad 'my secret prompt' " + SECRET_KEY
        + "\"}}"));
    ChatModel observed = Telemetry.observe(openAi());

    assertThatThrownBy(
            () ->
                observed.chat(
                    ChatRequest.builder()
                        .message(ChatMessage.system("Be brief."))
                        .message(ChatMessage.user("my secret prompt"))
                        .build()))
        .isInstanceOf(ModelException.class);

    Collection<HistogramPointData> durations =
        metric(Telemetry.OPERATION_DURATION).getHistogramData().getPoints();
    String everything =
        recorded.spans.getFinishedSpanItems().toString() + recorded.logs.getFinishedLogRecordItems() + durations;
    assertThat(everything)
        .contains("error.type")
        .doesNotContain(SECRET_KEY)
        .doesNotContain("my secret prompt")
        .doesNotContain("Be brief.");
  }
}
