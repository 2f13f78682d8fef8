package dev.cadre.tool;

import java.util.Objects;

/**
 * What running one {@link ToolCall} produced, ready to go back to the model.
 *
 * @param callId the id of the call this answers
 * @param name the tool's name
 * @param content the result text, or an error the model can read and act on
 * @param error true when {@code content} describes a failure
 */
public record ToolResult(String callId, String name, String content, boolean error) {
  public ToolResult {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
  }

  public static ToolResult success(ToolCall call, String content) {
    return new ToolResult(call.id(), call.name(), content, false);
  }

  public static ToolResult failure(ToolCall call, String message) {
    return new ToolResult(call.id(), call.name(), message, true);
  }
}
