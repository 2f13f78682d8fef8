package dev.cadre.tool;

import java.util.Objects;

/**
 * A model's request to run one tool.
 *
 * @param id the provider's id for the call, echoed back with its result
 * @param name the tool's name as the model wrote it (it may name no tool at all)
 * @param arguments the arguments as the model wrote them: JSON text, not guaranteed to be valid
 */
public record ToolCall(String id, String name, String arguments) {
  /** Checks the id and name; blank arguments become {@code {}}. */
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
  }
}
