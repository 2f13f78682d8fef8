package dev.cadre.model;

import dev.cadre.core.CancellationToken;
import java.net.InetSocketAddress;

/**
 * A chat model: the one extension point every provider implements.
 *
 * <p>Calls block the calling thread (Cadre runs agents on virtual threads where the JVM has them)
 * and stop early when the token is cancelled, with {@link dev.cadre.core.CancelledException}.
 * Failures raise {@link ModelException}, which names the provider and, for HTTP errors, the status
 * and the provider's own message.
 */
public interface ChatModel {

  /** What the model can do. */
  ModelInfo info();

  /**
   * Who serves the model, as telemetry names it ({@code gen_ai.provider.name}): {@code openai},
   * {@code anthropic}, {@code azure.ai.openai}... The default, for models that do not say, is
   * {@code unknown}.
   */
  default String provider() {
    return "unknown";
  }

  /**
   * The host and port the model is served from, as telemetry reports them ({@code server.address},
   * {@code server.port}): never a path, a query or credentials. The default, for a model that is
   * not called over the network or does not say, is null.
   */
  default InetSocketAddress server() {
    return null;
  }

  /**
   * Whether the provider takes the system prompt apart from the conversation (Anthropic's {@code
   * system} field), so telemetry records it as {@code gen_ai.system_instructions} rather than among
   * the input messages. The default is false: the system message is one of the messages.
   */
  default boolean separatesSystemInstructions() {
    return false;
  }

  /** Sends a request and waits for the whole reply. */
  ChatResponse chat(ChatRequest request, CancellationToken cancellation);

  /**
   * Sends a request and hands the reply's text to {@code listener} as it streams in.
   *
   * <p>The default does not stream: it waits for the whole reply and delivers its text as one
   * chunk, so every model can be used where streaming is asked for.
   *
   * @return the assembled reply, tool calls and usage included
   */
  default ChatResponse stream(
      ChatRequest request, StreamListener listener, CancellationToken cancellation) {
    ChatResponse response = chat(request, cancellation);
    if (response.text() != null && !response.text().isEmpty()) {
      listener.onText(response.text());
    }
    return response;
  }

  /** Sends a request that cannot be cancelled and waits for the reply. */
  default ChatResponse chat(ChatRequest request) {
    return chat(request, CancellationToken.none());
  }
}
