package dev.cadre.model.anthropic;

import static dev.cadre.model.anthropic.AnthropicFixtures.KEY;
import static dev.cadre.model.anthropic.AnthropicFixtures.body;
import static dev.cadre.model.anthropic.AnthropicFixtures.builder;
import static dev.cadre.model.anthropic.AnthropicFixtures.json;
import static dev.cadre.model.anthropic.AnthropicFixtures.model;
import static dev.cadre.model.anthropic.AnthropicFixtures.object;
import static dev.cadre.model.anthropic.AnthropicFixtures.parse;
import static dev.cadre.model.anthropic.AnthropicFixtures.textReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelInfo;
import dev.cadre.model.ResponseFormat;
import dev.cadre.model.ToolChoice;
import dev.cadre.model.Usage;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class AnthropicChatModelTest {

  @StartStop MockWebServer server = new MockWebServer();

  private static final ToolSpec WEATHER =
      new ToolSpec(
          "get_weather",
          "Current weather for a city",
          object(
              """
              {"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}
              """));

  private static final ToolSpec TIME =
      new ToolSpec("get_time", "", object("{\"type\":\"object\",\"properties\":{}}"));

  private static final ResponseFormat PERSON =
      ResponseFormat.jsonSchema(
          "person",
          object(
              """
              {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},
               "required":["name","age"]}
              """));

  @Test
  void plainRequestGoesToMessagesWithHeadersSystemAndDefaultMaxTokens() throws Exception {
    server.enqueue(json(textReply("Hello there")));

    ChatResponse response =
        model(server)
            .chat(
                ChatRequest.builder()
                    .message(ChatMessage.system("Be brief."))
                    .message(ChatMessage.user("Hi"))
                    .message(ChatMessage.system("Answer in English."))
                    .build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/messages");
    assertThat(recorded.getHeaders().get("x-api-key")).isEqualTo(KEY);
    assertThat(recorded.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(recorded.getHeaders().get("content-type")).startsWith("application/json");

    JsonNode body = body(recorded);
    assertThat(body.get("model").asText()).isEqualTo("claude-test");
    assertThat(body.get("max_tokens")).isEqualTo(IntNode.valueOf(4096));
    assertThat(body.get("system").asText()).isEqualTo("Be brief.\n\nAnswer in English.");
    assertThat(body.get("messages"))
        .isEqualTo(
            parse("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]"));
    assertThat(body.has("temperature")).isFalse();
    assertThat(body.has("stop_sequences")).isFalse();
    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("tool_choice")).isFalse();
    assertThat(body.has("stream")).isFalse();

    assertThat(response.text()).isEqualTo("Hello there");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage()).isEqualTo(new Usage(12, 3));
    assertThat(response.model()).isEqualTo("claude-test-20250101");
  }

  @Test
  void explicitOptionsAndExtraAreSent() throws Exception {
    server.enqueue(json(textReply("ok")));

    builder(server)
        .baseUrl(server.url("/proxy/").toString())
        .version("2099-01-01")
        .defaultMaxTokens(100)
        .build()
        .chat(
            ChatRequest.builder()
                .message(ChatMessage.user("Hi"))
                .maxTokens(256)
                .temperature(0.25)
                .stop("END", "STOP")
                .seed(42L)
                .extra("top_k", IntNode.valueOf(5))
                .extra("metadata", object("{\"user_id\":\"u-1\"}"))
                .extra("temperature", parse("0.5"))
                .build());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/proxy/v1/messages");
    assertThat(recorded.getHeaders().get("anthropic-version")).isEqualTo("2099-01-01");
    JsonNode body = body(recorded);
    assertThat(body.get("max_tokens")).isEqualTo(IntNode.valueOf(256));
    assertThat(body.get("stop_sequences")).isEqualTo(parse("[\"END\",\"STOP\"]"));
    assertThat(body.get("top_k")).isEqualTo(IntNode.valueOf(5));
    assertThat(body.get("metadata")).isEqualTo(parse("{\"user_id\":\"u-1\"}"));
    // extra is merged last, so it overrides the mapped temperature of 0.25
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.5);
    assertThat(body.has("seed")).isFalse();
  }

  @Test
  void temperatureIsSentWhenSet() throws Exception {
    server.enqueue(json(textReply("ok")));

    model(server)
        .chat(ChatRequest.builder().message(ChatMessage.user("Hi")).temperature(0.25).build());

    assertThat(body(server.takeRequest()).get("temperature").asDouble()).isEqualTo(0.25);
  }

  @Test
  void baseUrlEndingInV1IsTolerated() throws Exception {
    server.enqueue(json(textReply("ok")));

    builder(server)
        .baseUrl(server.url("/v1").toString())
        .build()
        .chat(ChatRequest.builder().message(ChatMessage.user("Hi")).build());

    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/messages");
  }

  @Test
  void conversationWithToolUseAndToolResultsIsSerialisedExactly() throws Exception {
    server.enqueue(json(textReply("It is sunny in Paris, raining in Oslo.")));
    ChatRequest request =
        ChatRequest.builder()
            .message(ChatMessage.user("Weather in Paris and Oslo?"))
            .message(
                new ChatMessage.Assistant(
                    "Let me check.",
                    List.of(
                        new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("toolu_2", "get_weather", "{\"city\": \"Oslo\"")),
                    "assistant"))
            .message(
                new ChatMessage.ToolResults(
                    List.of(
                        new ToolResult("toolu_1", "get_weather", "sunny, 21 C", false),
                        new ToolResult("toolu_2", "get_weather", "bad arguments", true))))
            .message(ChatMessage.user("Also, be short."))
            .message(
                new ChatMessage.Assistant(
                    null, List.of(new ToolCall("toolu_3", "get_time", "")), null))
            .message(
                new ChatMessage.ToolResults(
                    List.of(new ToolResult("toolu_3", "get_time", "12:00", false))))
            .tool(WEATHER)
            .tool(TIME)
            .build();

    model(server).chat(request);

    JsonNode expected =
        parse(
            """
            [
              {"role":"user","content":[{"type":"text","text":"Weather in Paris and Oslo?"}]},
              {"role":"assistant","content":[
                {"type":"text","text":"Let me check."},
                {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}},
                {"type":"tool_use","id":"toolu_2","name":"get_weather",
                 "input":{"_raw":"{\\"city\\": \\"Oslo\\""}}
              ]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"toolu_1","content":"sunny, 21 C"},
                {"type":"tool_result","tool_use_id":"toolu_2","content":"bad arguments",
                 "is_error":true},
                {"type":"text","text":"Also, be short."}
              ]},
              {"role":"assistant","content":[
                {"type":"tool_use","id":"toolu_3","name":"get_time","input":{}}
              ]},
              {"role":"user","content":[
                {"type":"tool_result","tool_use_id":"toolu_3","content":"12:00"}
              ]}
            ]
            """);
    assertThat(body(server.takeRequest()).get("messages")).isEqualTo(expected);
  }

  @Test
  void consecutiveUserMessagesAreMergedAndToolResultsComeFirst() throws Exception {
    server.enqueue(json(textReply("ok")));

    model(server)
        .chat(
            ChatRequest.builder()
                .message(ChatMessage.user("one"))
                .message(ChatMessage.user("two"))
                .message(
                    new ChatMessage.Assistant(
                        null, List.of(new ToolCall("t1", "get_time", "{}")), null))
                .message(ChatMessage.user("a note before the result"))
                .message(
                    new ChatMessage.ToolResults(
                        List.of(new ToolResult("t1", "get_time", "noon", false))))
                .tool(TIME)
                .build());

    JsonNode messages = body(server.takeRequest()).get("messages");
    assertThat(messages).hasSize(3);
    assertThat(messages.get(0))
        .isEqualTo(
            parse(
                """
                {"role":"user","content":[{"type":"text","text":"one"},
                                          {"type":"text","text":"two"}]}
                """));
    assertThat(messages.get(2))
        .isEqualTo(
            parse(
                """
                {"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"t1","content":"noon"},
                  {"type":"text","text":"a note before the result"}]}
                """));
  }

  @Test
  void toolDefinitionsAreSentWithoutToolChoiceByDefault() throws Exception {
    server.enqueue(json(textReply("ok")));

    model(server)
        .chat(
            ChatRequest.builder().message(ChatMessage.user("Hi")).tool(WEATHER).tool(TIME).build());

    JsonNode body = body(server.takeRequest());
    assertThat(body.get("tools"))
        .isEqualTo(
            parse(
                """
                [{"name":"get_weather","description":"Current weather for a city",
                  "input_schema":{"type":"object","properties":{"city":{"type":"string"}},
                                  "required":["city"]}},
                 {"name":"get_time","input_schema":{"type":"object","properties":{}}}]
                """));
    assertThat(body.has("tool_choice")).isFalse();
  }

  @Test
  void everyToolChoiceMapsToAnthropicsShape() throws Exception {
    assertThat(toolChoiceSent(ToolChoice.AUTO, null)).isEqualTo(parse("{\"type\":\"auto\"}"));
    assertThat(toolChoiceSent(ToolChoice.NONE, null)).isEqualTo(parse("{\"type\":\"none\"}"));
    assertThat(toolChoiceSent(ToolChoice.REQUIRED, null)).isEqualTo(parse("{\"type\":\"any\"}"));
    assertThat(toolChoiceSent(ToolChoice.tool("get_time"), null))
        .isEqualTo(parse("{\"type\":\"tool\",\"name\":\"get_time\"}"));
  }

  @Test
  void parallelToolCallsFalseDisablesParallelToolUse() throws Exception {
    assertThat(toolChoiceSent(null, false))
        .isEqualTo(parse("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
    assertThat(toolChoiceSent(ToolChoice.REQUIRED, false))
        .isEqualTo(parse("{\"type\":\"any\",\"disable_parallel_tool_use\":true}"));
    assertThat(toolChoiceSent(ToolChoice.tool("get_weather"), false))
        .isEqualTo(
            parse(
                "{\"type\":\"tool\",\"name\":\"get_weather\",\"disable_parallel_tool_use\":true}"));
    assertThat(toolChoiceSent(ToolChoice.NONE, false)).isEqualTo(parse("{\"type\":\"none\"}"));
    assertThat(toolChoiceSent(null, true)).isNull();
  }

  private JsonNode toolChoiceSent(ToolChoice choice, Boolean parallel) throws Exception {
    server.enqueue(json(textReply("ok")));
    model(server)
        .chat(
            ChatRequest.builder()
                .message(ChatMessage.user("Hi"))
                .tool(WEATHER)
                .tool(TIME)
                .toolChoice(choice)
                .parallelToolCalls(parallel)
                .build());
    return body(server.takeRequest()).get("tool_choice");
  }

  @Test
  void toolChoiceWithoutToolsIsNotSent() throws Exception {
    server.enqueue(json(textReply("ok")));

    model(server)
        .chat(
            ChatRequest.builder()
                .message(ChatMessage.user("Hi"))
                .toolChoice(ToolChoice.AUTO)
                .parallelToolCalls(false)
                .build());

    JsonNode body = body(server.takeRequest());
    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("tool_choice")).isFalse();
  }

  @Test
  void toolChoiceNamingAnUnofferedToolFailsBeforeSending() {
    ChatRequest request =
        ChatRequest.builder()
            .message(ChatMessage.user("Hi"))
            .tool(WEATHER)
            .toolChoice(ToolChoice.tool("get_stock"))
            .build();

    assertThatThrownBy(() -> model(server).chat(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("get_stock");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void parallelToolUseBlocksBecomeToolCallsInOrder() {
    server.enqueue(
        json(
            """
            {"id":"msg_2","type":"message","role":"assistant","model":"claude-test",
             "content":[
               {"type":"text","text":"Checking both."},
               {"type":"tool_use","id":"toolu_a","name":"get_weather","input":{"city":"Paris"}},
               {"type":"tool_use","id":"toolu_b","name":"get_weather","input":{"city":"Oslo"}},
               {"type":"tool_use","id":"toolu_c","name":"get_time","input":{}}
             ],
             "stop_reason":"tool_use","usage":{"input_tokens":50,"output_tokens":40}}
            """));

    ChatResponse response =
        model(server)
            .chat(
                ChatRequest.builder()
                    .message(ChatMessage.user("Weather?"))
                    .tool(WEATHER)
                    .tool(TIME)
                    .build());

    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.text()).isEqualTo("Checking both.");
    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall("toolu_a", "get_weather", "{\"city\":\"Paris\"}"),
            new ToolCall("toolu_b", "get_weather", "{\"city\":\"Oslo\"}"),
            new ToolCall("toolu_c", "get_time", "{}"));
  }

  @Test
  void unknownFieldsAndBlockTypesAreIgnored() {
    server.enqueue(
        json(
            """
            {"id":"msg_3","type":"message","role":"assistant","model":"claude-test",
             "container":{"id":"c1"},"brand_new_field":[1,2,3],
             "content":[
               {"type":"thinking","thinking":"Let me think...","signature":"abc"},
               {"type":"text","text":"Hello, ","citations":null,"sparkle":true},
               {"type":"redacted_thinking","data":"xyz"},
               {"type":"future_block","payload":{"x":1}},
               {"type":"text","text":"world."}
             ],
             "stop_reason":"end_turn",
             "usage":{"input_tokens":10,"output_tokens":5,"service_tier":"standard",
                      "server_tool_use":{"web_search_requests":0}}}
            """));

    ChatResponse response =
        model(server).chat(ChatRequest.builder().message(ChatMessage.user("Hi")).build());

    assertThat(response.text()).isEqualTo("Hello, world.");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage()).isEqualTo(new Usage(10, 5));
  }

  @Test
  void stopReasonsMapToFinishReasons() {
    assertThat(finishFor("end_turn")).isEqualTo(FinishReason.STOP);
    assertThat(finishFor("stop_sequence")).isEqualTo(FinishReason.STOP);
    assertThat(finishFor("max_tokens")).isEqualTo(FinishReason.LENGTH);
    assertThat(finishFor("tool_use")).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(finishFor("refusal")).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(finishFor("pause_turn")).isEqualTo(FinishReason.PAUSE_TURN);
  }

  private FinishReason finishFor(String stopReason) {
    server.enqueue(
        json(
            """
            {"type":"message","model":"m","content":[{"type":"text","text":"x"}],
             "stop_reason":"%s","usage":{"input_tokens":1,"output_tokens":1}}
            """
                .formatted(stopReason)));
    return model(server)
        .chat(ChatRequest.builder().message(ChatMessage.user("Hi")).build())
        .finishReason();
  }

  @Test
  void cachedPromptTokensCountAsInput() {
    server.enqueue(
        json(
            """
            {"type":"message","model":"m","content":[{"type":"text","text":"x"}],
             "stop_reason":"end_turn",
             "usage":{"input_tokens":5,"cache_creation_input_tokens":100,
                      "cache_read_input_tokens":1000,"output_tokens":7}}
            """));

    ChatResponse response =
        model(server).chat(ChatRequest.builder().message(ChatMessage.user("Hi")).build());

    assertThat(response.usage()).isEqualTo(new Usage(1105, 7, 0, 1000, 100));
  }

  @Test
  void structuredOutputWithoutToolsForcesTheSyntheticTool() throws Exception {
    server.enqueue(
        json(
            """
            {"type":"message","model":"claude-test",
             "content":[{"type":"tool_use","id":"toolu_s","name":"person",
                         "input":{"name":"Ada","age":36}}],
             "stop_reason":"tool_use","usage":{"input_tokens":20,"output_tokens":10}}
            """));

    ChatResponse response =
        model(server)
            .chat(
                ChatRequest.builder()
                    .message(ChatMessage.user("Who wrote the first program?"))
                    .responseFormat(PERSON)
                    .build());

    JsonNode body = body(server.takeRequest());
    JsonNode tools = body.get("tools");
    assertThat(tools).hasSize(1);
    assertThat(tools.get(0).get("name").asText()).isEqualTo("person");
    assertThat(tools.get(0).get("description").asText()).isNotBlank();
    assertThat(tools.get(0).get("input_schema")).isEqualTo(PERSON.schema());
    assertThat(body.get("tool_choice")).isEqualTo(parse("{\"type\":\"tool\",\"name\":\"person\"}"));
    assertThat(body.has("output_config")).isFalse();

    assertThat(response.text()).isEqualTo("{\"name\":\"Ada\",\"age\":36}");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void structuredOutputWithOtherToolsUsesAnyAndRealCallsStayToolCalls() throws Exception {
    server.enqueue(
        json(
            """
            {"type":"message","model":"claude-test",
             "content":[{"type":"tool_use","id":"toolu_w","name":"get_weather",
                         "input":{"city":"Paris"}}],
             "stop_reason":"tool_use","usage":{"input_tokens":20,"output_tokens":10}}
            """));

    ChatResponse response =
        model(server)
            .chat(
                ChatRequest.builder()
                    .message(ChatMessage.user("Weather as JSON"))
                    .tool(WEATHER)
                    .responseFormat(PERSON)
                    .build());

    JsonNode body = body(server.takeRequest());
    assertThat(body.get("tools"))
        .extracting(tool -> tool.get("name").asText())
        .containsExactly("get_weather", "person");
    assertThat(body.get("tool_choice")).isEqualTo(parse("{\"type\":\"any\"}"));
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.toolCalls())
        .containsExactly(new ToolCall("toolu_w", "get_weather", "{\"city\":\"Paris\"}"));
  }

  @Test
  void structuredOutputWithToolChoiceNoneForcesTheSyntheticToolButKeepsToolsDefined()
      throws Exception {
    server.enqueue(json(textReply("ok")));

    model(server)
        .chat(
            ChatRequest.builder()
                .message(ChatMessage.user("Hi"))
                .tool(WEATHER)
                .toolChoice(ToolChoice.NONE)
                .responseFormat(PERSON)
                .build());

    JsonNode body = body(server.takeRequest());
    assertThat(body.get("tools")).hasSize(2);
    assertThat(body.get("tool_choice")).isEqualTo(parse("{\"type\":\"tool\",\"name\":\"person\"}"));
  }

  @Test
  void structuredReplyWinsOnlyWhenNoRealToolIsCalledAlongside() {
    server.enqueue(
        json(
            """
            {"type":"message","model":"claude-test",
             "content":[
               {"type":"tool_use","id":"toolu_w","name":"get_weather","input":{"city":"Rome"}},
               {"type":"tool_use","id":"toolu_s","name":"person","input":{"name":"X","age":1}}],
             "stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":1}}
            """));

    ChatResponse response =
        model(server)
            .chat(
                ChatRequest.builder()
                    .message(ChatMessage.user("Hi"))
                    .tool(WEATHER)
                    .responseFormat(PERSON)
                    .build());

    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.toolCalls()).extracting(ToolCall::name).containsExactly("get_weather");
    assertThat(response.text()).isNull();
  }

  @Test
  void nonObjectSchemaIsWrappedAndUnwrapped() throws Exception {
    server.enqueue(
        json(
            """
            {"type":"message","model":"claude-test",
             "content":[{"type":"tool_use","id":"toolu_s","name":"mood",
                         "input":{"value":"HAPPY"}}],
             "stop_reason":"tool_use","usage":{"input_tokens":1,"output_tokens":1}}
            """));
    ResponseFormat mood =
        ResponseFormat.jsonSchema(
            "mood",
            object(
                """
                {"$ref":"#/$defs/Mood",
                 "$defs":{"Mood":{"type":"string","enum":["HAPPY","SAD"]}}}
                """));

    ChatResponse response =
        model(server)
            .chat(
                ChatRequest.builder()
                    .message(ChatMessage.user("How?"))
                    .responseFormat(mood)
                    .build());

    assertThat(body(server.takeRequest()).get("tools").get(0).get("input_schema"))
        .isEqualTo(
            parse(
                """
                {"type":"object",
                 "$defs":{"Mood":{"type":"string","enum":["HAPPY","SAD"]}},
                 "properties":{"value":{"$ref":"#/$defs/Mood"}},
                 "required":["value"],"additionalProperties":false}
                """));
    assertThat(response.text()).isEqualTo("\"HAPPY\"");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
  }

  @Test
  void responseFormatNamedLikeARealToolIsRejected() {
    ChatRequest request =
        ChatRequest.builder()
            .message(ChatMessage.user("Hi"))
            .tool(WEATHER)
            .responseFormat(ResponseFormat.jsonSchema("get_weather", PERSON.schema()))
            .build();

    assertThatThrownBy(() -> model(server).chat(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("get_weather")
        .hasMessageContaining("rename");
  }

  @Test
  void nativeStructuredOutputUsesOutputConfig() throws Exception {
    server.enqueue(json(textReply("{\\\"name\\\":\\\"Ada\\\",\\\"age\\\":36}")));

    ChatResponse response =
        builder(server)
            .nativeStructuredOutput(true)
            .build()
            .chat(
                ChatRequest.builder()
                    .message(ChatMessage.user("Who?"))
                    .responseFormat(PERSON)
                    .build());

    JsonNode body = body(server.takeRequest());
    assertThat(body.get("output_config"))
        .isEqualTo(
            parse("{\"format\":{\"type\":\"json_schema\",\"schema\":" + PERSON.schema() + "}}"));
    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("tool_choice")).isFalse();
    assertThat(response.text()).isEqualTo("{\"name\":\"Ada\",\"age\":36}");
  }

  @Test
  void builderNamesWhatIsMissingOrWrong() {
    assertThatThrownBy(() -> AnthropicChatModel.builder().model("m").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey");
    assertThatThrownBy(() -> AnthropicChatModel.builder().apiKey(KEY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model");
    assertThatThrownBy(
            () ->
                AnthropicChatModel.builder()
                    .apiKey(KEY)
                    .model("m")
                    .baseUrl("api.anthropic")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(
            () -> AnthropicChatModel.builder().apiKey(KEY).model("m").defaultMaxTokens(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defaultMaxTokens");
    assertThatThrownBy(
            () -> AnthropicChatModel.builder().apiKey(KEY).model("m").retry(null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retry");
  }

  @Test
  void toStringAndInfoDoNotRevealTheKey() {
    AnthropicChatModel model = model(server);

    assertThat(model.toString()).contains("claude-test").doesNotContain(KEY);
    assertThat(model.info()).isEqualTo(ModelInfo.capable("claude-test"));
    ModelInfo custom = new ModelInfo("claude-test", true, false, false, true, 200_000);
    assertThat(builder(server).modelInfo(custom).build().info()).isEqualTo(custom);
  }

  @Test
  void userMessageNamesAreNotSent() throws Exception {
    server.enqueue(json(textReply("ok")));

    model(server)
        .chat(ChatRequest.builder().message(new ChatMessage.User("Hi from Bob", "bob")).build());

    assertThat(body(server.takeRequest()).get("messages").get(0))
        .isEqualTo(
            parse(
                "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi from Bob\"}]}"));
  }
}
