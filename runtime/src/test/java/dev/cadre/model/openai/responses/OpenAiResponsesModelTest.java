package dev.cadre.model.openai.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelException;
import dev.cadre.model.Reasoning;
import dev.cadre.model.ReasoningEffort;
import dev.cadre.model.ResponseFormat;
import dev.cadre.model.ToolChoice;
import dev.cadre.model.Usage;
import dev.cadre.model.Verbosity;
import dev.cadre.model.http.RetryPolicy;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Responses API client over MockWebServer, with replies shaped as OpenAI's API reference shows
 * them: a plain reply, a tool loop that carries an encrypted reasoning item back, structured
 * output, failed and incomplete responses.
 */
@Timeout(30)
class OpenAiResponsesModelTest {

  static final String KEY = "sk-test-resp-7c1e9a";

  static final RetryPolicy FAST_RETRY =
      new RetryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5));

  @StartStop final MockWebServer server = new MockWebServer();

  static final ObjectNode CITY =
      (ObjectNode)
          json(
              """
              {"type": "object", "properties": {"city": {"type": "string"}},
               "required": ["city"], "additionalProperties": false}
              """);

  static final ToolSpec WEATHER = new ToolSpec("get_weather", "Current weather for a city", CITY);

  /** A reply as the reference shows one, with the fields Cadre does not read left in. */
  static final String PLAIN =
      """
      {"id": "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
       "object": "response", "created_at": 1741476542, "status": "completed",
       "error": null, "incomplete_details": null, "instructions": null,
       "max_output_tokens": null, "model": "o4-mini-2025-04-16",
       "output": [
         {"type": "reasoning", "id": "rs_67ccd2bf17f0819081ff3bb2cf6508e6",
          "summary": [], "encrypted_content": "gAAAAABoISQ24OyVRYbkYfukD"},
         {"type": "message", "id": "msg_67ccd2bf17f0819081ff3bb2cf6508e6",
          "status": "completed", "role": "assistant",
          "content": [{"type": "output_text", "text": "In a peaceful grove beneath a silver moon,",
                       "annotations": []},
                      {"type": "output_text", "text": " a unicorn slept.", "annotations": []}]}],
       "parallel_tool_calls": true, "previous_response_id": null,
       "reasoning": {"effort": "medium", "summary": null}, "store": false,
       "temperature": 1.0, "text": {"format": {"type": "text"}}, "tool_choice": "auto",
       "tools": [], "top_p": 1.0, "truncation": "disabled",
       "usage": {"input_tokens": 36, "input_tokens_details": {"cached_tokens": 12},
                 "output_tokens": 87, "output_tokens_details": {"reasoning_tokens": 64},
                 "total_tokens": 123},
       "user": null, "metadata": {}}
      """;

  /** The first turn of a tool loop: reasoning, then a function call. */
  static final String CALLS_WEATHER =
      """
      {"id": "resp_1", "object": "response", "status": "completed", "model": "o4-mini",
       "error": null, "incomplete_details": null,
       "output": [
         {"type": "reasoning", "id": "rs_1",
          "summary": [{"type": "summary_text", "text": "**Checking the weather**"}],
          "encrypted_content": "gAAAAABenc1"},
         {"type": "function_call", "id": "fc_1", "call_id": "call_a1",
          "name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}", "status": "completed"}],
       "usage": {"input_tokens": 60, "input_tokens_details": {"cached_tokens": 0},
                 "output_tokens": 40, "output_tokens_details": {"reasoning_tokens": 24},
                 "total_tokens": 100}}
      """;

  static final String SUNNY =
      """
      {"id": "resp_2", "object": "response", "status": "completed", "model": "o4-mini",
       "output": [
         {"type": "reasoning", "id": "rs_2", "summary": [], "encrypted_content": "gAAAAABenc2"},
         {"type": "message", "id": "msg_2", "role": "assistant", "status": "completed",
          "content": [{"type": "output_text", "text": "Sunny in Paris.", "annotations": []}]}],
       "usage": {"input_tokens": 90, "output_tokens": 10, "total_tokens": 100}}
      """;

  static JsonNode json(String text) {
    try {
      return Json.parse(text);
    } catch (Exception e) {
      throw new AssertionError("bad JSON in test: " + text, e);
    }
  }

  static JsonNode body(RecordedRequest request) {
    return json(request.getBody().utf8());
  }

  static MockResponse jsonReply(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .setHeader("x-request-id", "req_abc123")
        .body(body)
        .build();
  }

  private OpenAiResponsesModel.Builder builder() {
    return OpenAiResponsesModel.builder()
        .baseUrl(server.url("/v1").toString())
        .apiKey(KEY)
        .model("o4-mini")
        .retry(FAST_RETRY);
  }

  @Test
  void plainReplyOnTheWire() throws Exception {
    server.enqueue(jsonReply(200, PLAIN));
    OpenAiResponsesModel model = builder().build();

    ChatResponse reply =
        model.chat(
            ChatRequest.builder()
                .message(ChatMessage.system("Tell short stories."))
                .message(new ChatMessage.User("A unicorn story, one sentence.", "Ada Lovelace"))
                .maxTokens(500)
                .temperature(1.0)
                .reasoningEffort(ReasoningEffort.MEDIUM)
                .build());

    RecordedRequest sent = server.takeRequest();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getUrl().encodedPath()).isEqualTo("/v1/responses");
    assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(body(sent))
        .isEqualTo(
            json(
                """
                {"model": "o4-mini",
                 "input": [{"role": "system", "content": "Tell short stories."},
                           {"role": "user", "content": "A unicorn story, one sentence."}],
                 "temperature": 1.0, "max_output_tokens": 500,
                 "reasoning": {"effort": "medium"},
                 "store": false, "include": ["reasoning.encrypted_content"]}
                """));
    assertThat(reply.text())
        .isEqualTo("In a peaceful grove beneath a silver moon, a unicorn slept.");
    assertThat(reply.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(reply.usage()).isEqualTo(new Usage(36, 87, 64, 12, 0));
    assertThat(reply.id()).isEqualTo("resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b");
    assertThat(reply.model()).isEqualTo("o4-mini-2025-04-16");
    assertThat(reply.requestId()).isEqualTo("req_abc123");
    assertThat(reply.reasoning())
        .containsExactly(
            new Reasoning(
                null, null, "gAAAAABoISQ24OyVRYbkYfukD", "rs_67ccd2bf17f0819081ff3bb2cf6508e6"));
  }

  @Test
  void anAgentsToolLoopSendsTheReasoningItemBackBeforeItsCall() throws Exception {
    server.enqueue(jsonReply(200, CALLS_WEATHER));
    server.enqueue(jsonReply(200, SUNNY));
    Tool weather = Tool.of(WEATHER, (args, ctx) -> "Sunny, 21C in " + args.get("city").asText());
    AssistantAgent agent =
        AssistantAgent.builder("forecaster")
            .systemMessage("Answer briefly.")
            .model(builder().build())
            .tool(weather)
            .build();

    AgentResponse response = agent.run("Weather in Paris?");

    assertThat(response.text()).isEqualTo("Sunny in Paris.");
    JsonNode first = body(server.takeRequest());
    assertThat(first.path("tools"))
        .isEqualTo(
            json(
                """
                [{"type": "function", "name": "get_weather",
                  "description": "Current weather for a city",
                  "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                                 "required": ["city"], "additionalProperties": false},
                  "strict": false}]
                """));
    JsonNode second = body(server.takeRequest());
    assertThat(second.path("input"))
        .isEqualTo(
            json(
                """
                [{"role": "system", "content": "Answer briefly."},
                 {"role": "user", "content": "Weather in Paris?"},
                 {"type": "reasoning", "id": "rs_1",
                  "summary": [{"type": "summary_text", "text": "**Checking the weather**"}],
                  "encrypted_content": "gAAAAABenc1"},
                 {"type": "function_call", "call_id": "call_a1", "name": "get_weather",
                  "arguments": "{\\"city\\":\\"Paris\\"}"},
                 {"type": "function_call_output", "call_id": "call_a1",
                  "output": "Sunny, 21C in Paris"}]
                """));
    assertThat(second.path("include")).isEqualTo(json("[\"reasoning.encrypted_content\"]"));
  }

  @Test
  void theAssistantMessageKeepsItsReasoningThroughJson() throws Exception {
    server.enqueue(jsonReply(200, CALLS_WEATHER));
    ChatResponse reply =
        builder()
            .build()
            .chat(ChatRequest.builder().message(ChatMessage.user("Hi")).tool(WEATHER).build());

    ChatMessage.Assistant message = reply.toMessage("forecaster");
    ChatMessage restored = Json.read(Json.write(message), ChatMessage.class);

    assertThat(reply.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(reply.toolCalls())
        .containsExactly(new ToolCall("call_a1", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(message.reasoning())
        .containsExactly(new Reasoning("**Checking the weather**", null, "gAAAAABenc1", "rs_1"));
    assertThat(restored).isEqualTo(message);
    assertThat(Json.write(new ChatMessage.Assistant("plain", List.of(), null)))
        .doesNotContain("reasoning");
  }

  @Test
  void structuredOutputGoesOutAsTextFormat() throws Exception {
    server.enqueue(
        jsonReply(
            200,
            """
            {"id": "resp_3", "object": "response", "status": "completed", "model": "gpt-5-mini",
             "output": [{"type": "message", "id": "msg_3", "role": "assistant",
                         "content": [{"type": "output_text",
                                      "text": "{\\"city\\":\\"Paris\\",\\"celsius\\":21}"}]}]}
            """));
    ObjectNode schema =
        (ObjectNode)
            json(
                """
                {"type": "object",
                 "properties": {"city": {"type": "string"}, "celsius": {"type": "integer"}},
                 "required": ["city", "celsius"], "additionalProperties": false}
                """);

    ChatResponse reply =
        builder()
            .build()
            .chat(
                ChatRequest.builder()
                    .message(ChatMessage.user("Paris weather as JSON"))
                    .responseFormat(ResponseFormat.jsonSchema("weather", schema))
                    .tool(WEATHER)
                    .toolChoice(ToolChoice.NONE)
                    .parallelToolCalls(false)
                    .verbosity(Verbosity.LOW)
                    .build());

    JsonNode sent = body(server.takeRequest());
    assertThat(sent.path("text"))
        .isEqualTo(
            json(
                "{\"format\": {\"type\": \"json_schema\", \"name\": \"weather\", \"schema\": "
                    + Json.write(schema)
                    + ", \"strict\": true}, \"verbosity\": \"low\"}"));
    assertThat(sent.path("tool_choice").asText()).isEqualTo("none");
    assertThat(sent.path("parallel_tool_calls").asBoolean(true)).isFalse();
    assertThat(json(reply.text())).isEqualTo(json("{\"city\":\"Paris\",\"celsius\":21}"));
    assertThat(reply.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void aNamedToolChoiceAndImagesUseTheResponsesShapes() throws Exception {
    server.enqueue(jsonReply(200, SUNNY));

    builder()
        .build()
        .chat(
            ChatRequest.builder()
                .message(
                    new ChatMessage.User(
                        "What is this? [image]",
                        null,
                        List.of(
                            dev.cadre.model.ContentPart.text("What is this?"),
                            dev.cadre.model.ContentPart.imageUrl("https://example.com/cat.png"),
                            dev.cadre.model.ContentPart.image(new byte[] {1, 2}, "image/png"))))
                .tool(WEATHER)
                .toolChoice(ToolChoice.tool("get_weather"))
                .build());

    JsonNode sent = body(server.takeRequest());
    assertThat(sent.path("tool_choice"))
        .isEqualTo(json("{\"type\": \"function\", \"name\": \"get_weather\"}"));
    assertThat(sent.path("input"))
        .isEqualTo(
            json(
                """
                [{"role": "user", "content": [
                  {"type": "input_text", "text": "What is this?"},
                  {"type": "input_image", "image_url": "https://example.com/cat.png",
                   "detail": "auto"},
                  {"type": "input_image", "image_url": "data:image/png;base64,AQI=",
                   "detail": "auto"}]}]
                """));
  }

  @Test
  void anHttpErrorQuotesTheErrorObjectWithoutTheKey() {
    server.enqueue(
        jsonReply(
            400,
            """
            {"error": {"message": "Unsupported parameter: 'temperature' is not supported with
             this model.", "type": "invalid_request_error", "param": "temperature",
             "code": "unsupported_parameter"}}
            """));

    assertThatThrownBy(
            () ->
                builder()
                    .build()
                    .chat(
                        ChatRequest.builder()
                            .message(ChatMessage.user("Hi"))
                            .temperature(0.2)
                            .build(),
                        CancellationToken.none()))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.retryable()).isFalse();
              assertThat(e.requestId()).isEqualTo("req_abc123");
              assertThat(e.getMessage())
                  .contains("openai-responses", "Unsupported parameter: 'temperature'")
                  .doesNotContain(KEY);
            });
  }

  @Test
  void aFailedResponseNamesItsErrorCode() {
    server.enqueue(
        jsonReply(
            200,
            """
            {"id": "resp_f", "object": "response", "status": "failed", "model": "o4-mini",
             "error": {"code": "server_error", "message": "The model failed to generate."},
             "incomplete_details": null, "output": []}
            """));

    assertThatThrownBy(
            () ->
                builder()
                    .build()
                    .chat(ChatRequest.builder().message(ChatMessage.user("Hi")).build()))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.getMessage())
                  .contains("the response failed (server_error): The model failed to generate.");
              assertThat(e.requestId()).isEqualTo("req_abc123");
            });
  }

  @Test
  void anIncompleteResponseMapsItsReasonToTheFinishReason() {
    server.enqueue(
        jsonReply(
            200,
            """
            {"id": "resp_i", "object": "response", "status": "incomplete", "model": "o4-mini",
             "error": null, "incomplete_details": {"reason": "max_output_tokens"},
             "output": [{"type": "reasoning", "id": "rs_i", "summary": [],
                         "encrypted_content": "gAAAAABinc"}],
             "usage": {"input_tokens": 20, "output_tokens": 16,
                       "output_tokens_details": {"reasoning_tokens": 16}, "total_tokens": 36}}
            """));
    server.enqueue(
        jsonReply(
            200,
            """
            {"id": "resp_c", "object": "response", "status": "incomplete", "model": "o4-mini",
             "incomplete_details": {"reason": "content_filter"},
             "output": [{"type": "message", "id": "msg_c", "role": "assistant",
                         "content": [{"type": "output_text", "text": "Here is how"}]}]}
            """));
    OpenAiResponsesModel model = builder().build();
    ChatRequest hi = ChatRequest.builder().message(ChatMessage.user("Hi")).maxTokens(16).build();

    ChatResponse cut = model.chat(hi);
    ChatResponse filtered = model.chat(hi);

    assertThat(cut.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(cut.text()).isNull();
    assertThat(cut.usage().reasoningTokens()).isEqualTo(16);
    assertThat(filtered.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(filtered.text()).isEqualTo("Here is how");
  }

  @Test
  void aRefusalIsTheTextWithContentFilter() {
    server.enqueue(
        jsonReply(
            200,
            """
            {"id": "resp_r", "object": "response", "status": "completed", "model": "gpt-5",
             "output": [{"type": "message", "id": "msg_r", "role": "assistant",
                         "content": [{"type": "refusal", "refusal": "I can't help with that."}]}]}
            """));

    ChatResponse reply =
        builder().build().chat(ChatRequest.builder().message(ChatMessage.user("Hi")).build());

    assertThat(reply.text()).isEqualTo("I can't help with that.");
    assertThat(reply.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @Test
  void aFunctionCallWithoutANameIsAnErrorTheCallerSees() {
    server.enqueue(
        jsonReply(
            200,
            """
            {"id": "resp_b", "object": "response", "status": "completed",
             "output": [{"type": "function_call", "call_id": "call_1", "arguments": "{}"}]}
            """));

    assertThatThrownBy(
            () ->
                builder()
                    .build()
                    .chat(ChatRequest.builder().message(ChatMessage.user("Hi")).build()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("function call (number 1) without a name");
  }

  @Test
  void requestsTheApiCannotExpressAreRefusedNamingTheField() {
    OpenAiResponsesModel model = builder().build();

    assertThatThrownBy(
            () ->
                model.chat(
                    ChatRequest.builder().message(ChatMessage.user("Hi")).stop("END").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no stop sequences");
    assertThatThrownBy(
            () ->
                model.chat(ChatRequest.builder().message(ChatMessage.user("Hi")).seed(7L).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no seed");
    assertThatThrownBy(
            () ->
                model.chat(
                    ChatRequest.builder()
                        .message(ChatMessage.user("Hi"))
                        .tool(WEATHER)
                        .toolChoice(ToolChoice.tool("get_time"))
                        .build()))
        .hasMessageContaining("'get_time', which is not among the request's tools [get_weather]");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void storeTrueAsksForNoEncryptedReasoningAndExtraCannotMakeChatStream() throws Exception {
    server.enqueue(jsonReply(200, SUNNY));

    builder()
        .store(true)
        .reasoningSummary("auto")
        .build()
        .chat(
            ChatRequest.builder()
                .message(ChatMessage.user("Hi"))
                .extra("stream", Json.mapper().getNodeFactory().booleanNode(true))
                .extra("service_tier", Json.mapper().getNodeFactory().textNode("flex"))
                .build());

    JsonNode sent = body(server.takeRequest());
    assertThat(sent.path("store").asBoolean()).isTrue();
    assertThat(sent.has("include")).isFalse();
    assertThat(sent.has("stream")).isFalse();
    assertThat(sent.path("service_tier").asText()).isEqualTo("flex");
    assertThat(sent.path("reasoning")).isEqualTo(json("{\"summary\": \"auto\"}"));
  }

  @Test
  void theBuilderNamesWhatIsMissing() {
    assertThatThrownBy(() -> OpenAiResponsesModel.builder().apiKey(KEY).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(".model(");
    assertThatThrownBy(() -> OpenAiResponsesModel.builder().model("o4-mini").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs an apiKey for api.openai.com");
    assertThatThrownBy(() -> OpenAiResponsesModel.builder().apiKey("sk-bad\nkey"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-bad"));
    assertThat(builder().build().toString()).contains("apiKey=***").doesNotContain(KEY);
  }

  @Test
  void onlyThisApisReasoningGoesBack() throws Exception {
    server.enqueue(jsonReply(200, SUNNY));
    ChatMessage.Assistant fromElsewhere =
        new ChatMessage.Assistant(
            "Earlier answer",
            List.of(),
            null,
            List.of(Reasoning.thinking("Anthropic thinking", "sig"), Reasoning.text("DeepSeek")));

    builder()
        .build()
        .chat(
            ChatRequest.builder()
                .message(ChatMessage.user("Hi"))
                .message(fromElsewhere)
                .message(
                    new ChatMessage.ToolResults(
                        List.of(new ToolResult("c1", "get_weather", "x", false))))
                .build());

    assertThat(body(server.takeRequest()).path("input"))
        .isEqualTo(
            json(
                """
                [{"role": "user", "content": "Hi"},
                 {"role": "assistant", "content": "Earlier answer"},
                 {"type": "function_call_output", "call_id": "c1", "output": "x"}]
                """));
  }
}
