package dev.cadre.model;

import java.util.Objects;

/**
 * Whether and which tools the model may call.
 *
 * @param mode auto, none, required, or one named tool
 * @param toolName the tool when {@code mode} is {@link Mode#TOOL}, else null
 */
public record ToolChoice(Mode mode, String toolName) {

  /** How the model chooses. */
  public enum Mode {
    /** The model decides. */
    AUTO,
    /** The model must not call tools. */
    NONE,
    /** The model must call at least one tool. */
    REQUIRED,
    /** The model must call {@link #toolName}. */
    TOOL
  }

  /** The model decides. */
  public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
  /** The model must not call tools. */
  public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
  /** The model must call at least one tool. */
  public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

  /** Checks that a tool is named exactly when the mode is {@link Mode#TOOL}. */
  public ToolChoice {
    Objects.requireNonNull(mode, "mode");
    if ((mode == Mode.TOOL) != (toolName != null)) {
      throw new IllegalArgumentException("a tool name goes with mode TOOL and only with it");
    }
  }

  /** The model must call the tool named {@code name}. */
  public static ToolChoice tool(String name) {
    return new ToolChoice(Mode.TOOL, name);
  }
}
