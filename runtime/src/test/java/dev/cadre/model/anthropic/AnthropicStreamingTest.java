package dev.cadre.model.anthropic;

import static dev.cadre.model.anthropic.AnthropicFixtures.body;
import static dev.cadre.model.anthropic.AnthropicFixtures.event;
import static dev.cadre.model.anthropic.AnthropicFixtures.model;
import static dev.cadre.model.anthropic.AnthropicFixtures.object;
import static dev.cadre.model.anthropic.AnthropicFixtures.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelException;
import dev.cadre.model.ResponseFormat;
import dev.cadre.model.Usage;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class AnthropicStreamingTest {

  @StartStop MockWebServer server = new MockWebServer();

  private static final String MESSAGE_START =
      event(
          """
          {"type":"message_start","message":{"id":"msg_s","type":"message","role":"assistant",
           "content":[],"model":"claude-stream-1","stop_reason":null,
           "usage":{"input_tokens":25,"output_tokens":1}}}\
          """);

  private static final ToolSpec WEATHER =
      new ToolSpec(
          "get_weather",
          "",
          object("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"));

  private static ChatRequest hello() {
    return ChatRequest.builder().message(ChatMessage.user("Hello")).build();
  }

  private static String textDelta(int index, String text) {
    return event(
        "{\"type\":\"content_block_delta\",\"index\":"
            + index
            + ",\"delta\":{\"type\":\"text_delta\",\"text\":\""
            + text
            + "\"}}");
  }

  private static String jsonDelta(int index, String partialJson) {
    return event(
        "{\"type\":\"content_block_delta\",\"index\":"
            + index
            + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":"
            + com.fasterxml.jackson.databind.node.TextNode.valueOf(partialJson)
            + "}}");
  }

  private static String blockStop(int index) {
    return event("{\"type\":\"content_block_stop\",\"index\":" + index + "}");
  }

  private static String messageDelta(String stopReason, int outputTokens) {
    return event(
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
            + stopReason
            + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
            + outputTokens
            + "}}");
  }

  private static final String MESSAGE_STOP = event("{\"type\":\"message_stop\"}");
  private static final String PING = event("{\"type\":\"ping\"}");

  @Test
  void textDeltasArriveInOrderAndUsageComesFromStartAndDelta() throws Exception {
    server.enqueue(
        sse(
            MESSAGE_START,
            event(
                "{\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
            PING,
            textDelta(0, "Hel"),
            textDelta(0, "lo, "),
            textDelta(0, "world"),
            blockStop(0),
            messageDelta("end_turn", 15),
            MESSAGE_STOP));
    List<String> chunks = new ArrayList<>();

    ChatResponse response = model(server).stream(hello(), chunks::add, CancellationToken.none());

    RecordedRequest recorded = server.takeRequest();
    assertThat(recorded.getUrl().encodedPath()).isEqualTo("/v1/messages");
    assertThat(recorded.getHeaders().get("accept")).isEqualTo("text/event-stream");
    JsonNode body = body(recorded);
    assertThat(body.get("stream")).isEqualTo(BooleanNode.TRUE);
    assertThat(body.get("max_tokens").asInt()).isEqualTo(4096);

    assertThat(chunks).containsExactly("Hel", "lo, ", "world");
    assertThat(response.text()).isEqualTo("Hello, world");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage()).isEqualTo(new Usage(25, 15));
    assertThat(response.model()).isEqualTo("claude-stream-1");
    assertThat(response.toolCalls()).isEmpty();
  }

  @Test
  void toolInputSplitAcrossManyDeltasIsAssembledPerBlock() {
    server.enqueue(
        sse(
            MESSAGE_START,
            event(
                "{\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
            textDelta(0, "Checking."),
            blockStop(0),
            event(
                "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\","
                    + "\"input\":{}}}"),
            jsonDelta(1, ""),
            jsonDelta(1, "{\"ci"),
            jsonDelta(1, "ty\": \"Pa"),
            PING,
            jsonDelta(1, "ris\"}"),
            blockStop(1),
            event(
                "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"get_weather\","
                    + "\"input\":{}}}"),
            jsonDelta(2, "{\"city\""),
            jsonDelta(2, ":"),
            jsonDelta(2, "\"Oslo\"}"),
            blockStop(2),
            event(
                "{\"type\":\"content_block_start\",\"index\":3,\"content_block\":"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_3\",\"name\":\"get_time\","
                    + "\"input\":{}}}"),
            blockStop(3),
            messageDelta("tool_use", 60),
            MESSAGE_STOP));
    List<String> chunks = new ArrayList<>();

    ChatResponse response =
        model(server).stream(
            ChatRequest.builder().message(ChatMessage.user("Weather?")).tool(WEATHER).build(),
            chunks::add,
            CancellationToken.none());

    assertThat(chunks).containsExactly("Checking.");
    assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(response.text()).isEqualTo("Checking.");
    assertThat(response.toolCalls())
        .containsExactly(
            new ToolCall("toolu_1", "get_weather", "{\"city\": \"Paris\"}"),
            new ToolCall("toolu_2", "get_weather", "{\"city\":\"Oslo\"}"),
            new ToolCall("toolu_3", "get_time", "{}"));
    assertThat(response.usage()).isEqualTo(new Usage(25, 60));
  }

  @Test
  void unknownEventsAndThinkingBlocksAreIgnored() {
    server.enqueue(
        sse(
            MESSAGE_START,
            event(
                "{\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}"),
            event(
                "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}"),
            event(
                "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"signature_delta\",\"signature\":\"sig\"}}"),
            blockStop(0),
            event("{\"type\":\"brand_new_event\",\"stuff\":[1]}"),
            event(
                "{\"type\":\"content_block_start\",\"index\":1,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\",\"extra\":1}}"),
            textDelta(1, "Answer"),
            blockStop(1),
            messageDelta("end_turn", 9),
            MESSAGE_STOP));
    List<String> chunks = new ArrayList<>();

    ChatResponse response = model(server).stream(hello(), chunks::add, CancellationToken.none());

    assertThat(chunks).containsExactly("Answer");
    assertThat(response.text()).isEqualTo("Answer");
  }

  @Test
  void streamedStructuredAnswerBecomesTextDeliveredOnce() throws Exception {
    ResponseFormat person =
        ResponseFormat.jsonSchema(
            "person",
            object("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"));
    server.enqueue(
        sse(
            MESSAGE_START,
            event(
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                    + "{\"type\":\"tool_use\",\"id\":\"toolu_s\",\"name\":\"person\","
                    + "\"input\":{}}}"),
            jsonDelta(0, "{\"name\""),
            jsonDelta(0, ": \"Ada\"}"),
            blockStop(0),
            messageDelta("tool_use", 8),
            MESSAGE_STOP));
    List<String> chunks = new ArrayList<>();

    ChatResponse response =
        model(server).stream(
            ChatRequest.builder().message(ChatMessage.user("Who?")).responseFormat(person).build(),
            chunks::add,
            CancellationToken.none());

    assertThat(body(server.takeRequest()).get("tool_choice").get("name").asText())
        .isEqualTo("person");
    assertThat(response.text()).isEqualTo("{\"name\":\"Ada\"}");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.toolCalls()).isEmpty();
    assertThat(chunks).containsExactly("{\"name\":\"Ada\"}");
  }

  @Test
  void streamCutOffBeforeMessageStopFailsAfterDeliveringEarlierText() {
    server.enqueue(
        sse(
            MESSAGE_START,
            event(
                "{\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
            textDelta(0, "Partial "),
            textDelta(0, "answer")));
    List<String> chunks = new ArrayList<>();

    assertThatThrownBy(() -> model(server).stream(hello(), chunks::add, CancellationToken.none()))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.provider()).isEqualTo("anthropic");
              assertThat(e.getMessage()).contains("anthropic").contains("ended before");
            });
    assertThat(chunks).containsExactly("Partial ", "answer");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void errorEventMidStreamFailsWithItsMessage() {
    server.enqueue(
        sse(
            MESSAGE_START,
            event(
                "{\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
            textDelta(0, "Start"),
            event(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                    + "\"message\":\"Overloaded\"}}"),
            textDelta(0, " never delivered")));
    List<String> chunks = new ArrayList<>();

    assertThatThrownBy(() -> model(server).stream(hello(), chunks::add, CancellationToken.none()))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.provider()).isEqualTo("anthropic");
              assertThat(e.getMessage()).contains("overloaded_error").contains("Overloaded");
            });
    assertThat(chunks).containsExactly("Start");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void eventThatIsNotJsonFails() {
    server.enqueue(sse(MESSAGE_START, "event: content_block_delta\ndata: {not json\n\n"));

    assertThatThrownBy(() -> model(server).stream(hello(), text -> {}, CancellationToken.none()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("anthropic")
        .hasMessageContaining("not JSON");
  }
}
