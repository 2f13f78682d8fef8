package dev.cadre.model.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Json;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.Reasoning;
import dev.cadre.model.StreamListener;
import dev.cadre.model.http.HttpModelClient;
import dev.cadre.tool.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles a streamed Messages API reply from its server-sent events, handing text to the listener
 * as it arrives.
 *
 * <p>A structured answer (the synthetic tool's input) is not streamed piecemeal: it reaches the
 * listener whole when the message ends, and only when it is the reply's text, so the pieces the
 * listener receives always add up to {@link ChatResponse#text()}.
 */
final class MessagesStream implements HttpModelClient.ServerSentEvents {

  private final StreamListener listener;
  private final StructuredTool structured;
  private final Map<Integer, Block> blocks = new TreeMap<>();
  private String model;
  private String id;
  private long inputTokens;
  private long outputTokens;
  // The last usage object seen, for its cache counts: message_start's, or message_delta's when
  // that one repeats them.
  private JsonNode usageDetail = Json.object();
  private String stopReason;
  private ChatResponse response;

  MessagesStream(StreamListener listener, StructuredTool structured) {
    this.listener = listener;
    this.structured = structured;
  }

  /** One server-sent event; true once {@code message_stop} has arrived. */
  @Override
  public boolean onEvent(String name, String data) {
    JsonNode event;
    try {
      event = Json.parse(data);
    } catch (JsonProcessingException e) {
      throw MessagesReply.malformed(
          "a stream event is not JSON (" + e.getOriginalMessage() + ")", data);
    }
    if (event == null || !event.isObject()) {
      throw MessagesReply.malformed("a stream event is not a JSON object", data);
    }
    String type = event.path("type").asText(name == null ? "" : name);
    switch (type) {
      case "message_start":
        JsonNode message = event.path("message");
        model = message.path("model").asText(model);
        id = message.path("id").asText(id);
        inputTokens = MessagesReply.inputTokens(message.path("usage"));
        usageDetail = message.path("usage");
        outputTokens = message.path("usage").path("output_tokens").asLong(outputTokens);
        return false;
      case "content_block_start":
        start(event.path("index").asInt(), event.path("content_block"));
        return false;
      case "content_block_delta":
        delta(event.path("index").asInt(), event.path("delta"));
        return false;
      case "message_delta":
        stopReason = event.path("delta").path("stop_reason").asText(stopReason);
        JsonNode usage = event.path("usage");
        // Counts here are cumulative for the whole message, so they replace earlier ones.
        if (usage.has("output_tokens")) {
          outputTokens = usage.path("output_tokens").asLong();
        }
        if (usage.has("input_tokens")) {
          inputTokens = MessagesReply.inputTokens(usage);
        }
        if (usage.has("cache_read_input_tokens") || usage.has("cache_creation_input_tokens")) {
          usageDetail = usage;
        }
        return false;
      case "message_stop":
        finish();
        return true;
      case "error":
        throw MessagesReply.error(event.path("error"), 0, data);
      default:
        return false; // ping, content_block_stop, and event types newer than this client
    }
  }

  /** The assembled reply, once {@link #onEvent} has returned true. */
  ChatResponse response() {
    if (response == null) {
      throw new IllegalStateException("the stream has not finished");
    }
    return response;
  }

  private void start(int index, JsonNode block) {
    String type = block.path("type").asText();
    if (type.equals("text")) {
      Block text = new Block(Kind.TEXT, null, null);
      blocks.put(index, text);
      text.append(block.path("text").asText(""), listener);
    } else if (type.equals("tool_use")) {
      String name = block.path("name").asText();
      Kind kind =
          structured != null && name.equals(structured.name()) ? Kind.ANSWER : Kind.TOOL_USE;
      Block use = new Block(kind, block.path("id").asText(), name);
      // Input normally streams as deltas from an empty object; keep a non-empty one just in case.
      JsonNode input = block.path("input");
      if (input.isObject() && !input.isEmpty()) {
        use.initialInput = Json.write(input);
      }
      blocks.put(index, use);
    } else if (type.equals("thinking")) {
      Block thinking = new Block(Kind.THINKING, null, null);
      thinking.reason(block.path("thinking").asText(""), listener);
      thinking.signature = block.path("signature").asText(null);
      blocks.put(index, thinking);
    } else if (type.equals("redacted_thinking")) {
      Block redacted = new Block(Kind.REDACTED, null, null);
      redacted.content.append(block.path("data").asText(""));
      blocks.put(index, redacted);
    }
  }

  private void delta(int index, JsonNode delta) {
    Block block = blocks.get(index);
    if (block == null) {
      return; // a delta of a block type this client ignores, such as a server tool's
    }
    String type = delta.path("type").asText();
    if (type.equals("text_delta") && block.kind == Kind.TEXT) {
      block.append(delta.path("text").asText(""), listener);
    } else if (type.equals("thinking_delta") && block.kind == Kind.THINKING) {
      block.reason(delta.path("thinking").asText(""), listener);
    } else if (type.equals("signature_delta") && block.kind == Kind.THINKING) {
      block.signature =
          (block.signature == null ? "" : block.signature) + delta.path("signature").asText("");
    } else if (type.equals("input_json_delta") && block.kind != Kind.TEXT) {
      block.content.append(delta.path("partial_json").asText(""));
    }
  }

  private void finish() {
    StringBuilder text = null;
    List<ToolCall> calls = new ArrayList<>();
    List<Reasoning> reasoning = new ArrayList<>();
    String answer = null;
    for (Block block : blocks.values()) {
      switch (block.kind) {
        case THINKING:
          reasoning.add(Reasoning.thinking(block.content.toString(), block.signature));
          break;
        case REDACTED:
          reasoning.add(Reasoning.redacted(block.content.toString()));
          break;
        case TEXT:
          text = text == null ? new StringBuilder() : text;
          text.append(block.content);
          break;
        case TOOL_USE:
          calls.add(new ToolCall(block.id, block.name, block.input()));
          break;
        case ANSWER:
          answer = structured.answer(block.input());
          break;
        default:
          throw new IllegalStateException("unhandled block kind " + block.kind);
      }
    }
    response =
        MessagesReply.assemble(
            text == null ? null : text.toString(),
            calls,
            answer,
            stopReason,
            MessagesReply.usage(inputTokens, outputTokens, usageDetail),
            model,
            id,
            reasoning);
    if (answer != null && calls.isEmpty() && !answer.isEmpty()) {
      listener.onText(answer);
    }
  }

  private enum Kind {
    TEXT,
    TOOL_USE,
    ANSWER,
    THINKING,
    REDACTED
  }

  /**
   * One content block being assembled: text, a tool call's input JSON, thinking (with its
   * signature) or redacted thinking's data.
   */
  private static final class Block {
    final Kind kind;
    final String id;
    final String name;
    final StringBuilder content = new StringBuilder();
    String initialInput;
    String signature;

    Block(Kind kind, String id, String name) {
      this.kind = kind;
      this.id = id;
      this.name = name;
    }

    void append(String text, StreamListener listener) {
      if (!text.isEmpty()) {
        content.append(text);
        listener.onText(text);
      }
    }

    void reason(String text, StreamListener listener) {
      if (!text.isEmpty()) {
        content.append(text);
        listener.onReasoning(text);
      }
    }

    String input() {
      if (content.length() == 0 && initialInput != null) {
        return initialInput;
      }
      return content.length() == 0 ? "{}" : content.toString();
    }
  }
}
