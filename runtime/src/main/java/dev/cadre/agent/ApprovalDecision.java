package dev.cadre.agent;

/**
 * A {@link ToolApprover}'s verdict on one tool call.
 *
 * @param approved whether the call may run
 * @param reason why it was refused, for the model to read; null when approved
 */
public record ApprovalDecision(boolean approved, String reason) {

  private static final ApprovalDecision APPROVED = new ApprovalDecision(true, null);

  /** Checks the components. */
  public ApprovalDecision {
    if (!approved && (reason == null || reason.isBlank())) {
      reason = "no reason given";
    }
  }

  /** The call may run. */
  public static ApprovalDecision approve() {
    return APPROVED;
  }

  /** The call must not run; {@code reason} goes back to the model. */
  public static ApprovalDecision refuse(String reason) {
    return new ApprovalDecision(false, reason);
  }
}
