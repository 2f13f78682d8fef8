package dev.cadre.spec;

import java.util.List;

/**
 * A spec that cannot be loaded, with every problem found in it (a spec never half-loads: it is read
 * and checked whole, and nothing is built unless nothing is wrong).
 */
public final class SpecException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<SpecFinding> findings;

  /** An exception listing {@code findings}, errors first. */
  public SpecException(String file, List<SpecFinding> findings) {
    super(message(file, findings));
    this.findings = List.copyOf(findings);
  }

  /** Every problem found, each with its tag and location. */
  public List<SpecFinding> findings() {
    return findings;
  }

  private static String message(String file, List<SpecFinding> findings) {
    long errors = findings.stream().filter(SpecFinding::error).count();
    StringBuilder text = new StringBuilder("spec ").append(file).append(" has ");
    text.append(errors).append(errors == 1 ? " problem:" : " problems:");
    for (SpecFinding finding : findings) {
      text.append("\n  ").append(finding);
    }
    return text.toString();
  }
}
