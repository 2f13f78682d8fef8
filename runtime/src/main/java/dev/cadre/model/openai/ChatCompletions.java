package dev.cadre.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import java.util.regex.Pattern;

/** The Chat Completions wire format: Cadre's request as a JSON body, a JSON reply as Cadre's. */
final class ChatCompletions {

  private static final Pattern FORBIDDEN_IN_NAME = Pattern.compile("[\\s<|\\\\/>]");

  /** Request fields {@code extra} cannot set. */
  static final Set<String> CLIENT_OWNED = Set.of("stream", "stream_options");

  private ChatCompletions() {}

  /**
   * The request body.
   *
   * @param model the model id, or null to leave it out (Azure names the model by deployment)
   * @param maxCompletionTokens send the output limit as {@code max_completion_tokens} rather than
   *     the older {@code max_tokens}
   */
  static ObjectNode requestBody(
      ChatRequest request, String model, boolean maxCompletionTokens, boolean stream) {
    ObjectNode body = Json.object();
    if (model != null) {
      body.put("model", model);
    }
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage message : request.messages()) {
      writeMessage(message, messages);
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolSpec spec : request.tools()) {
        ObjectNode function = tools.addObject().put("type", "function").putObject("function");
        function.put("name", spec.name());
        if (!spec.description().isEmpty()) {
          function.put("description", spec.description());
        }
        function.set("parameters", spec.parameters().deepCopy());
      }
    }
    writeToolChoice(request, body);
    if (!request.tools().isEmpty() && request.parallelToolCalls() != null) {
      body.put("parallel_tool_calls", request.parallelToolCalls());
    }
    if (request.responseFormat() != null) {
      ResponseFormat format = request.responseFormat();
      ObjectNode schema =
          body.putObject("response_format").put("type", "json_schema").putObject("json_schema");
      schema.put("name", format.name());
      schema.set("schema", format.schema().deepCopy());
      schema.put("strict", format.strict());
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      // A request that sets reasoning effort is for a reasoning model, which rejects max_tokens.
      boolean completion = maxCompletionTokens || request.reasoningEffort() != null;
      body.put(completion ? "max_completion_tokens" : "max_tokens", request.maxTokens());
    }
    if (request.reasoningEffort() != null) {
      body.put("reasoning_effort", request.reasoningEffort().wireName());
    }
    if (request.verbosity() != null) {
      body.put("verbosity", request.verbosity().wireName());
    }
    if (!request.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      request.stop().forEach(stop::add);
    }
    if (request.seed() != null) {
      body.put("seed", request.seed());
    }
    if (stream) {
      body.put("stream", true);
      // Without this the stream carries no token counts at all.
      body.putObject("stream_options").put("include_usage", true);
    }
    for (Map.Entry<String, JsonNode> extra : request.extra().entrySet()) {
      // Whether a call streams is the client's to say: chat() must not get an event stream.
      if (!CLIENT_OWNED.contains(extra.getKey())) {
        body.set(extra.getKey(), extra.getValue().deepCopy());
      }
    }
    return body;
  }

  private static void writeMessage(ChatMessage message, ArrayNode messages) {
    if (message instanceof ChatMessage.System system) {
      messages.addObject().put("role", "system").put("content", system.content());
    } else if (message instanceof ChatMessage.User user) {
      ObjectNode node = messages.addObject().put("role", "user");
      if (user.parts().isEmpty()) {
        node.put("content", user.content());
      } else {
        writeParts(user.parts(), node.putArray("content"));
      }
      if (user.name() != null) {
        node.put("name", participantName(user.name()));
      }
    } else if (message instanceof ChatMessage.Assistant assistant) {
      ObjectNode node = messages.addObject().put("role", "assistant");
      if (assistant.content() != null) {
        node.put("content", assistant.content());
      } else if (assistant.hasToolCalls()) {
        node.putNull("content");
      } else {
        // Some compatible servers reject an assistant turn with neither content nor tool calls.
        node.put("content", "");
      }
      if (assistant.name() != null) {
        node.put("name", participantName(assistant.name()));
      }
      if (assistant.hasToolCalls()) {
        ArrayNode calls = node.putArray("tool_calls");
        for (ToolCall call : assistant.toolCalls()) {
          ObjectNode callNode = calls.addObject().put("id", call.id()).put("type", "function");
          callNode
              .putObject("function")
              .put("name", call.name())
              .put("arguments", call.arguments());
        }
      }
    } else if (message instanceof ChatMessage.ToolResults results) {
      // OpenAI wants one "tool" message per call, not one message holding every result.
      ArrayNode images = null;
      for (ToolResult result : results.results()) {
        messages
            .addObject()
            .put("role", "tool")
            .put("tool_call_id", result.callId())
            .put("content", result.content());
        if (!result.parts().isEmpty()) {
          // A tool message takes text only; the images follow in one user message, each result's
          // introduced by its call id, so the model can tell which call they belong to.
          if (images == null) {
            images = JsonNodeFactory.instance.arrayNode();
          }
          images
              .addObject()
              .put("type", "text")
              .put(
                  "text",
                  "Images from tool call " + result.callId() + " (" + result.name() + "):");
          writeParts(result.parts(), images);
        }
      }
      if (images != null) {
        messages.addObject().put("role", "user").set("content", images);
      }
    } else {
      throw new IllegalArgumentException(
          "no Chat Completions mapping for message type " + message.getClass().getName());
    }
  }

  /** Text, {@code image_url} (with its {@code detail}) and {@code file} (inline PDF) parts. */
  private static void writeParts(List<ContentPart> parts, ArrayNode content) {
    for (ContentPart part : parts) {
      if (part instanceof ContentPart.Text text) {
        content.addObject().put("type", "text").put("text", text.text());
      } else if (part instanceof ContentPart.Image image) {
        ObjectNode url = content.addObject().put("type", "image_url").putObject("image_url");
        url.put("url", image.asUrl());
        if (image.detail() != null) {
          url.put("detail", image.detail());
        }
      } else if (part instanceof ContentPart.Document document) {
        if (document.data() == null) {
          throw new IllegalArgumentException(
              "Chat Completions takes documents inline only, not at a URL ("
                  + document
                  + "): read it and pass ContentPart.pdf(bytes)");
        }
        content
            .addObject()
            .put("type", "file")
            .putObject("file")
            .put("filename", "document.pdf")
            .put("file_data", "data:" + document.mediaType() + ";base64," + document.data());
      }
    }
  }

  /**
   * OpenAI answers 400 to a participant name with whitespace or any of {@code <|\/>}; an agent
   * called "Code Reviewer" must not break the call, and the name is only a hint to the model.
   */
  static String participantName(String name) {
    return FORBIDDEN_IN_NAME.matcher(name).replaceAll("_");
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
      case TOOL -> {
        ObjectNode named = body.putObject("tool_choice").put("type", "function");
        named.putObject("function").put("name", choice.toolName());
      }
    }
  }

  /** The first choice of a non-streamed reply. */
  static ChatResponse parseResponse(JsonNode body, String provider) {
    JsonNode choices = body.path("choices");
    if (!choices.isArray() || choices.isEmpty()) {
      JsonNode error = body.path("error");
      String why =
          error.path("message").isTextual()
              ? "the reply has no choices, and says: " + error.path("message").asText()
              : "the reply has no choices";
      throw new ModelException(provider, 0, why, false, null, Json.write(body), null);
    }
    JsonNode choice = choices.get(0);
    JsonNode message = choice.path("message");
    String text = content(message.path("content"));
    String refusal = textOrNull(message.path("refusal"));
    List<ToolCall> calls = new ArrayList<>();
    JsonNode toolCalls = message.path("tool_calls");
    for (int i = 0; i < toolCalls.size(); i++) {
      JsonNode call = toolCalls.get(i);
      JsonNode function = call.path("function");
      calls.add(
          toolCall(
              textOrNull(call.path("id")),
              i,
              textOrNull(function.path("name")),
              arguments(function.path("arguments")),
              provider));
    }
    return response(
        text,
        refusal,
        calls,
        textOrNull(choice.path("finish_reason")),
        usage(body.path("usage")),
        textOrNull(body.path("model")),
        textOrNull(body.path("id")),
        reasoningContent(message));
  }

  /**
   * A message's content: text, or (Mistral and some other servers) an array of parts whose texts
   * are joined, so that an answer in parts is not lost.
   */
  static String content(JsonNode content) {
    if (!content.isArray()) {
      return textOrNull(content);
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      if (part.isTextual()) {
        text.append(part.asText());
      } else if (part.path("text").isTextual()
          && (part.path("type").isMissingNode() || "text".equals(part.path("type").asText()))) {
        text.append(part.path("text").asText());
      }
    }
    return text.length() == 0 ? null : text.toString();
  }

  /**
   * The reasoning a server shows beside the answer: DeepSeek's and vLLM's {@code
   * reasoning_content}, or {@code reasoning} as newer vLLM and OpenRouter name it.
   */
  static String reasoningContent(JsonNode messageOrDelta) {
    String reasoning = textOrNull(messageOrDelta.path("reasoning_content"));
    return reasoning != null ? reasoning : textOrNull(messageOrDelta.path("reasoning"));
  }

  /**
   * Assembles a reply. A refusal (OpenAI's structured-output safety answer) becomes the text when
   * there is no other, with {@link FinishReason#CONTENT_FILTER}, so callers see why nothing useful
   * came back instead of an empty reply that looks like success.
   */
  static ChatResponse response(
      String text,
      String refusal,
      List<ToolCall> calls,
      String finishReason,
      Usage usage,
      String model,
      String id,
      String reasoning) {
    FinishReason reason = finishReason(finishReason);
    if (refusal != null && !refusal.isEmpty()) {
      reason = FinishReason.CONTENT_FILTER;
      if (text == null || text.isEmpty()) {
        text = refusal;
      }
    } else if (!calls.isEmpty() && reason == FinishReason.STOP) {
      // Ollama and some other compatible servers say "stop" when they called tools.
      reason = FinishReason.TOOL_CALLS;
    }
    List<Reasoning> thoughts =
        reasoning == null || reasoning.isEmpty() ? List.of() : List.of(Reasoning.text(reasoning));
    return new ChatResponse(text, calls, reason, usage, model, id, null, thoughts);
  }

  static FinishReason finishReason(String reason) {
    if (reason == null) {
      return FinishReason.UNKNOWN;
    }
    switch (reason) {
      case "stop":
        return FinishReason.STOP;
      case "length":
        return FinishReason.LENGTH;
      case "tool_calls":
      case "function_call":
        return FinishReason.TOOL_CALLS;
      case "content_filter":
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.UNKNOWN;
    }
  }

  static Usage usage(JsonNode usage) {
    if (!usage.isObject()) {
      return null;
    }
    // The details are parts of the totals, as Usage counts them; a server that says more cached
    // tokens than prompt tokens is held to the total.
    long input = Math.max(0, usage.path("prompt_tokens").asLong(0));
    long output = Math.max(0, usage.path("completion_tokens").asLong(0));
    long reasoning =
        Math.max(0, usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0));
    long cached =
        Math.max(0, usage.path("prompt_tokens_details").path("cached_tokens").asLong(0));
    return new Usage(input, output, Math.min(reasoning, output), Math.min(cached, input), 0);
  }

  /**
   * A tool call. Some compatible servers leave out the id; one is made up from the call's position
   * so the result can still be matched to it.
   */
  static ToolCall toolCall(String id, int index, String name, String arguments, String provider) {
    if (name == null || name.isEmpty()) {
      throw new ModelException(
          provider, 0, "the reply has a tool call (index " + index + ") without a name", false);
    }
    return new ToolCall(id == null || id.isEmpty() ? "call_" + index : id, name, arguments);
  }

  /** Arguments are JSON text on the wire; Ollama sometimes sends the object itself. */
  static String arguments(JsonNode arguments) {
    if (arguments.isTextual()) {
      return arguments.asText();
    }
    return arguments.isMissingNode() || arguments.isNull() ? null : Json.write(arguments);
  }

  static String textOrNull(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }
}
