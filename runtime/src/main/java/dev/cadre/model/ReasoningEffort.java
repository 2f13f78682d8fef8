package dev.cadre.model;

import java.util.Locale;

/**
 * How hard a reasoning model thinks before it answers (OpenAI's {@code reasoning_effort}): less is
 * faster and cheaper, more is better on hard problems.
 */
public enum ReasoningEffort {
  /** No reasoning, where the model supports turning it off. */
  NONE,
  /** As little as the model allows. */
  MINIMAL,
  /** Little reasoning. */
  LOW,
  /** The provider's usual amount. */
  MEDIUM,
  /** As much as the model allows. */
  HIGH;

  /** The name the wire format uses, such as {@code low}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
