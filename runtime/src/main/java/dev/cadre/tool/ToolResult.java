package dev.cadre.tool;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cadre.model.ContentPart;
import java.util.List;
import java.util.Objects;

/**
 * What running one {@link ToolCall} produced, ready to go back to the model.
 *
 * @param callId the id of the call this answers
 * @param name the tool's name
 * @param content the result text, or an error the model can read and act on
 * @param error true when {@code content} describes a failure
 * @param parts images (or documents) the result shows the model after its text, such as a
 *     screenshot; empty for a result of text alone
 */
public record ToolResult(
    String callId,
    String name,
    String content,
    boolean error,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ContentPart> parts) {
  /** Checks the required components and copies the parts. */
  public ToolResult {
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    parts = parts == null ? List.of() : List.copyOf(parts);
  }

  /** A result of text alone. */
  public ToolResult(String callId, String name, String content, boolean error) {
    this(callId, name, content, error, List.of());
  }

  /** The successful result of {@code call}. */
  public static ToolResult success(ToolCall call, String content) {
    return new ToolResult(call.id(), call.name(), content, false);
  }

  /** A result with images (or documents) after its text, for a model that reads them. */
  public static ToolResult withParts(ToolCall call, String content, List<ContentPart> parts) {
    return new ToolResult(call.id(), call.name(), content, false, parts);
  }

  /** A failed call: {@code message} is the error the model reads. */
  public static ToolResult failure(ToolCall call, String message) {
    return new ToolResult(call.id(), call.name(), message, true);
  }
}
