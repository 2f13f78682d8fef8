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
  /** The provider gave a reason Cadre does not know, or none. */
  UNKNOWN
}
