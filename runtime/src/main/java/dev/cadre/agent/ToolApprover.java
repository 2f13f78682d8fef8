package dev.cadre.agent;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.IdGenerator;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether an {@link AssistantAgent} may run a tool call its model asked for, before it
 * runs ({@link AssistantAgent.Builder#toolApproval}). A refused call is not run; the model gets an
 * error result with the reason and may try something else.
 *
 * <p>It may block, waiting for a person ({@link #askPerson}); it should stop waiting when {@code
 * cancellation} is cancelled. An exception it throws refuses the call.
 */
@FunctionalInterface
public interface ToolApprover {

  /** The answers {@link #askPerson} takes as approval, compared ignoring case and blanks. */
  Set<String> YES = Set.of("y", "yes", "ok", "approve", "approved");

  /** Whether the agent may run the call {@code request} describes. */
  ApprovalDecision approve(ApprovalRequest request, CancellationToken cancellation)
      throws Exception;

  /** Approves every call: for tests and for turning approval off without rewiring. */
  static ToolApprover approveAll() {
    return (request, cancellation) -> ApprovalDecision.approve();
  }

  /**
   * Asks a person through {@code input}, showing the tool and its arguments. An answer in {@link
   * #YES} approves; any other answer refuses, the answer being the reason ("no" and blank give no
   * reason).
   */
  static ToolApprover askPerson(HumanInput input) {
    return askPerson(input, IdGenerator.RANDOM);
  }

  /**
   * Like {@link #askPerson(HumanInput)}, each question's id taken from {@code questionIds}: a test
   * gives a sequence, so the approvals' ids are the same on every run.
   */
  static ToolApprover askPerson(HumanInput input, IdGenerator questionIds) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(questionIds, "questionIds");
    return (request, cancellation) -> {
      Question question =
          new Question(
              questionIds.next(),
              request.agent(),
              "Agent '"
                  + request.agent()
                  + "' wants to call tool '"
                  + request.spec().name()
                  + "' with "
                  + request.call().arguments()
                  + ". Approve? (yes, or why not)",
              null);
      String answer = Answers.await(input, question, cancellation);
      String word = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
      if (YES.contains(word)) {
        return ApprovalDecision.approve();
      }
      boolean bare = word.isEmpty() || word.equals("n") || word.equals("no");
      return ApprovalDecision.refuse(
          "refused by a person" + (bare ? "" : ": " + answer.strip()));
    };
  }
}
