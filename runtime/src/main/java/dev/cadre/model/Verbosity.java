package dev.cadre.model;

import java.util.Locale;

/** How long a model's answers are (OpenAI's {@code verbosity}), apart from how hard it thinks. */
public enum Verbosity {
  LOW,
  MEDIUM,
  HIGH;

  /** The name the wire format uses, such as {@code low}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
