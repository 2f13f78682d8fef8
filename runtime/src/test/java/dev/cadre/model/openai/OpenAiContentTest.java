package dev.cadre.model.openai;

import static dev.cadre.model.openai.OpenAiFixtures.FAST_RETRY;
import static dev.cadre.model.openai.OpenAiFixtures.KEY;
import static dev.cadre.model.openai.OpenAiFixtures.body;
import static dev.cadre.model.openai.OpenAiFixtures.chunk;
import static dev.cadre.model.openai.OpenAiFixtures.json;
import static dev.cadre.model.openai.OpenAiFixtures.jsonReply;
import static dev.cadre.model.openai.OpenAiFixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ContentPart;
import dev.cadre.model.ModelConfig;
import dev.cadre.model.Reasoning;
import dev.cadre.model.ReasoningEffort;
import dev.cadre.model.StreamListener;
import dev.cadre.model.Usage;
import dev.cadre.model.Verbosity;
import dev.cadre.tool.JsonSchemas;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * What the OpenAI client sends and keeps beyond text: images and PDFs, reasoning parameters,
 * reasoning content, content in parts, and the detail of usage. Wire formats as the Chat
 * Completions API reference gives them.
 */
class OpenAiContentTest {

  @StartStop final MockWebServer server = new MockWebServer();

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

  private static final String OK =
      """
      {"id": "chatcmpl-1", "model": "gpt-4o",
       "choices": [{"index": 0, "finish_reason": "stop",
                    "message": {"role": "assistant", "content": "fine"}}]}
      """;

  private OpenAiChatModel model() {
    return OpenAiChatModel.builder()
        .baseUrl(server.url("/v1").toString())
        .apiKey(KEY)
        .model("gpt-4o")
        .retry(FAST_RETRY)
        .build();
  }

  private JsonNode sent(ChatRequest request) throws Exception {
    server.enqueue(jsonReply(200, OK));
    model().chat(request);
    return body(server.takeRequest());
  }

  @Test
  void userImagesGoAsImageUrlPartsWithTheirDetailAndPdfsAsFileParts() throws Exception {
    ChatMessage.User user =
        new ChatMessage.User(
            "What is in these?",
            null,
            List.of(
                ContentPart.text("What is in these?"),
                ContentPart.imageUrl("https://example.com/cat.png").withDetail("low"),
                ContentPart.image(PNG, "image/png"),
                ContentPart.pdf("%PDF-1.4".getBytes(StandardCharsets.US_ASCII))));

    JsonNode content = sent(ChatRequest.builder().message(user).build()).at("/messages/0/content");

    String png = Base64.getEncoder().encodeToString(PNG);
    String pdf = Base64.getEncoder().encodeToString("%PDF-1.4".getBytes(StandardCharsets.US_ASCII));
    assertThat(content)
        .isEqualTo(
            json(
                """
                [{"type": "text", "text": "What is in these?"},
                 {"type": "image_url",
                  "image_url": {"url": "https://example.com/cat.png", "detail": "low"}},
                 {"type": "image_url", "image_url": {"url": "data:image/png;base64,%s"}},
                 {"type": "file",
                  "file": {"filename": "document.pdf",
                           "file_data": "data:application/pdf;base64,%s"}}]
                """
                    .formatted(png, pdf)));
  }

