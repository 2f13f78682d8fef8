package dev.cadre.model.openai;

import static dev.cadre.model.openai.OpenAiFixtures.FAST_RETRY;
import static dev.cadre.model.openai.OpenAiFixtures.KEY;
import static dev.cadre.model.openai.OpenAiFixtures.body;
import static dev.cadre.model.openai.OpenAiFixtures.json;
import static dev.cadre.model.openai.OpenAiFixtures.jsonReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelException;
import dev.cadre.model.ResponseFormat;
import dev.cadre.model.ToolChoice;
import dev.cadre.model.Usage;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Request and reply mapping of {@link OpenAiChatModel}, over a real HTTP server on loopback. */
class OpenAiChatModelTest {

  @StartStop final MockWebServer server = new MockWebServer();

  private static final String PLAIN_REPLY =
      """
      {
        "id": "chatcmpl-123", "object": "chat.completion", "created": 1741569952,
        "model": "gpt-4o-mini-2024-07-18", "system_fingerprint": "fp_44709d6fcb",
        "service_tier": "default",
        "choices": [{
          "index": 0,
          "message": {"role": "assistant", "content": "Hello there!", "refusal": null,
                      "annotations": [], "audio": null},
          "logprobs": null,
          "finish_reason": "stop"
        }],
        "usage": {"prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29,
                  "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                  "completion_tokens_details": {"reasoning_tokens": 0}}
      }
      """;

  private OpenAiChatModel model() {
    return OpenAiChatModel.builder()
        .baseUrl(server.url("/v1").toString())
        .apiKey(KEY)
        .model("gpt-4o-mini")
        .retry(FAST_RETRY)
        .build();
  }

  private static ChatRequest hello() {
    return ChatRequest.builder()
        .message(ChatMessage.system("You are terse."))
        .message(ChatMessage.user("Hi"))
        .build();
  }

  private static ObjectNode schema(String text) {
    return (ObjectNode) json(text);
  }

  private static final ToolSpec WEATHER =
      new ToolSpec(
          "get_weather",
          "Current weather in a city",
          schema(
              "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                  + "\"required\":[\"city\"]}"));

  private static final ToolSpec TIME =
      new ToolSpec("get_time", "", schema("{\"type\":\"object\",\"properties\":{}}"));

