package dev.cadre.agent;

import dev.cadre.tool.ToolSpec;
import java.util.Objects;

/**
 * An agent this agent may hand the conversation to. The model sees it as a tool named
 * {@code transfer_to_<target>}.
 *
 * @param target the name of the agent to hand over to
 * @param description when to hand over, in words the model reads
 * @param message what the handing agent says as it hands over
 */
public record Handoff(String target, String description, String message) {

  /** Checks the components. */
  public Handoff {
    Objects.requireNonNull(target, "target");
    if (!ToolSpec.isValidName(toolName(target))) {
      throw new IllegalArgumentException(
          "handoff target '"
              + target
              + "' does not make a valid tool name 'transfer_to_"
              + target
              + "': agent names used as handoff targets may hold only letters, digits, '_' and '-',"
              + " 52 at most");
    }
    description = description == null || description.isBlank()
        ? "Hand the conversation over to " + target + "."
        : description;
    message = message == null || message.isBlank()
        ? "Transferred to " + target + ", adopting the role of " + target + " immediately."
        : message;
  }

  /** A handoff to {@code target} with the default description and message. */
  public static Handoff to(String target) {
    return new Handoff(target, null, null);
  }

  /** The tool name the model calls to hand over. */
  public String toolName() {
    return toolName(target);
  }

  static String toolName(String target) {
    return "transfer_to_" + target;
  }
}