  @Test
  void aPdfAtAUrlIsRefusedBeforeAnythingIsSent() {
    ChatMessage.User user =
        new ChatMessage.User(
            "Read", null, List.of(ContentPart.pdfUrl("https://example.com/report.pdf")));

    assertThatThrownBy(() -> model().chat(ChatRequest.builder().message(user).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://example.com/report.pdf")
        .hasMessageContaining("inline only");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void imagesOfToolResultsFollowTheToolMessagesInOneUserMessage() throws Exception {
    ToolCall shot = new ToolCall("call_1", "screenshot", "{}");
    ToolCall time = new ToolCall("call_2", "time", "{}");
    ChatRequest request =
        ChatRequest.builder()
            .message(ChatMessage.user("Look"))
            .message(new ChatMessage.Assistant(null, List.of(shot, time), null))
            .message(
                new ChatMessage.ToolResults(
                    List.of(
                        ToolResult.withParts(
                            shot,
                            "a screenshot of the page",
                            List.of(ContentPart.imageUrl("https://example.com/shot.png"))),
                        ToolResult.success(time, "12:00"))))
            .build();

    JsonNode messages = sent(request).path("messages");

    assertThat(messages).hasSize(5);
    assertThat(messages.get(2))
        .isEqualTo(
            json(
                """
                {"role": "tool", "tool_call_id": "call_1", "content": "a screenshot of the page"}
                """));
    assertThat(messages.get(3).path("role").asText()).isEqualTo("tool");
    assertThat(messages.get(4))
        .isEqualTo(
            json(
                """
                {"role": "user", "content": [
                  {"type": "text", "text": "Images from tool call call_1 (screenshot):"},
                  {"type": "image_url", "image_url": {"url": "https://example.com/shot.png"}}]}
                """));
  }

  @Test
  void aToolThatReturnsAnImageShowsItToTheModelOnTheNextCall() throws Exception {
    server.enqueue(
        jsonReply(
            200,
            """
            {"id": "c1", "model": "gpt-4o",
             "choices": [{"index": 0, "finish_reason": "tool_calls",
                          "message": {"role": "assistant", "content": null, "tool_calls": [
                            {"id": "call_9", "type": "function",
                             "function": {"name": "screenshot", "arguments": "{}"}}]}}]}
            """));
    server.enqueue(jsonReply(200, OK));
    AssistantAgent agent =
        AssistantAgent.builder("viewer")
            .model(model())
            .tool(
                Tool.of(
                    new ToolSpec("screenshot", "Takes a screenshot", JsonSchemas.object().build()),
                    (args, ctx) -> ContentPart.image(PNG, "image/png")))
            .build();

    agent.run("What is on screen?");

    server.takeRequest();
    JsonNode messages = body(server.takeRequest()).path("messages");
    JsonNode last = messages.get(messages.size() - 1);
    assertThat(messages.get(messages.size() - 2).path("content").asText())
        .isEqualTo("(1 image(s) or document(s))");
    assertThat(last.path("role").asText()).isEqualTo("user");
    assertThat(last.at("/content/1/image_url/url").asText())
        .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));
  }

  @Test
  void reasoningEffortAndVerbosityAreSentWithMaxCompletionTokens() throws Exception {
    // A compatible base URL sends max_tokens unless the request is for a reasoning model.
    JsonNode body =
        sent(
            ChatRequest.builder()
                .message(ChatMessage.user("Think"))
                .reasoningEffort(ReasoningEffort.HIGH)
                .verbosity(Verbosity.LOW)
                .maxTokens(4000)
                .build());

    assertThat(body.path("reasoning_effort").asText()).isEqualTo("high");
    assertThat(body.path("verbosity").asText()).isEqualTo("low");
    assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(4000);
    assertThat(body.has("max_tokens")).isFalse();
  }

  @Test
  void theModelsReasoningSettingsApplyWhereTheRequestSetsNone() throws Exception {
    OpenAiChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(server.url("/v1").toString())
            .apiKey(KEY)
            .model("o4-mini")
            .reasoningEffort(ReasoningEffort.LOW)
            .verbosity(Verbosity.HIGH)
            .build();
    server.enqueue(jsonReply(200, OK));
    server.enqueue(jsonReply(200, OK));

    model.chat(ChatRequest.builder().message(ChatMessage.user("a")).build());
    model.chat(
        ChatRequest.builder()
            .message(ChatMessage.user("b"))
            .reasoningEffort(ReasoningEffort.MINIMAL)
            .build());

    JsonNode first = body(server.takeRequest());
    JsonNode second = body(server.takeRequest());
    assertThat(first.path("reasoning_effort").asText()).isEqualTo("low");
    assertThat(first.path("verbosity").asText()).isEqualTo("high");
    assertThat(second.path("reasoning_effort").asText()).isEqualTo("minimal");
    assertThat(second.path("verbosity").asText()).isEqualTo("high");
  }

  @Test
  void theEnvironmentSetsReasoningEffortAndVerbosity() throws Exception {
    ModelConfig config =
        ModelConfig.fromEnvironment(
            Map.of(
                "CADRE_BASE_URL", server.url("/v1").toString(),
                "CADRE_MODEL", "o4-mini",
                "CADRE_REASONING_EFFORT", "High",
                "CADRE_VERBOSITY", "low"));

    server.enqueue(jsonReply(200, OK));
    config.create(() -> null).chat(ChatRequest.builder().message(ChatMessage.user("a")).build());
    JsonNode body = body(server.takeRequest());

    assertThat(body.path("reasoning_effort").asText()).isEqualTo("high");
    assertThat(body.path("verbosity").asText()).isEqualTo("low");
    assertThatThrownBy(
            () -> ModelConfig.fromEnvironment(Map.of("CADRE_REASONING_EFFORT", "extreme")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CADRE_REASONING_EFFORT is 'extreme'")
        .hasMessageContaining("[none, minimal, low, medium, high]");
  }

  @Test
  void usageReportsReasoningAndCachedTokensWithinTheTotals() {
    server.enqueue(
        jsonReply(
            200,
            """
            {"id": "chatcmpl-2", "model": "o4-mini",
             "choices": [{"index": 0, "finish_reason": "stop",
                          "message": {"role": "assistant", "content": "42"}}],
             "usage": {"prompt_tokens": 2006, "completion_tokens": 300, "total_tokens": 2306,
                       "prompt_tokens_details": {"cached_tokens": 1920, "audio_tokens": 0},
                       "completion_tokens_details": {"reasoning_tokens": 256, "audio_tokens": 0,
                         "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}}}
            """));

    Usage usage = model().chat(ChatRequest.builder().message(ChatMessage.user("?")).build()).usage();

    assertThat(usage).isEqualTo(new Usage(2006, 300, 256, 1920, 0));
    assertThat(usage.uncachedInputTokens()).isEqualTo(86);
  }

  @Test
  void contentGivenAsAnArrayOfPartsIsJoinedIntoTheText() {
    server.enqueue(
        jsonReply(
            200,
            """
            {"id": "c", "model": "mistral-medium",
             "choices": [{"index": 0, "finish_reason": "stop",
                          "message": {"role": "assistant", "content": [
                            {"type": "text", "text": "Hello, "},
                            {"type": "text", "text": "world"}]}}]}
            """));

    assertThat(model().chat(ChatRequest.builder().message(ChatMessage.user("?")).build()).text())
        .isEqualTo("Hello, world");
  }

  @Test
  void reasoningContentIsKeptApartFromTheAnswer() {
    server.enqueue(
        jsonReply(
            200,
            """
            {"id": "c", "model": "deepseek-reasoner",
             "choices": [{"index": 0, "finish_reason": "stop",
                          "message": {"role": "assistant", "content": "9.11 < 9.8",
                                      "reasoning_content": "Compare the tenths first."}}]}
            """));

    ChatResponse reply = model().chat(ChatRequest.builder().message(ChatMessage.user("?")).build());

    assertThat(reply.text()).isEqualTo("9.11 < 9.8");
    assertThat(reply.reasoning()).containsExactly(Reasoning.text("Compare the tenths first."));
    assertThat(reply.toMessage("a").reasoning()).isEqualTo(reply.reasoning());
  }

  @Test
  void aStreamSplitAtEveryByteKeepsReasoningUsageDetailAndPartsText() {
    String usage =
        """
        {"id": "c", "model": "deepseek-reasoner", "choices": [],
         "usage": {"prompt_tokens": 100, "completion_tokens": 40,
                   "prompt_tokens_details": {"cached_tokens": 64},
                   "completion_tokens_details": {"reasoning_tokens": 30}}}
        """
            .replace("\n", "");
    String body =
        sse(
            chunk(Json.object().put("role", "assistant").put("reasoning_content", "Hm, "), null),
            chunk(Json.object().put("reasoning_content", "é ok."), null),
            chunk(Json.object().put("content", "Yes"), null),
            chunk(Json.object(), "stop"),
            usage,
            "[DONE]");
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/event-stream")
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
        model()
            .stream(
                ChatRequest.builder().message(ChatMessage.user("?")).build(),
                listener,
                CancellationToken.none());

    assertThat(reply.text()).isEqualTo("Yes");
    assertThat(text).containsExactly("Yes");
    assertThat(thoughts).containsExactly("Hm, ", "é ok.");
    assertThat(reply.reasoningText()).isEqualTo("Hm, é ok.");
    assertThat(reply.usage()).isEqualTo(new Usage(100, 40, 30, 64, 0));
  }
}
