package dev.cadre.present;

import dev.cadre.team.ProgressLedger;
import dev.cadre.team.TeamEvent;
import java.util.function.UnaryOperator;

/**
 * A Magentic-One progress ledger in one line, the same on the console and in the run report; each
 * passes the escaping its medium needs for the model's words.
 */
final class LedgerText {

  private LedgerText() {}

  /**
   * The answers, the stall count and who is next, such as {@code progress, turn 2: done no,
   * progress yes, loop no, stalls 0; next: analyst}; {@code shown} makes the speaker's name, model
   * text, safe to show.
   */
  static String progress(TeamEvent.ProgressLedgerWritten progress, UnaryOperator<String> shown) {
    ProgressLedger ledger = progress.ledger();
    return "progress, turn "
        + progress.turn()
        + ": done "
        + yesNo(ledger.requestSatisfied().answer())
        + ", progress "
        + yesNo(ledger.progressBeingMade().answer())
        + ", loop "
        + yesNo(ledger.inLoop().answer())
        + ", stalls "
        + progress.stalls()
        + (ledger.requestSatisfied().answer()
            ? ""
            : "; next: " + shown.apply(ledger.nextSpeaker().answer()));
  }

  static String yesNo(boolean answer) {
    return answer ? "yes" : "no";
  }
}
