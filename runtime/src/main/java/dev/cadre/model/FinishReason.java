package dev.cadre.model;

/** Why a model stopped writing, in terms common to every provider. */
public enum FinishReason {
  /** A natural end, or a stop sequence. */
  STOP,
  /** The output token limit was reached. */
  LENGTH,
  /** The model wants tools to run. */
  TOOL_CALLS,
  /** The provider withheld output. */
  CONTENT_FILTER,
  /**
   * The provider paused a long turn (Anthropic's {@code pause_turn}, during server tools): send the
   * reply back as it is to let the model go on.
   */
  PAUSE_TURN,
  /** The provider gave a reason Cadre does not know, or none. */
  UNKNOWN
}
