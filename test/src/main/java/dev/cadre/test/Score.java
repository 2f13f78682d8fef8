package dev.cadre.test;

import java.util.Objects;

/**
 * How one scorer judged one case.
 *
 * @param scorer the scorer's name, a column of the table
 * @param passed whether the case passed it
 * @param reason why, in a few words; never null
 */
public record Score(String scorer, boolean passed, String reason) {

  public Score {
    Objects.requireNonNull(scorer, "scorer");
    reason = reason == null ? "" : reason;
  }
}
