package dev.cadre.model.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Json;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelException;
import dev.cadre.model.StreamListener;
import dev.cadre.model.Usage;
import dev.cadre.tool.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds one reply from the {@code chat.completion.chunk} events of a stream: text goes to the
 * listener as it arrives, tool calls are put together from their deltas, usage comes from the last
 * chunk. Not thread-safe; one per call.
 */
final class StreamAssembler {

  private final String provider;
  private final StreamListener listener;
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder refusal = new StringBuilder();
  // Keyed by the delta's index: deltas of several calls may interleave.
  private final Map<Integer, PartialCall> calls = new TreeMap<>();
  private String finishReason;
  private Usage usage;
  private String model;
  private boolean done;

  StreamAssembler(String provider, StreamListener listener) {
    this.provider = provider;
    this.listener = listener;
  }

  /** Takes one event's data; returns true once the stream's {@code [DONE]} marker arrives. */
  boolean accept(String data) {
    String trimmed = data.strip();
    if (trimmed.equals("[DONE]")) {
      done = true;
      return true;
    }
    if (trimmed.isEmpty()) {
      return false;
    }
    JsonNode chunk;
    try {
      chunk = Json.parse(trimmed);
    } catch (JsonProcessingException e) {
      throw new ModelException(
          provider,
          0,
          "malformed stream chunk ("
              + e.getOriginalMessage()
              + "): "
              + ChatCompletions.excerpt(data),
          false,
          e);
    }
    JsonNode error = chunk.path("error");
    if (!error.isMissingNode() && !error.isNull()) {
      String message =
          error.path("message").isTextual() ? error.path("message").asText() : error.toString();
      throw new ModelException(provider, 0, "the stream reported an error: " + message, false);
    }
    if (model == null) {
      model = ChatCompletions.textOrNull(chunk.path("model"));
    }
    Usage chunkUsage = ChatCompletions.usage(chunk.path("usage"));
    if (chunkUsage != null) {
      usage = chunkUsage;
    }
    for (JsonNode choice : chunk.path("choices")) {
      if (choice.path("index").asInt(0) == 0) {
        acceptChoice(choice);
      }
    }
    return false;
  }

  private void acceptChoice(JsonNode choice) {
    JsonNode delta = choice.path("delta");
    String content = ChatCompletions.textOrNull(delta.path("content"));
    if (content != null && !content.isEmpty()) {
      text.append(content);
      listener.onText(content);
    }
    String refused = ChatCompletions.textOrNull(delta.path("refusal"));
    if (refused != null && !refused.isEmpty()) {
      refusal.append(refused);
      listener.onText(refused);
    }
    JsonNode toolCalls = delta.path("tool_calls");
    for (int i = 0; i < toolCalls.size(); i++) {
      JsonNode call = toolCalls.get(i);
      // Servers that send each call whole in one delta sometimes leave out the index.
      int index = call.path("index").asInt(i);
      PartialCall partial = calls.computeIfAbsent(index, PartialCall::new);
      String id = ChatCompletions.textOrNull(call.path("id"));
      if (partial.id == null && id != null && !id.isEmpty()) {
        partial.id = id;
      }
      JsonNode function = call.path("function");
      String name = ChatCompletions.textOrNull(function.path("name"));
      if (name != null) {
        partial.name.append(name);
      }
      String arguments = ChatCompletions.arguments(function.path("arguments"));
      if (arguments != null) {
        partial.arguments.append(arguments);
      }
    }
    String reason = ChatCompletions.textOrNull(choice.path("finish_reason"));
    if (reason != null) {
      finishReason = reason;
    }
  }

  /** The assembled reply; call after {@link #accept} has seen {@code [DONE]}. */
  ChatResponse response() {
    if (!done) {
      throw new IllegalStateException("the stream has not finished");
    }
    List<ToolCall> assembled = new ArrayList<>();
    for (PartialCall partial : calls.values()) {
      assembled.add(
          ChatCompletions.toolCall(
              partial.id,
              partial.index,
              partial.name.toString(),
              partial.arguments.toString(),
              provider));
    }
    return ChatCompletions.response(
        text.length() == 0 ? null : text.toString(),
        refusal.toString(),
        assembled,
        finishReason,
        usage,
        model);
  }

  private static final class PartialCall {
    final int index;
    String id;
    final StringBuilder name = new StringBuilder();
    final StringBuilder arguments = new StringBuilder();

    PartialCall(int index) {
      this.index = index;
    }
  }
}
