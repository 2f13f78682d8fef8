package dev.cadre.spec;

import java.util.Objects;

/**
 * One problem found in a spec file.
 *
 * @param tag the stable tag, e.g. {@code Cadre/SpecUnknownKey}, or a graph rule's tag such as
 *     {@code Cadre/UnknownHandoff}
 * @param message a plain sentence: what is wrong, naming the key path, and how to mend it
 * @param where where in the file
 * @param error whether it stops the spec from loading (false for a warning)
 */
public record SpecFinding(String tag, String message, SpecLocation where, boolean error) {

  public SpecFinding {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(where, "where");
  }

  /** {@code file:line:column: [tag] message}, with {@code warning: } before warnings. */
  @Override
  public String toString() {
    return where + ": " + (error ? "" : "warning: ") + "[" + tag + "] " + message;
  }
}
