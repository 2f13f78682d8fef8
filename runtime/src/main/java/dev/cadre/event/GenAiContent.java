package dev.cadre.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.Reasoning;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.io.IOException;
import java.util.List;

/**
 * Message content in the JSON form of the GenAI conventions, for the content attributes that
 * {@link Telemetry#recordingContent(boolean)} turns on: each message a {@code role} and its {@code
 * parts} ({@code text}, {@code tool_call}, {@code tool_call_response}).
 */
final class GenAiContent {

  private GenAiContent() {}

  /**
   * {@code messages} as the conventions' message array; output messages also carry their {@code
   * finish_reason}, null for input. With {@code systemApart}, for a provider that takes the system
   * prompt apart from the conversation, system messages are left out: {@link #instructions} holds
   * them.
   */
  static String messages(List<ChatMessage> messages, String finishReason, boolean systemApart) {
    ArrayNode array = Json.mapper().createArrayNode();
    for (ChatMessage message : messages) {
      if (systemApart && message instanceof ChatMessage.System) {
        continue;
      }
      ObjectNode node = array.addObject();
      ArrayNode parts = Json.mapper().createArrayNode();
      if (message instanceof ChatMessage.System system) {
        node.put("role", "system");
        text(parts, system.content());
      } else if (message instanceof ChatMessage.User user) {
        node.put("role", "user");
        text(parts, user.content());
      } else if (message instanceof ChatMessage.Assistant assistant) {
        node.put("role", "assistant");
        // The conventions' reasoning part: what the model showed of its thinking, never its
        // signature or encrypted data.
        for (Reasoning reasoning : assistant.reasoning()) {
          if (reasoning.text() != null && !reasoning.text().isEmpty()) {
            parts.addObject().put("type", "reasoning").put("content", reasoning.text());
          }
        }
        text(parts, assistant.content());
        for (ToolCall call : assistant.toolCalls()) {
          ObjectNode part = parts.addObject().put("type", "tool_call");
          part.put("id", call.id()).put("name", call.name());
          part.set("arguments", argumentsOf(call));
        }
      } else if (message instanceof ChatMessage.ToolResults results) {
        node.put("role", "tool");
        for (ToolResult result : results.results()) {
          parts
              .addObject()
              .put("type", "tool_call_response")
              .put("id", result.callId())
              .put("response", result.content());
        }
      }
      node.set("parts", parts);
      if (finishReason != null) {
        node.put("finish_reason", finishReason);
      }
    }
    return Json.write(array);
  }

  /**
   * The system messages of {@code messages} as the conventions' {@code gen_ai.system_instructions}:
   * an array of their text parts; null when there are none.
   */
  static String instructions(List<ChatMessage> messages) {
    ArrayNode parts = Json.mapper().createArrayNode();
    for (ChatMessage message : messages) {
      if (message instanceof ChatMessage.System system) {
        text(parts, system.content());
      }
    }
    return parts.isEmpty() ? null : Json.write(parts);
  }

  private static void text(ArrayNode parts, String content) {
    if (content != null) {
      parts.addObject().put("type", "text").put("content", content);
    }
  }

  /** A call's arguments as the JSON they are, or as the text they are when that is not JSON. */
  private static JsonNode argumentsOf(ToolCall call) {
    try {
      return Json.parse(call.arguments());
    } catch (IOException | RuntimeException e) {
      return TextNode.valueOf(call.arguments());
    }
  }
}