  @Test
  void plainChatRequestAndReply() throws Exception {
    server.enqueue(jsonReply(200, PLAIN_REPLY));

    ChatResponse response = model().chat(hello());

    assertThat(response.text()).isEqualTo("Hello there!");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage()).isEqualTo(new Usage(19, 10));
    assertThat(response.model()).isEqualTo("gpt-4o-mini-2024-07-18");

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(body(request))
        .isEqualTo(
            json(
                """
                {"model": "gpt-4o-mini",
                 "messages": [{"role": "system", "content": "You are terse."},
                              {"role": "user", "content": "Hi"}]}
                """));
  }

  @Test
  void baseUrlWithTrailingSlashIsTolerated() throws Exception {
    server.enqueue(jsonReply(200, PLAIN_REPLY));
    OpenAiChatModel model =
        OpenAiChatModel.builder().baseUrl(server.url("/v1/").toString()).model("llama3.2").build();

    model.chat(hello());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(request.getHeaders().get("Authorization")).isNull();
  }

  @Test
  void conversationWithToolCallsIsSerialisedExactly() throws Exception {
    server.enqueue(jsonReply(200, PLAIN_REPLY));
    ToolCall weather = new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}");
    ToolCall time = new ToolCall("call_2", "get_time", "{}");
    ChatRequest request =
        ChatRequest.builder()
            .message(ChatMessage.system("Be helpful."))
            .message(new ChatMessage.User("Weather and time in Paris?", "alice"))
            .message(new ChatMessage.Assistant(null, List.of(weather, time), "planner"))
            .message(
                new ChatMessage.ToolResults(
                    List.of(
                        ToolResult.success(weather, "18°C, cloudy"),
                        ToolResult.failure(time, "clock unavailable"))))
            .message(new ChatMessage.Assistant("Let me check again.", List.of(), null))
            .message(ChatMessage.user("Thanks"))
            .build();

    model().chat(request);

    assertThat(body(server.takeRequest()))
        .isEqualTo(
            json(
                """
                {"model": "gpt-4o-mini",
                 "messages": [
                   {"role": "system", "content": "Be helpful."},
                   {"role": "user", "content": "Weather and time in Paris?", "name": "alice"},
                   {"role": "assistant", "content": null, "name": "planner",
                    "tool_calls": [
                      {"id": "call_1", "type": "function",
                       "function": {"name": "get_weather",
                                    "arguments": "{\\"city\\":\\"Paris\\"}"}},
                      {"id": "call_2", "type": "function",
                       "function": {"name": "get_time", "arguments": "{}"}}]},
                   {"role": "tool", "tool_call_id": "call_1", "content": "18°C, cloudy"},
                   {"role": "tool", "tool_call_id": "call_2", "content": "clock unavailable"},
                   {"role": "assistant", "content": "Let me check again."},
                   {"role": "user", "content": "Thanks"}]}
                """));
  }

  @Test
  void participantNamesOpenAiWouldRejectAreMadeSafe() throws Exception {
    server.enqueue(jsonReply(200, PLAIN_REPLY));

    model()
        .chat(
            ChatRequest.builder()
                .message(new ChatMessage.User("Review this", "Ada Lovelace"))
                .message(new ChatMessage.Assistant("Looks fine", List.of(), "code<|>reviewer/2"))
                .build());

    JsonNode messages = body(server.takeRequest()).path("messages");
    assertThat(messages.get(0).path("name").asText()).isEqualTo("Ada_Lovelace");
    assertThat(messages.get(1).path("name").asText()).isEqualTo("code___reviewer_2");
  }

  @Test
  void toolsResponseFormatSamplingOptionsAndExtra() throws Exception {
    server.enqueue(jsonReply(200, PLAIN_REPLY));
    ObjectNode answerSchema =
        schema(
            "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}},"
                + "\"required\":[\"answer\"],\"additionalProperties\":false}");
    ChatRequest request =
        hello().toBuilder()
            .tool(WEATHER)
            .tool(TIME)
            .toolChoice(ToolChoice.REQUIRED)
            .parallelToolCalls(false)
            .responseFormat(ResponseFormat.jsonSchema("answer", answerSchema))
            .temperature(0.2)
            .maxTokens(256)
            .stop("END", "STOP")
            .seed(42L)
            .extra("top_p", Json.mapper().getNodeFactory().numberNode(0.9))
            .extra("user", new TextNode("user-7"))
            // extra is merged last, so it may override a field Cadre wrote
            .extra("temperature", Json.mapper().getNodeFactory().numberNode(0.7))
            .build();

    model().chat(request);

    JsonNode body = body(server.takeRequest());
    assertThat(body.path("tools"))
        .isEqualTo(
            json(
                """
                [{"type": "function",
                  "function": {"name": "get_weather", "description": "Current weather in a city",
                               "parameters": {"type": "object",
                                              "properties": {"city": {"type": "string"}},
                                              "required": ["city"]}}},
                 {"type": "function",
                  "function": {"name": "get_time", "parameters": {"type": "object",
                                                                 "properties": {}}}}]
                """));
    assertThat(body.path("tool_choice")).isEqualTo(new TextNode("required"));
    assertThat(body.path("parallel_tool_calls").booleanValue()).isFalse();
    assertThat(body.path("parallel_tool_calls").isBoolean()).isTrue();
    assertThat(body.path("response_format"))
        .isEqualTo(
            json(
                """
                {"type": "json_schema",
                 "json_schema": {"name": "answer", "strict": true,
                                 "schema": {"type": "object",
                                            "properties": {"answer": {"type": "string"}},
                                            "required": ["answer"],
                                            "additionalProperties": false}}}
                """));
    assertThat(body.path("temperature").doubleValue()).isEqualTo(0.7);
    assertThat(body.path("top_p").doubleValue()).isEqualTo(0.9);
    assertThat(body.path("user").asText()).isEqualTo("user-7");
    // Not api.openai.com: compatible servers understand max_tokens.
    assertThat(body.path("max_tokens").intValue()).isEqualTo(256);
    assertThat(body.has("max_completion_tokens")).isFalse();
    assertThat(body.path("stop")).isEqualTo(json("[\"END\", \"STOP\"]"));
    assertThat(body.path("seed").longValue()).isEqualTo(42L);
    assertThat(body.has("stream")).isFalse();
    assertThat(body.has("stream_options")).isFalse();
  }

  static Stream<Arguments> toolChoices() {
    return Stream.of(
        Arguments.of(ToolChoice.AUTO, "\"auto\""),
        Arguments.of(ToolChoice.NONE, "\"none\""),
        Arguments.of(ToolChoice.REQUIRED, "\"required\""),
        Arguments.of(
            ToolChoice.tool("get_time"),
            "{\"type\": \"function\", \"function\": {\"name\": \"get_time\"}}"));
  }

  @ParameterizedTest
  @MethodSource("toolChoices")
  void toolChoiceVariants(ToolChoice choice, String expected) throws Exception {
    server.enqueue(jsonReply(200, PLAIN_REPLY));

    model().chat(hello().toBuilder().tool(WEATHER).tool(TIME).toolChoice(choice).build());

    assertThat(body(server.takeRequest()).path("tool_choice")).isEqualTo(json(expected));
  }

  @Test
  void noToolFieldsWithoutTools() throws Exception {
    server.enqueue(jsonReply(200, PLAIN_REPLY));

    model().chat(hello().toBuilder().parallelToolCalls(true).toolChoice(ToolChoice.AUTO).build());

    JsonNode body = body(server.takeRequest());
    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("tool_choice")).isFalse();
    assertThat(body.has("parallel_tool_calls")).isFalse();
  }

  @Test
  void toolChoiceNamingAnAbsentToolFailsBeforeSending() {
    ChatRequest request =
        hello().toBuilder().tool(WEATHER).toolChoice(ToolChoice.tool("get_time")).build();

    assertThatThrownBy(() -> model().chat(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("get_time")
        .hasMessageContaining("get_weather");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void maxCompletionTokensWhenAsked() throws Exception {
    server.enqueue(jsonReply(200, PLAIN_REPLY));
    OpenAiChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(server.url("/v1").toString())
            .model("o3-mini")
            .maxCompletionTokens(true)
            .build();

    model.chat(hello().toBuilder().maxTokens(100).build());

    JsonNode body = body(server.takeRequest());
    assertThat(body.path("max_completion_tokens").intValue()).isEqualTo(100);
    assertThat(body.has("max_tokens")).isFalse();
  }

  @Test
  void azureUrlHeaderAndBody() throws Exception {
    server.enqueue(jsonReply(200, PLAIN_REPLY));
    OpenAiChatModel model =
        OpenAiChatModel.builder()
            .azure(server.url("/").toString(), "gpt4o-prod", "2024-10-21")
            .apiKey(KEY)
            .build();

    ChatResponse response = model.chat(hello().toBuilder().maxTokens(50).build());

    assertThat(response.text()).isEqualTo("Hello there!");
    assertThat(model.info().model()).isEqualTo("gpt4o-prod");
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath())
        .isEqualTo("/openai/deployments/gpt4o-prod/chat/completions");
    assertThat(request.getUrl().queryParameterNames()).containsExactly("api-version");
    assertThat(request.getUrl().queryParameter("api-version")).isEqualTo("2024-10-21");
    assertThat(request.getHeaders().get("api-key")).isEqualTo(KEY);
    assertThat(request.getHeaders().get("Authorization")).isNull();
    JsonNode body = body(request);
    assertThat(body.has("model")).isFalse();
    assertThat(body.path("max_completion_tokens").intValue()).isEqualTo(50);
  }

  @Test
  void olderAzureApiVersionGetsMaxTokens() throws Exception {
    server.enqueue(jsonReply(200, PLAIN_REPLY));
    OpenAiChatModel model =
        OpenAiChatModel.builder()
            .azure(server.url("/").toString(), "gpt35", "2024-06-01")
            .apiKey(KEY)
            .build();

    model.chat(hello().toBuilder().maxTokens(50).build());

    JsonNode body = body(server.takeRequest());
    assertThat(body.path("max_tokens").intValue()).isEqualTo(50);
    assertThat(body.has("max_completion_tokens")).isFalse();
  }

  @Test
  void parallelToolCallsInOneReply() {
    server.enqueue(
        jsonReply(
            200,
            """
            {"id": "chatcmpl-9", "model": "gpt-4o-mini",
             "choices": [{"index": 0, "finish_reason": "tool_calls",
               "message": {"role": "assistant", "content": null, "refusal": null,
                 "tool_calls": [
                   {"id": "call_a", "type": "function",
                    "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Oslo\\"}"}},
                   {"id": "call_b", "type": "function",
                    "function": {"name": "get_weather",
                                 "arguments": "{\\"city\\": \\"Lima\\"}"}}]}}],
             "usage": {"prompt_tokens": 80, "completion_tokens": 40}}
            """));

    ChatResponse response = model().chat(hello().toBuilder().tool(WEATHER).build());

    assertThat(response.text()).isNull();
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall("call_a", "get_weather", "{\"city\": \"Oslo\"}"),
            new ToolCall("call_b", "get_weather", "{\"city\": \"Lima\"}"));
    assertThat(response.usage()).isEqualTo(new Usage(80, 40));
  }

  @Test
  void quirksOfCompatibleServersAreSmoothedOver() {
    // Ollama-style: arguments as an object, no call id, and "stop" although tools were called.
    server.enqueue(
        jsonReply(
            200,
            """
            {"model": "llama3.2",
             "choices": [{"index": 0, "finish_reason": "stop",
               "message": {"role": "assistant", "content": "",
                 "tool_calls": [{"function": {"name": "get_weather",
                                              "arguments": {"city": "Rome"}}}]}}]}
            """));

    ChatResponse response = model().chat(hello().toBuilder().tool(WEATHER).build());

    assertThat(response.toolCalls())
        .containsExactly(new ToolCall("call_0", "get_weather", "{\"city\":\"Rome\"}"));
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.usage()).isEqualTo(Usage.ZERO);
  }

  @Test
  void refusalBecomesTheTextWithContentFilter() {
    server.enqueue(
        jsonReply(
            200,
            """
            {"model": "gpt-4o-mini",
             "choices": [{"index": 0, "finish_reason": "stop",
               "message": {"role": "assistant", "content": null,
                           "refusal": "I'm sorry, I can't help with that."}}]}
            """));

    ChatResponse response = model().chat(hello());

    assertThat(response.text()).isEqualTo("I'm sorry, I can't help with that.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
  }

  @ParameterizedTest
  @MethodSource("finishReasons")
  void finishReasonsMapToCadres(String wire, FinishReason expected) {
    assertThat(ChatCompletions.finishReason(wire)).isEqualTo(expected);
  }

  static Stream<Arguments> finishReasons() {
    return Stream.of(
        Arguments.of("stop", FinishReason.STOP),
        Arguments.of("length", FinishReason.LENGTH),
        Arguments.of("tool_calls", FinishReason.TOOL_CALLS),
        Arguments.of("function_call", FinishReason.TOOL_CALLS),
        Arguments.of("content_filter", FinishReason.CONTENT_FILTER),
        Arguments.of("something_new", FinishReason.UNKNOWN),
        Arguments.of(null, FinishReason.UNKNOWN));
  }

  @Test
  void replyWithoutChoicesFailsNamingTheProviderWithAnExcerpt() {
    server.enqueue(jsonReply(200, "{\"object\": \"chat.completion\", \"choices\": []}"));

    assertThatThrownBy(() -> model().chat(hello()))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.provider()).isEqualTo("openai"))
        .hasMessageStartingWith("openai")
        .hasMessageContaining("no choices")
        .hasMessageContaining("\"object\":\"chat.completion\"");
  }

  @Test
  void azureFailuresNameAzure() {
    server.enqueue(jsonReply(200, "{\"error\": {\"message\": \"deployment is warming up\"}}"));
    OpenAiChatModel model =
        OpenAiChatModel.builder()
            .azure(server.url("/").toString(), "gpt4o-prod", "2024-10-21")
            .apiKey(KEY)
            .build();

    assertThatThrownBy(() -> model.chat(hello()))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.provider()).isEqualTo("azure-openai"))
        .hasMessageStartingWith("azure-openai")
        .hasMessageContaining("deployment is warming up");
  }
}
