package dev.cadre.model.anthropic;

import static dev.cadre.model.anthropic.AnthropicFixtures.event;
import static dev.cadre.model.anthropic.AnthropicFixtures.json;
import static dev.cadre.model.anthropic.AnthropicFixtures.model;
import static dev.cadre.model.anthropic.AnthropicFixtures.parse;
import static dev.cadre.model.anthropic.AnthropicFixtures.textReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.CachePolicy;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ContentPart;
import dev.cadre.model.FinishReason;
import dev.cadre.model.Reasoning;
import dev.cadre.model.StreamListener;
import dev.cadre.model.Usage;
import dev.cadre.tool.JsonSchemas;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * What the Anthropic client sends and keeps beyond text: image and document blocks, extended
 * thinking sent back unchanged in the tool loop, {@code pause_turn}, prompt-cache breakpoints and
 * cache usage. Wire formats as the Messages API reference gives them.
 */
class AnthropicContentTest {

  @StartStop final MockWebServer server = new MockWebServer();

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 9, 8};
  private static final ToolSpec WEATHER =
      new ToolSpec("get_weather", "The weather in a city", JsonSchemas.object().build());

  private JsonNode sent(ChatRequest request) throws Exception {
    server.enqueue(json(textReply("ok")));
    model(server).chat(request);
    return parse(server.takeRequest().getBody().utf8());
  }

  @Test
  void imagesAndPdfsGoAsBlocksInlineOrByUrl() throws Exception {
    ChatMessage.User user =
        new ChatMessage.User(
            "Compare",
            null,
            List.of(
                ContentPart.text("Compare"),
                ContentPart.image(PNG, "image/png"),
                ContentPart.imageUrl("https://example.com/b.jpg"),
                ContentPart.pdfUrl("https://example.com/paper.pdf"),
                ContentPart.pdf(new byte[] {'%', 'P', 'D', 'F'})));

    JsonNode content = sent(ChatRequest.builder().message(user).build()).at("/messages/0/content");

    assertThat(content)
        .isEqualTo(
            parse(
                """
                [{"type": "text", "text": "Compare"},
                 {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                              "data": "%s"}},
                 {"type": "image", "source": {"type": "url", "url": "https://example.com/b.jpg"}},
                 {"type": "document",
                  "source": {"type": "url", "url": "https://example.com/paper.pdf"}},
                 {"type": "document", "source": {"type": "base64",
                                                 "media_type": "application/pdf",
                                                 "data": "JVBERg=="}}]
                """
                    .formatted(Base64.getEncoder().encodeToString(PNG))));
  }

  @Test
  void aToolResultWithAnImageSendsItsContentAsBlocks() throws Exception {
    ToolCall call = new ToolCall("toolu_1", "screenshot", "{}");
    ChatRequest request =
        ChatRequest.builder()
            .message(ChatMessage.user("Look"))
            .message(new ChatMessage.Assistant(null, List.of(call), null))
            .message(
                new ChatMessage.ToolResults(
                    List.of(
                        ToolResult.withParts(
                            call, "the page", List.of(ContentPart.image(PNG, "image/png"))))))
            .build();

    JsonNode result = sent(request).at("/messages/2/content/0");

    assertThat(result)
        .isEqualTo(
            parse(
                """
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": [
                  {"type": "text", "text": "the page"},
                  {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                               "data": "%s"}}]}
                """
                    .formatted(Base64.getEncoder().encodeToString(PNG))));
  }

  private static final String THINKING_THEN_TOOL =
      """
      {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
       "content": [
         {"type": "thinking", "thinking": "I should look up the weather.",
          "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"},
         {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xl"},
         {"type": "tool_use", "id": "toolu_01", "name": "get_weather",
          "input": {"city": "Paris"}}],
       "stop_reason": "tool_use", "stop_sequence": null,
       "usage": {"input_tokens": 50, "output_tokens": 80}}
      """;

  @Test
  void thinkingWithToolsGoesBackUnchangedOnTheNextCallOfTheLoop() throws Exception {
    server.enqueue(json(THINKING_THEN_TOOL));
    server.enqueue(json(textReply("Sunny in Paris.")));
    AssistantAgent agent =
        AssistantAgent.builder("weather")
            .model(model(server))
            .tool(Tool.of(WEATHER, (args, ctx) -> "sunny"))
            .build();

    List<AgentEvent> events = new CopyOnWriteArrayList<>();

    assertThat(agent.run("Weather in Paris?", events::add).message().content())
        .isEqualTo("Sunny in Paris.");

    assertThat(events)
        .filteredOn(AgentEvent.Reasoned.class::isInstance)
        .containsExactly(new AgentEvent.Reasoned("weather", "I should look up the weather."));

    server.takeRequest();
    JsonNode assistant = parse(server.takeRequest().getBody().utf8()).at("/messages/1");
    assertThat(assistant)
        .isEqualTo(
            parse(
                """
                {"role": "assistant", "content": [
                  {"type": "thinking", "thinking": "I should look up the weather.",
                   "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"},
                  {"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xl"},
                  {"type": "tool_use", "id": "toolu_01", "name": "get_weather",
                   "input": {"city": "Paris"}}]}
                """));
    // The saved state keeps the thinking, so a restored agent sends it back too.
    assertThat(Json.write(agent.saveState()))
        .contains("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds")
        .contains("EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xl");
  }

  @Test
  void aThinkingBudgetTurnsOnExtendedThinkingForEveryCall() throws Exception {
    server.enqueue(json(textReply("ok")));

    AnthropicChatModel model =
        AnthropicFixtures.builder(server).thinkingBudget(2048).defaultMaxTokens(8000).build();
    model.chat(ChatRequest.builder().message(ChatMessage.user("Think")).build());

    JsonNode body = parse(server.takeRequest().getBody().utf8());
    assertThat(body.path("thinking"))
        .isEqualTo(parse("{\"type\": \"enabled\", \"budget_tokens\": 2048}"));
    assertThat(body.path("max_tokens").asInt()).isEqualTo(8000);
    assertThatThrownBy(
            () ->
                model.chat(
                    ChatRequest.builder().message(ChatMessage.user("x")).maxTokens(1000).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxTokens 1000 must be above the thinking budget 2048, which it includes");
    assertThatThrownBy(() -> AnthropicFixtures.builder(server).thinkingBudget(500))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1024");
  }

  @Test
  void aStreamSplitAtEveryByteKeepsThinkingAndItsSignature() {
    String body =
        event(
                """
                {"type": "message_start", "message": {"id": "msg_2", "type": "message",
                 "role": "assistant", "model": "claude-sonnet-4-5", "content": [],
                 "usage": {"input_tokens": 10, "output_tokens": 1,
                           "cache_read_input_tokens": 2000, "cache_creation_input_tokens": 0}}}
                """)
            + event(
                """
                {"type": "content_block_start", "index": 0,
                 "content_block": {"type": "thinking", "thinking": "", "signature": ""}}
                """)
            + event(
                """
                {"type": "content_block_delta", "index": 0,
                 "delta": {"type": "thinking_delta", "thinking": "Two plus "}}
                """)
            + event(
                """
                {"type": "content_block_delta", "index": 0,
                 "delta": {"type": "thinking_delta", "thinking": "two é."}}
                """)
            + event(
                """
                {"type": "content_block_delta", "index": 0,
                 "delta": {"type": "signature_delta", "signature": "EqQBCgIYAhIMsig"}}
                """)
            + event("{\"type\": \"content_block_stop\", \"index\": 0}")
            + event(
                """
                {"type": "content_block_start", "index": 1,
                 "content_block": {"type": "text", "text": ""}}
                """)
            + event(
                """
                {"type": "content_block_delta", "index": 1,
                 "delta": {"type": "text_delta", "text": "4"}}
                """)
            + event("{\"type\": \"content_block_stop\", \"index\": 1}")
            + event(
                """
                {"type": "message_delta", "delta": {"stop_reason": "end_turn"},
                 "usage": {"output_tokens": 30}}
                """)
            + event("{\"type\": \"message_stop\"}");
    server.enqueue(
        new MockResponse.Builder()
            .setHeader("content-type", "text/event-stream")
            .body(body)
            .throttleBody(1, 1, TimeUnit.MILLISECONDS)
            .build());
    List<String> text = new CopyOnWriteArrayList<>();
    List<String> thoughts = new CopyOnWriteArrayList<>();
    StreamListener listener =
        new StreamListener() {
          @Override
          public void onText(String piece) {
            text.add(piece);
          }

          @Override
          public void onReasoning(String piece) {
            thoughts.add(piece);
          }
        };

    ChatResponse reply =
        model(server)
            .stream(
                ChatRequest.builder().message(ChatMessage.user("2+2?")).build(),
                listener,
                CancellationToken.none());

    assertThat(reply.text()).isEqualTo("4");
    assertThat(text).containsExactly("4");
    assertThat(thoughts).containsExactly("Two plus ", "two é.");
    assertThat(reply.reasoning())
        .containsExactly(Reasoning.thinking("Two plus two é.", "EqQBCgIYAhIMsig"));
    assertThat(reply.usage()).isEqualTo(new Usage(2010, 30, 0, 2000, 0));
  }

  @Test
  void pauseTurnIsReportedAsSuch() {
    server.enqueue(
        json(
            """
            {"id": "msg_3", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
             "content": [{"type": "text", "text": "Searching..."}],
             "stop_reason": "pause_turn", "stop_sequence": null,
             "usage": {"input_tokens": 5, "output_tokens": 5}}
            """));

    ChatResponse reply =
        model(server).chat(ChatRequest.builder().message(ChatMessage.user("Find it")).build());

    assertThat(reply.finishReason()).isEqualTo(FinishReason.PAUSE_TURN);
  }

  @Test
  void usageReportsCacheWritesAndReadsWithinTheInput() {
    server.enqueue(
        json(
            """
            {"id": "msg_4", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
             "content": [{"type": "text", "text": "ok"}],
             "stop_reason": "end_turn", "stop_sequence": null,
             "usage": {"input_tokens": 21, "cache_creation_input_tokens": 188086,
                       "cache_read_input_tokens": 0, "output_tokens": 393}}
            """));

    Usage usage =
        model(server).chat(ChatRequest.builder().message(ChatMessage.user("?")).build()).usage();

    assertThat(usage).isEqualTo(new Usage(188107, 393, 0, 0, 188086));
    assertThat(usage.uncachedInputTokens()).isEqualTo(21);
  }

  private static ChatRequest conversation(CachePolicy policy, boolean withSystem) {
    ChatRequest.Builder request = ChatRequest.builder().tool(WEATHER).cachePolicy(policy);
    if (withSystem) {
      request.message(ChatMessage.system("You are terse."));
    }
    return request
        .message(ChatMessage.user("Hi"))
        .message(ChatMessage.assistant("Hello"))
        .message(ChatMessage.user("Weather?"))
        .build();
  }

  @Test
  void cachePolicyOffSendsNoBreakpoint() throws Exception {
    assertThat(Json.write(sent(conversation(CachePolicy.OFF, true)))).doesNotContain("cache_control");
  }

  @Test
  void cachingSystemAndToolsPutsOneBreakpointOnTheSystemPrompt() throws Exception {
    JsonNode body = sent(conversation(CachePolicy.SYSTEM_AND_TOOLS, true));

    assertThat(body.path("system"))
        .isEqualTo(
            parse(
                """
                [{"type": "text", "text": "You are terse.",
                  "cache_control": {"type": "ephemeral"}}]
                """));
    assertThat(Json.write(body.path("messages"))).doesNotContain("cache_control");
    assertThat(body.at("/tools/0").has("cache_control")).isFalse();
  }

  @Test
  void cachingSystemAndToolsWithoutASystemPromptMarksTheLastTool() throws Exception {
    JsonNode body = sent(conversation(CachePolicy.SYSTEM_AND_TOOLS, false));

    assertThat(body.at("/tools/0/cache_control")).isEqualTo(parse("{\"type\": \"ephemeral\"}"));
  }

  @Test
  void cachingTheConversationAlsoMarksTheLastMessage() throws Exception {
    JsonNode body = sent(conversation(CachePolicy.CONVERSATION, true));

    assertThat(body.at("/system/0/cache_control/type").asText()).isEqualTo("ephemeral");
    assertThat(body.at("/messages/2/content/0"))
        .isEqualTo(
            parse(
                """
                {"type": "text", "text": "Weather?", "cache_control": {"type": "ephemeral"}}
                """));
    assertThat(body.at("/messages/0/content/0").has("cache_control")).isFalse();
  }
}
