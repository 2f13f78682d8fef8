package dev.cadre.model.anthropic;

import static dev.cadre.model.anthropic.AnthropicChatModel.PROVIDER;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Json;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelException;
import dev.cadre.model.Reasoning;
import dev.cadre.model.Usage;
import dev.cadre.tool.ToolCall;
import java.util.ArrayList;
import java.util.List;

/** Reads a Messages API reply (a {@code message} object) into a {@link ChatResponse}. */
final class MessagesReply {

  private MessagesReply() {}

  static ChatResponse parse(JsonNode reply, StructuredTool structured) {
    if (!reply.isObject()) {
      throw malformed("the reply is not a JSON object", Json.write(reply));
    }
    if ("error".equals(reply.path("type").asText()) || reply.path("error").isObject()) {
      throw error(reply.path("error"), 0, Json.write(reply));
    }
    JsonNode content = reply.path("content");
    if (!content.isArray()) {
      throw malformed("the reply has no \"content\" array", Json.write(reply));
    }
    StringBuilder text = null;
    List<ToolCall> calls = new ArrayList<>();
    List<Reasoning> reasoning = new ArrayList<>();
    String answer = null;
    for (JsonNode block : content) {
      String type = block.path("type").asText();
      if (type.equals("thinking")) {
        reasoning.add(
            Reasoning.thinking(
                block.path("thinking").asText(""), block.path("signature").asText(null)));
      } else if (type.equals("redacted_thinking")) {
        reasoning.add(Reasoning.redacted(block.path("data").asText("")));
      } else if (type.equals("text")) {
        text = text == null ? new StringBuilder() : text;
        text.append(block.path("text").asText());
      } else if (type.equals("tool_use")) {
        String name = block.path("name").asText();
        JsonNode input = block.path("input").isObject() ? block.get("input") : Json.object();
        if (structured != null && name.equals(structured.name())) {
          answer = structured.answer(input);
        } else {
          calls.add(new ToolCall(block.path("id").asText(), name, Json.write(input)));
        }
      }
      // other block types (server tool results, ...) carry nothing Cadre models
    }
    String stopReason = reply.path("stop_reason").asText(null);
    return assemble(
        text == null ? null : text.toString(),
        calls,
        answer,
        stopReason,
        usage(reply.path("usage")),
        reply.path("model").asText(null),
        reply.path("id").asText(null),
        reasoning);
  }

  /**
   * The response, with a structured answer as its text unless real tool calls came with it: then
   * those are run first and the model asked again.
   */
  static ChatResponse assemble(
      String text,
      List<ToolCall> calls,
      String answer,
      String stopReason,
      Usage usage,
      String model,
      String id,
      List<Reasoning> reasoning) {
    FinishReason finish = finishReason(stopReason);
    if (answer != null && calls.isEmpty()) {
      FinishReason answered = finish == FinishReason.LENGTH ? finish : FinishReason.STOP;
      return new ChatResponse(answer, List.of(), answered, usage, model, id, null, reasoning);
    }
    return new ChatResponse(text, calls, finish, usage, model, id, null, reasoning);
  }

  static FinishReason finishReason(String stopReason) {
    if (stopReason == null) {
      return FinishReason.UNKNOWN;
    }
    switch (stopReason) {
      case "end_turn":
      case "stop_sequence":
        return FinishReason.STOP;
      case "max_tokens":
      case "model_context_window_exceeded":
        return FinishReason.LENGTH;
      case "tool_use":
        return FinishReason.TOOL_CALLS;
      case "refusal":
        return FinishReason.CONTENT_FILTER;
      case "pause_turn":
        return FinishReason.PAUSE_TURN;
      default:
        return FinishReason.UNKNOWN;
    }
  }

  /** Cache reads and writes count as input, as other providers count cached prompt tokens. */
  static long inputTokens(JsonNode usage) {
    return usage.path("input_tokens").asLong(0)
        + usage.path("cache_creation_input_tokens").asLong(0)
        + usage.path("cache_read_input_tokens").asLong(0);
  }

  static Usage usage(JsonNode usage) {
    return usage(inputTokens(usage), usage.path("output_tokens").asLong(0), usage);
  }

  /** Usage of the counts given, with the cache reads and writes {@code usage} reports. */
  static Usage usage(long input, long output, JsonNode usage) {
    return new Usage(
        Math.max(0, input),
        Math.max(0, output),
        0,
        Math.max(0, usage.path("cache_read_input_tokens").asLong(0)),
        Math.max(0, usage.path("cache_creation_input_tokens").asLong(0)));
  }

  /** {@code {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}}. */
  static ModelException error(JsonNode error, int status, String body) {
    String type = error.path("type").asText("error");
    String message = error.path("message").asText("(no message)");
    boolean retryable =
        type.equals("overloaded_error")
            || type.equals("api_error")
            || type.equals("rate_limit_error");
    return new ModelException(PROVIDER, status, type + ": " + message, retryable, null, body, null);
  }

  /** A reply that cannot be read; {@code body} is what arrived, quoted by the exception. */
  static ModelException malformed(String message, String body) {
    return new ModelException(PROVIDER, 0, "malformed reply: " + message, false, null, body, null);
  }
}
