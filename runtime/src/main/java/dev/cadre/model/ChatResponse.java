package dev.cadre.model;

import dev.cadre.tool.ToolCall;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A model's reply.
 *
 * @param text the text, or null when the model only called tools
 * @param toolCalls the tools the model wants run, in its order
 * @param finishReason why it stopped
 * @param usage the tokens it consumed
 * @param model the model id the provider says answered
 * @param id the provider's id for this reply, such as OpenAI's {@code chatcmpl-...} or Anthropic's
 *     {@code msg_...}; null when it gave none
 * @param requestId the provider's id for the HTTP request, from its {@code x-request-id} or {@code
 *     request-id} header, to quote to its support; null when it sent none
 * @param reasoning the model's reasoning before its answer, in order: Anthropic thinking blocks
 *     with their signatures, DeepSeek's or vLLM's {@code reasoning_content}; empty when none
 */
public record ChatResponse(
    String text,
    List<ToolCall> toolCalls,
    FinishReason finishReason,
    Usage usage,
    String model,
    String id,
    String requestId,
    List<Reasoning> reasoning) {

  /** Copies the lists; an unknown finish reason and no usage get their defaults. */
  public ChatResponse {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    reasoning = reasoning == null ? List.of() : List.copyOf(reasoning);
    finishReason = finishReason == null ? FinishReason.UNKNOWN : finishReason;
    usage = usage == null ? Usage.ZERO : usage;
  }

  /** A reply without the provider's ids, as a test or a replay builds it. */
  public ChatResponse(
      String text, List<ToolCall> toolCalls, FinishReason finishReason, Usage usage, String model) {
    this(text, toolCalls, finishReason, usage, model, null, null, List.of());
  }

  /** A reply without reasoning. */
  public ChatResponse(
      String text,
      List<ToolCall> toolCalls,
      FinishReason finishReason,
      Usage usage,
      String model,
      String id,
      String requestId) {
    this(text, toolCalls, finishReason, usage, model, id, requestId, List.of());
  }

  /** This reply with the provider's request id, which comes from the HTTP headers. */
  public ChatResponse withRequestId(String requestId) {
    return new ChatResponse(text, toolCalls, finishReason, usage, model, id, requestId, reasoning);
  }

  /** The reasoning's text, its parts joined by blank lines; null when none was shown. */
  public String reasoningText() {
    String joined =
        reasoning.stream()
            .map(Reasoning::text)
            .filter(t -> t != null && !t.isEmpty())
            .collect(Collectors.joining("\n\n"));
    return joined.isEmpty() ? null : joined;
  }

  /** Whether the model asked for tool calls. */
  public boolean hasToolCalls() {
    return !toolCalls.isEmpty();
  }

  /**
   * This reply as the assistant message that goes into the conversation history, its reasoning
   * included.
   */
  public ChatMessage.Assistant toMessage(String agentName) {
    return new ChatMessage.Assistant(text, toolCalls, agentName, reasoning);
  }

  /** A reply of text alone, as a provider or a test would build it. */
  public static ChatResponse ofText(String text, Usage usage, String model) {
    Objects.requireNonNull(text, "text");
    return new ChatResponse(text, List.of(), FinishReason.STOP, usage, model);
  }
}
