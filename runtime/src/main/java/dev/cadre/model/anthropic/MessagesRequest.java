package dev.cadre.model.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.model.CachePolicy;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ContentPart;
import dev.cadre.model.Reasoning;
import dev.cadre.model.ResponseFormat;
import dev.cadre.model.ToolChoice;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ChatRequest} in the Messages API's wire format.
 *
 * @param body the JSON body, fresh for each call so the caller may add to it
 * @param structuredTool the synthetic tool serving the response format, or null
 */
record MessagesRequest(ObjectNode body, StructuredTool structuredTool) {

  static MessagesRequest of(
      ChatRequest request, String model, int defaultMaxTokens, boolean nativeStructuredOutput) {
    ObjectNode body = Json.object();
    body.put("model", model);
    body.put("max_tokens", request.maxTokens() != null ? request.maxTokens() : defaultMaxTokens);
    String system = system(request.messages());
    CachePolicy cache = request.cachePolicy();
    if (system != null && cache != CachePolicy.OFF) {
      // A breakpoint on the system prompt caches the tools too: they come before it.
      ObjectNode block = text(system);
      block.putObject("cache_control").put("type", "ephemeral");
      body.putArray("system").add(block);
    } else if (system != null) {
      body.put("system", system);
    }
    ArrayNode messages = messages(request.messages());
    body.set("messages", messages);
    if (cache == CachePolicy.CONVERSATION) {
      markLastBlock(messages);
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (!request.stop().isEmpty()) {
      ArrayNode stops = body.putArray("stop_sequences");
      request.stop().forEach(stops::add);
    }

    ResponseFormat format = request.responseFormat();
    StructuredTool structured = null;
    if (format != null && nativeStructuredOutput) {
      ObjectNode outputFormat = body.putObject("output_config").putObject("format");
      outputFormat.put("type", "json_schema");
      outputFormat.set("schema", format.schema().deepCopy());
    } else if (format != null) {
      structured = StructuredTool.of(format);
    }
    tools(request, structured, body);
    if (system == null && cache != CachePolicy.OFF && body.path("tools").size() > 0) {
      ArrayNode tools = (ArrayNode) body.get("tools");
      ObjectNode last = (ObjectNode) tools.get(tools.size() - 1);
      last.putObject("cache_control").put("type", "ephemeral");
    }

    request.extra().forEach((name, value) -> body.set(name, value.deepCopy()));
    return new MessagesRequest(body, structured);
  }

  private static String system(List<ChatMessage> messages) {
    List<String> parts = new ArrayList<>();
    for (ChatMessage message : messages) {
      if (message instanceof ChatMessage.System system) {
        parts.add(system.content());
      }
    }
    return parts.isEmpty() ? null : String.join("\n\n", parts);
  }

  /** User and assistant turns, consecutive turns of one role merged into one. */
  private static ArrayNode messages(List<ChatMessage> messages) {
    ArrayNode out = Json.mapper().createArrayNode();
    String lastRole = null;
    ArrayNode lastContent = null;
    for (ChatMessage message : messages) {
      String role;
      ArrayNode blocks = Json.mapper().createArrayNode();
      if (message instanceof ChatMessage.User user) {
        role = "user";
        if (user.parts().isEmpty()) {
          blocks.add(text(user.content()));
        } else {
          parts(user.parts(), blocks);
        }
      } else if (message instanceof ChatMessage.Assistant assistant) {
        role = "assistant";
        // Thinking goes back first and unchanged, signature and all: with tools, the API refuses
        // a turn whose thinking is missing or altered. Reasoning from other providers has no
        // signature and cannot be sent.
        for (Reasoning reasoning : assistant.reasoning()) {
          if (reasoning.isRedacted()) {
            blocks.addObject().put("type", "redacted_thinking").put("data", reasoning.data());
          } else if (reasoning.signature() != null && reasoning.text() != null) {
            blocks
                .addObject()
                .put("type", "thinking")
                .put("thinking", reasoning.text())
                .put("signature", reasoning.signature());
          }
        }
        // The API rejects empty text blocks; an assistant turn of tool calls alone has none.
        if (assistant.content() != null && !assistant.content().isEmpty()) {
          blocks.add(text(assistant.content()));
        }
        for (ToolCall call : assistant.toolCalls()) {
          ObjectNode use = blocks.addObject();
          use.put("type", "tool_use");
          use.put("id", call.id());
          use.put("name", call.name());
          use.set("input", toolInput(call.arguments()));
        }
      } else if (message instanceof ChatMessage.ToolResults results) {
        role = "user";
        for (ToolResult result : results.results()) {
          ObjectNode block = blocks.addObject();
          block.put("type", "tool_result");
          block.put("tool_use_id", result.callId());
          if (result.parts().isEmpty()) {
            block.put("content", result.content());
          } else {
            ArrayNode content = block.putArray("content");
            if (!result.content().isEmpty()) {
              content.add(text(result.content()));
            }
            parts(result.parts(), content);
          }
          if (result.error()) {
            block.put("is_error", true);
          }
        }
      } else {
        continue; // system messages went to the top-level "system"
      }
      if (blocks.isEmpty()) {
        continue;
      }
      if (role.equals(lastRole)) {
        lastContent.addAll(blocks);
      } else {
        ObjectNode turn = out.addObject();
        turn.put("role", role);
        lastContent = turn.putArray("content");
        lastContent.addAll(blocks);
        lastRole = role;
      }
    }
    for (JsonNode turn : out) {
      toolResultsFirst((ArrayNode) turn.get("content"));
    }
    return out;
  }

  /** Text, image and document blocks, images and documents inline (base64) or at a URL. */
  private static void parts(List<ContentPart> parts, ArrayNode blocks) {
    for (ContentPart part : parts) {
      if (part instanceof ContentPart.Text text) {
        if (!text.text().isEmpty()) {
          blocks.add(text(text.text()));
        }
      } else if (part instanceof ContentPart.Image image) {
        if (image.data() == null && image.url().startsWith("data:")) {
          // Anthropic takes no data: URLs; a URL source must be one it can fetch.
          throw new IllegalArgumentException(
              "Anthropic takes images inline or at an https URL, not as a data: URL ("
                  + image
                  + "): pass ContentPart.image(bytes, mediaType)");
        }
        ObjectNode block = blocks.addObject().put("type", "image");
        source(block, image.url(), image.mediaType(), image.data());
      } else if (part instanceof ContentPart.Document document) {
        source(
            blocks.addObject().put("type", "document"),
            document.url(),
            document.mediaType(),
            document.data());
      }
    }
  }

  private static void source(ObjectNode block, String url, String mediaType, String data) {
    ObjectNode source = block.putObject("source");
    if (data != null) {
      source.put("type", "base64").put("media_type", mediaType).put("data", data);
    } else {
      source.put("type", "url").put("url", url);
    }
  }

  /**
   * Puts a cache breakpoint on the conversation's last block that can carry one, so the next call
   * reads everything up to it from the cache. Thinking blocks cannot carry one.
   */
  private static void markLastBlock(ArrayNode messages) {
    for (int m = messages.size() - 1; m >= 0; m--) {
      ArrayNode content = (ArrayNode) messages.get(m).get("content");
      for (int b = content.size() - 1; b >= 0; b--) {
        ObjectNode block = (ObjectNode) content.get(b);
        String type = block.path("type").asText();
        if (!type.equals("thinking") && !type.equals("redacted_thinking")) {
          block.putObject("cache_control").put("type", "ephemeral");
          return;
        }
      }
    }
  }

  private static ObjectNode text(String text) {
    ObjectNode block = Json.object();
    block.put("type", "text");
    block.put("text", text);
    return block;
  }

  /**
   * The arguments as the JSON object the API wants; text that is not an object is kept as {@code
   * {"_raw": text}} so the model sees what it wrote instead of the conversation failing.
   */
  static ObjectNode toolInput(String arguments) {
    try {
      JsonNode parsed = Json.parse(arguments);
      if (parsed instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException notJson) {
      // kept raw below
    }
    ObjectNode raw = Json.object();
    raw.put("_raw", arguments);
    return raw;
  }

  /** The API wants a user turn's tool results before any text; keeps each kind's own order. */
  private static void toolResultsFirst(ArrayNode content) {
    List<JsonNode> results = new ArrayList<>();
    List<JsonNode> others = new ArrayList<>();
    for (JsonNode block : content) {
      ("tool_result".equals(block.path("type").asText()) ? results : others).add(block);
    }
    if (results.isEmpty() || others.isEmpty()) {
      return;
    }
    content.removeAll();
    content.addAll(results);
    content.addAll(others);
  }

  private static void tools(ChatRequest request, StructuredTool structured, ObjectNode body) {
    List<ToolSpec> specs = request.tools();
    if (specs.isEmpty() && structured == null) {
      return; // the API rejects tool_choice without tools
    }
    ArrayNode tools = body.putArray("tools");
    for (ToolSpec spec : specs) {
      if (structured != null && spec.name().equals(structured.name())) {
        throw new IllegalArgumentException(
            "the response format '"
                + structured.name()
                + "' has the name of a tool the request offers: rename one of them");
      }
      ObjectNode tool = tools.addObject();
      tool.put("name", spec.name());
      if (!spec.description().isEmpty()) {
        tool.put("description", spec.description());
      }
      tool.set("input_schema", spec.parameters().deepCopy());
    }
    if (structured != null) {
      tools.add(structured.definition(request.responseFormat()));
    }

    ToolChoice asked = request.toolChoice();
    if (asked != null && asked.mode() == ToolChoice.Mode.TOOL) {
      boolean offered =
          specs.stream().anyMatch(spec -> spec.name().equals(asked.toolName()))
              || (structured != null && structured.name().equals(asked.toolName()));
      if (!offered) {
        throw new IllegalArgumentException(
            "the tool choice names tool '"
                + asked.toolName()
                + "', which the request does not offer: add it to the request's tools");
      }
    }
    ObjectNode choice = toolChoice(asked, structured, !specs.isEmpty());
    if (Boolean.FALSE.equals(request.parallelToolCalls())) {
      if (choice == null) {
        choice = Json.object().put("type", "auto");
      }
      if (!"none".equals(choice.path("type").asText())) {
        choice.put("disable_parallel_tool_use", true);
      }
    }
    if (choice != null) {
      body.set("tool_choice", choice);
    }
  }

  private static ObjectNode toolChoice(
      ToolChoice asked, StructuredTool structured, boolean realTools) {
    ObjectNode choice = Json.object();
    if (asked != null && asked.mode() == ToolChoice.Mode.TOOL) {
      return choice.put("type", "tool").put("name", asked.toolName());
    }
    if (structured != null) {
      // The reply must come through a tool call: any tool when real ones may still be needed,
      // else the synthetic one. NONE keeps real tools defined (past turns may use them) but
      // forbids calling them.
      boolean any = realTools && (asked == null || asked.mode() != ToolChoice.Mode.NONE);
      return any
          ? choice.put("type", "any")
          : choice.put("type", "tool").put("name", structured.name());
    }
    if (asked == null) {
      return null;
    }
    switch (asked.mode()) {
      case AUTO:
        return choice.put("type", "auto");
      case NONE:
        return choice.put("type", "none");
      case REQUIRED:
        return choice.put("type", "any");
      default:
        throw new IllegalStateException("unhandled tool choice " + asked);
    }
  }
}
