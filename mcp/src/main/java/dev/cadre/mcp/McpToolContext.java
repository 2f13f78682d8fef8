package dev.cadre.mcp;

import dev.cadre.core.CancellationToken;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a running {@link McpServerTool} may do with the client that called it: report progress,
 * send log messages, ask the client's model, ask the client's user. Each reaches that one client;
 * a client that did not offer sampling or elicitation makes those fail with {@link McpException}.
 */
public final class McpToolContext {

  private final McpSyncServerExchange exchange;
  private final Object progressToken;
  private final CancellationToken cancellation;

  McpToolContext(
      McpSyncServerExchange exchange, Object progressToken, CancellationToken cancellation) {
    this.exchange = exchange;
    this.progressToken = progressToken;
    this.cancellation = cancellation;
  }

  /** Cancelled when the client cancels the call, or the tool exceeds its timeout. */
  public CancellationToken cancellation() {
    return cancellation;
  }

  /**
   * Tells the client how far the call has come; sent only if the client asked for progress.
   *
   * @param total how far it will go, or null if not known
   * @param message what it is doing, or null
   */
  public void progress(double progress, Double total, String message) {
    if (progressToken != null) {
      exchange.progressNotification(
          new McpSchema.ProgressNotification(progressToken, progress, total, message));
    }
  }

  /**
   * Sends a log message to the client at {@code level} ({@code debug}, {@code info}, {@code
   * warning}, {@code error}...), if the client's log level lets it through.
   */
  public void log(String level, String message) {
    exchange.loggingNotification(
        new McpSchema.LoggingMessageNotification(
            McpSchema.LoggingLevel.valueOf(level.toUpperCase(Locale.ROOT)), "cadre", message));
  }

  /**
   * Asks the client's model {@code prompt} (MCP sampling) and returns its text.
   *
   * @throws McpException if the client offers no sampling, or refused
   */
  public String sample(String prompt, int maxTokens) {
    if (exchange.getClientCapabilities() == null
        || exchange.getClientCapabilities().sampling() == null) {
      throw new McpException("the client offers no sampling: it cannot be asked for a reply");
    }
    McpSchema.CreateMessageResult result =
        exchange.createMessage(
            McpSchema.CreateMessageRequest.builder(
                    List.of(
                        new McpSchema.SamplingMessage(
                            McpSchema.Role.USER, new McpSchema.TextContent(prompt))),
                    maxTokens)
                .build());
    return ContentText.render(List.of(result.content()));
  }

  /**
   * Asks the client's user {@code message}, with a form described by {@code schema} (an object
   * schema of plain fields, with defaults and enums).
   *
   * @return the answers, or null if the user declined or cancelled
   * @throws McpException if the client offers no elicitation
   */
  public Map<String, Object> elicit(String message, Map<String, Object> schema) {
    if (exchange.getClientCapabilities() == null
        || exchange.getClientCapabilities().elicitation() == null) {
      throw new McpException("the client offers no elicitation: its user cannot be asked");
    }
    McpSchema.ElicitResult result =
        exchange.createElicitation(new McpSchema.ElicitFormRequest(message, schema, null));
    return result.action() == McpSchema.ElicitResult.Action.ACCEPT
        ? (result.content() == null ? Map.of() : result.content())
        : null;
  }
}
