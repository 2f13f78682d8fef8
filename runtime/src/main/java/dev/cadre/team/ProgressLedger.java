package dev.cadre.team;

import java.util.Objects;

/**
 * What a {@link MagenticOne} orchestrator's model answered about the run's progress before a turn:
 * four questions and who speaks next with what instruction, each with the model's reason. It is
 * model text: bounded by the orchestrator, never trusted.
 *
 * @param requestSatisfied whether the task is done (then the orchestrator writes its final answer)
 * @param inLoop whether the team is repeating itself (a stall)
 * @param progressBeingMade whether the last turns moved the task on (no progress is a stall)
 * @param nextSpeaker the participant who speaks next
 * @param instruction what the orchestrator tells or asks the next speaker
 */
public record ProgressLedger(
    Verdict requestSatisfied,
    Verdict inLoop,
    Verdict progressBeingMade,
    Answer nextSpeaker,
    Answer instruction) {

  /** Checks the components. */
  public ProgressLedger {
    Objects.requireNonNull(requestSatisfied, "requestSatisfied");
    Objects.requireNonNull(inLoop, "inLoop");
    Objects.requireNonNull(progressBeingMade, "progressBeingMade");
    Objects.requireNonNull(nextSpeaker, "nextSpeaker");
    Objects.requireNonNull(instruction, "instruction");
  }

  /** Whether this ledger counts as a stall: no progress, or a loop. */
  public boolean stalled() {
    return !progressBeingMade.answer() || inLoop.answer();
  }

  /**
   * A yes-or-no answer.
   *
   * @param answer the answer
   * @param reason the model's reason for it
   */
  public record Verdict(boolean answer, String reason) {
    /** Checks the components. */
    public Verdict {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * A written answer.
   *
   * @param answer the answer
   * @param reason the model's reason for it
   */
  public record Answer(String answer, String reason) {
    /** Checks the components. */
    public Answer {
      Objects.requireNonNull(answer, "answer");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
