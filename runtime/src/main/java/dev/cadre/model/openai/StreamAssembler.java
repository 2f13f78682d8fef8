package dev.cadre.model.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Json;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.ModelException;
import dev.cadre.model.StreamListener;
import dev.cadre.model.Usage;
import dev.cadre.model.http.HttpModelClient;
import dev.cadre.tool.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Builds one reply from the {@code chat.completion.chunk} events of a stream: text goes to the
 * listener as it arrives, tool calls are put together from their deltas, usage comes from the last
 * chunk. Not thread-safe; one per call.
 *
 * <p>What compatible servers do differently: a tool-call delta without an {@code index} (Gemini
 * sends each call whole in its own chunk) starts a new call when it brings an id of its own, and
 * continues the previous one otherwise; a stream that ends without {@code [DONE]} is complete once
 * a {@code finish_reason} has arrived (llama.cpp, TGI), as openai-python treats it.
 */
final class StreamAssembler implements HttpModelClient.ServerSentEvents {

  private final String provider;
  private final StreamListener listener;
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder refusal = new StringBuilder();
  private final StringBuilder reasoning = new StringBuilder();
  // Keyed by the delta's index: deltas of several calls may interleave.
  private final TreeMap<Integer, PartialCall> calls = new TreeMap<>();
  private String finishReason;
  private Usage usage;
  private PartialCall lastUnindexed;
  private String model;
  private String id;
  private ChatResponse response;

  StreamAssembler(String provider, StreamListener listener) {
    this.provider = provider;
    this.listener = listener;
  }

  /** Takes one event; the reply is assembled here, so its failures carry the request's id. */
  @Override
  public boolean onEvent(String event, String data) {
    if (accept(data)) {
      response = assemble();
      return true;
    }
    return false;
  }

  /** A stream that stopped without {@code [DONE]} is whole if a finish reason arrived. */
  @Override
  public boolean completeAtEnd() {
    if (finishReason == null) {
      return false;
    }
    response = assemble();
    return true;
  }

  /** Takes one event's data; returns true once the stream's {@code [DONE]} marker arrives. */
  boolean accept(String data) {
    String trimmed = data.strip();
    if (trimmed.equals("[DONE]")) {
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
          "malformed stream chunk (" + e.getOriginalMessage() + ")",
          false,
          null,
          data,
          null);
    }
    JsonNode error = chunk.path("error");
    if (!error.isMissingNode() && !error.isNull()) {
      String message =
          error.path("message").isTextual() ? error.path("message").asText() : "(no message)";
      throw new ModelException(
          provider, 0, "the stream reported an error: " + message, false, null, data, null);
    }
    if (model == null) {
      model = ChatCompletions.textOrNull(chunk.path("model"));
    }
    if (id == null) {
      id = ChatCompletions.textOrNull(chunk.path("id"));
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
    String thought = ChatCompletions.reasoningContent(delta);
    if (thought != null && !thought.isEmpty()) {
      reasoning.append(thought);
      listener.onReasoning(thought);
    }
    String content = ChatCompletions.content(delta.path("content"));
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
      String id = ChatCompletions.textOrNull(call.path("id"));
      PartialCall partial;
      if (call.path("index").canConvertToInt()) {
        partial = calls.computeIfAbsent(call.path("index").asInt(), PartialCall::new);
      } else {
        partial = unindexed(id);
      }
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

  /**
   * The call an index-less delta belongs to: a new one when the delta brings an id the previous
   * index-less call does not have, the previous one otherwise.
   */
  private PartialCall unindexed(String id) {
    boolean fresh = id != null && !id.isEmpty();
    if (lastUnindexed != null
        && (!fresh || lastUnindexed.id == null || lastUnindexed.id.equals(id))) {
      return lastUnindexed;
    }
    int next = calls.isEmpty() ? 0 : calls.lastKey() + 1;
    lastUnindexed = new PartialCall(next);
    calls.put(next, lastUnindexed);
    return lastUnindexed;
  }

  /** The assembled reply, once {@link #onEvent} or {@link #completeAtEnd} returned true. */
  ChatResponse response() {
    if (response == null) {
      throw new IllegalStateException("the stream has not finished");
    }
    return response;
  }

  private ChatResponse assemble() {
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
        model,
        id,
        reasoning.toString());
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
