package dev.cadre.samples.annotated;

import java.util.List;

/** A code reviewer's structured answer. */
public record Review(Verdict verdict, List<String> issues) {

  /** Whether the change may go in. */
  public enum Verdict {
    APPROVE,
    REQUEST_CHANGES
  }
}
