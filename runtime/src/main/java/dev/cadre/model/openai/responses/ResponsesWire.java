package dev.cadre.model.openai.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ContentPart;
import dev.cadre.model.FinishReason;
import dev.cadre.model.ModelException;
import dev.cadre.model.Reasoning;
import dev.cadre.model.ResponseFormat;
import dev.cadre.model.ToolChoice;
import dev.cadre.model.Usage;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Responses API wire format: Cadre's request as a {@code POST /responses} body, a {@code
 * response} object as Cadre's reply.
 */
final class ResponsesWire {

  /** Request fields {@code extra} cannot set: whether a call streams is the client's to say. */
  static final Set<String> CLIENT_OWNED = Set.of("stream");

  /** What the client asks of every request, from its builder. */
  record Options(String model, boolean store, String reasoningSummary) {}

  private ResponsesWire() {}

  /**
   * The request body.
   *
   * @throws IllegalArgumentException for a request the Responses API cannot express: stop sequences
   *     or a seed, or a tool choice that names no tool of the request
   */
  static ObjectNode requestBody(ChatRequest request, Options options, boolean stream) {
    if (!request.stop().isEmpty()) {
      throw new IllegalArgumentException(
          "the OpenAI Responses API takes no stop sequences, but the request has "
              + request.stop()
              + ": drop them, or use OpenAiChatModel (Chat Completions)");
    }
    if (request.seed() != null) {
      throw new IllegalArgumentException(
          "the OpenAI Responses API takes no seed, but the request sets seed "
              + request.seed()
              + ": drop it, or use OpenAiChatModel (Chat Completions)");
    }
    ObjectNode body = Json.object();
    body.put("model", options.model());
    ArrayNode input = body.putArray("input");
    for (ChatMessage message : request.messages()) {
      writeMessage(message, input);
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolSpec spec : request.tools()) {
        ObjectNode tool = tools.addObject().put("type", "function").put("name", spec.name());
        if (!spec.description().isEmpty()) {
          tool.put("description", spec.description());
        }
        tool.set("parameters", spec.parameters().deepCopy());
        // Left out, strict means the API rewrites the schema (every field required, no extra
        // ones); false keeps the schema as written, as Chat Completions reads it.
        tool.put("strict", false);
      }
    }
    writeToolChoice(request, body);
    if (!request.tools().isEmpty() && request.parallelToolCalls() != null) {
      body.put("parallel_tool_calls", request.parallelToolCalls());
    }
    if (request.responseFormat() != null) {
      ResponseFormat format = request.responseFormat();
      ObjectNode schema = body.putObject("text").putObject("format");
      schema.put("type", "json_schema").put("name", format.name());
      schema.set("schema", format.schema().deepCopy());
      schema.put("strict", format.strict());
    }
    if (request.verbosity() != null) {
      ObjectNode text = body.has("text") ? (ObjectNode) body.get("text") : body.putObject("text");
      text.put("verbosity", request.verbosity().wireName());
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      body.put("max_output_tokens", request.maxTokens());
    }
    if (request.reasoningEffort() != null || options.reasoningSummary() != null) {
      ObjectNode reasoning = body.putObject("reasoning");
      if (request.reasoningEffort() != null) {
        reasoning.put("effort", request.reasoningEffort().wireName());
      }
      if (options.reasoningSummary() != null) {
        reasoning.put("summary", options.reasoningSummary());
      }
    }
    body.put("store", options.store());
    if (!options.store()) {
      // Nothing is kept on the server, so the reasoning must travel with the conversation:
      // encrypted, returned with the reply and sent back in the next request's input.
      body.putArray("include").add("reasoning.encrypted_content");
    }
    if (stream) {
      body.put("stream", true);
    }
    for (Map.Entry<String, JsonNode> extra : request.extra().entrySet()) {
      if (!CLIENT_OWNED.contains(extra.getKey())) {
        body.set(extra.getKey(), extra.getValue().deepCopy());
      }
    }
    return body;
  }

  private static void writeMessage(ChatMessage message, ArrayNode input) {
    if (message instanceof ChatMessage.System system) {
      input.addObject().put("role", "system").put("content", system.content());
    } else if (message instanceof ChatMessage.User user) {
      // The Responses API has no participant names; the name is only a hint, so it is left out.
      ObjectNode node = input.addObject().put("role", "user");
      if (user.parts().isEmpty()) {
        node.put("content", user.content());
      } else {
        ArrayNode content = node.putArray("content");
        for (ContentPart part : user.parts()) {
          writePart(part, content);
        }
      }
    } else if (message instanceof ChatMessage.Assistant assistant) {
      // In the order the reply gave them: reasoning, then the text, then the calls.
      for (Reasoning reasoning : assistant.reasoning()) {
        writeReasoning(reasoning, input);
      }
      if (assistant.content() != null && !assistant.content().isEmpty()) {
        input.addObject().put("role", "assistant").put("content", assistant.content());
      }
      for (ToolCall call : assistant.toolCalls()) {
        input
            .addObject()
            .put("type", "function_call")
            .put("call_id", call.id())
            .put("name", call.name())
            .put("arguments", call.arguments());
      }
    } else if (message instanceof ChatMessage.ToolResults results) {
      for (ToolResult result : results.results()) {
        input
            .addObject()
            .put("type", "function_call_output")
            .put("call_id", result.callId())
            .put("output", result.content());
      }
    } else {
      throw new IllegalArgumentException(
          "no Responses API mapping for message type " + message.getClass().getName());
    }
  }

  private static void writePart(ContentPart part, ArrayNode content) {
    if (part instanceof ContentPart.Text text) {
      content.addObject().put("type", "input_text").put("text", text.text());
    } else if (part instanceof ContentPart.Image image) {
      String url =
          image.url() != null
              ? image.url()
              : "data:" + image.mediaType() + ";base64," + image.data();
      content.addObject().put("type", "input_image").put("image_url", url).put("detail", "auto");
    } else {
      throw new IllegalArgumentException(
          "no Responses API mapping for content part " + part.getClass().getName());
    }
  }

  /**
   * A reasoning item as the reply gave it. Only items from this API come back: reasoning from
   * another provider (an Anthropic thinking block, DeepSeek's text) has no id and means nothing
   * here.
   */
  private static void writeReasoning(Reasoning reasoning, ArrayNode input) {
    if (reasoning.id() == null) {
      return;
    }
    ObjectNode item = input.addObject().put("type", "reasoning").put("id", reasoning.id());
    ArrayNode summary = item.putArray("summary");
    if (reasoning.text() != null && !reasoning.text().isEmpty()) {
      summary.addObject().put("type", "summary_text").put("text", reasoning.text());
    }
    if (reasoning.data() != null) {
      item.put("encrypted_content", reasoning.data());
    }
  }

  private static void writeToolChoice(ChatRequest request, ObjectNode body) {
    ToolChoice choice = request.toolChoiceToSend();
    if (choice == null) {
      return;
    }
    switch (choice.mode()) {
      case AUTO -> body.put("tool_choice", "auto");
      case NONE -> body.put("tool_choice", "none");
      case REQUIRED -> body.put("tool_choice", "required");
      case TOOL ->
          body.putObject("tool_choice").put("type", "function").put("name", choice.toolName());
    }
  }

  /**
   * A {@code response} object as Cadre's reply.
   *
   * @throws ModelException when the response failed or was cancelled, naming the provider's error
   *     code and message, or when a function call lacks its name or call id
   */
  static ChatResponse parseResponse(JsonNode response, String provider) {
    String status = text(response.path("status"));
    JsonNode error = response.path("error");
    if ("failed".equals(status) || "cancelled".equals(status) || error.isObject()) {
      throw failed(response, status, provider);
    }
    StringBuilder text = new StringBuilder();
    StringBuilder refusal = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    List<Reasoning> reasoning = new ArrayList<>();
    for (JsonNode item : response.path("output")) {
      switch (text(item.path("type")) == null ? "" : text(item.path("type"))) {
        case "message" -> {
          for (JsonNode part : item.path("content")) {
            if ("output_text".equals(text(part.path("type")))) {
              text.append(part.path("text").asText(""));
            } else if ("refusal".equals(text(part.path("type")))) {
              refusal.append(part.path("refusal").asText(""));
            }
          }
        }
        case "function_call" -> calls.add(toolCall(item, calls.size(), provider));
        case "reasoning" -> {
          Reasoning part = reasoning(item);
          if (part != null) {
            reasoning.add(part);
          }
        }
        default -> {
          // Built-in tools' items (web search, file search...) are the server's business.
        }
      }
    }
    FinishReason reason;
    String reply = text.length() == 0 ? null : text.toString();
    if ("incomplete".equals(status)) {
      reason = incompleteReason(text(response.path("incomplete_details").path("reason")));
    } else if (refusal.length() > 0) {
      // OpenAI's safety answer under structured output: the reason says why nothing useful came.
      reason = FinishReason.CONTENT_FILTER;
    } else if (!calls.isEmpty()) {
      reason = FinishReason.TOOL_CALLS;
    } else if (status == null || "completed".equals(status)) {
      reason = FinishReason.STOP;
    } else {
      reason = FinishReason.UNKNOWN;
    }
    if (reply == null && refusal.length() > 0) {
      reply = refusal.toString();
    }
    return new ChatResponse(
        reply,
        calls,
        reason,
        usage(response.path("usage")),
        text(response.path("model")),
        text(response.path("id")),
        null,
        reasoning);
  }

  /** {@code max_output_tokens} and {@code content_filter}, the two reasons the API gives. */
  static FinishReason incompleteReason(String reason) {
    if ("max_output_tokens".equals(reason)) {
      return FinishReason.LENGTH;
    }
    if ("content_filter".equals(reason)) {
      return FinishReason.CONTENT_FILTER;
    }
    return FinishReason.UNKNOWN;
  }

  private static ModelException failed(JsonNode response, String status, String provider) {
    JsonNode error = response.path("error");
    String code = text(error.path("code"));
    String message = text(error.path("message"));
    StringBuilder detail =
        new StringBuilder(
            "cancelled".equals(status) ? "the response was cancelled" : "the response failed");
    if (code != null) {
      detail.append(" (").append(code).append(")");
    }
    if (message != null) {
      detail.append(": ").append(message);
    }
    // A server error or a rate limit may pass; anything else would fail again the same way.
    boolean retryable = "server_error".equals(code) || "rate_limit_exceeded".equals(code);
    return new ModelException(
        provider, 0, detail.toString(), retryable, null, Json.write(response), null);
  }

  private static ToolCall toolCall(JsonNode item, int index, String provider) {
    String name = text(item.path("name"));
    String callId = text(item.path("call_id"));
    if (name == null || name.isEmpty() || callId == null || callId.isEmpty()) {
      throw new ModelException(
          provider,
          0,
          "the reply has a function call (number "
              + (index + 1)
              + ") without "
              + (name == null || name.isEmpty() ? "a name" : "a call_id"),
          false,
          null,
          Json.write(item),
          null);
    }
    JsonNode arguments = item.path("arguments");
    return new ToolCall(
        callId, name, arguments.isTextual() ? arguments.asText() : Json.write(arguments));
  }

  /** A reasoning item: its id, its summary as text, its encrypted content; null without an id. */
  private static Reasoning reasoning(JsonNode item) {
    String id = text(item.path("id"));
    if (id == null) {
      return null;
    }
    StringBuilder summary = new StringBuilder();
    for (JsonNode part : item.path("summary")) {
      String text = text(part.path("text"));
      if (text != null && !text.isEmpty()) {
        summary.append(summary.length() == 0 ? "" : "\n\n").append(text);
      }
    }
    return new Reasoning(
        summary.length() == 0 ? null : summary.toString(),
        null,
        text(item.path("encrypted_content")),
        id);
  }

  /**
   * Input and output tokens, with the cached part of the input and the reasoning part of the
   * output.
   */
  static Usage usage(JsonNode usage) {
    if (!usage.isObject()) {
      return null;
    }
    return new Usage(
        Math.max(0, usage.path("input_tokens").asLong(0)),
        Math.max(0, usage.path("output_tokens").asLong(0)),
        Math.max(0, usage.path("output_tokens_details").path("reasoning_tokens").asLong(0)),
        Math.max(0, usage.path("input_tokens_details").path("cached_tokens").asLong(0)),
        0);
  }

  static String text(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
