package dev.cadre.model;

import java.util.Locale;

/** How long a model's answers are (OpenAI's {@code verbosity}), apart from how hard it thinks. */
public enum Verbosity {
  /** Short answers. */
  LOW,
  /** The provider's usual length. */
  MEDIUM,
  /** Long answers. */
  HIGH;

  /** The name the wire format uses, such as {@code low}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
