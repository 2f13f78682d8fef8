package dev.cadre.present;

import dev.cadre.team.ProgressLedger;
import dev.cadre.team.TeamEvent;

/**
 * A Magentic-One orchestrator's ledgers as the run report's transcript shows them: the task
 * ledger's facts and plan, and each progress ledger's answers in a table beside the model's
 * reasons. Every word the model wrote is escaped.
 */
final class LedgerHtml {

  private LedgerHtml() {}

  /** A task ledger, open: the facts and the plan, and why a re-plan was made. */
  static void task(StringBuilder out, TeamEvent.TaskLedgerWritten ledger) {
    out.append("<details class=\"ledger task\" open><summary>")
        .append(
            ledger.replan() == 0
                ? "task ledger: facts and plan"
                : "re-plan " + ledger.replan() + ": " + Html.escape(ledger.reason()))
        .append("</summary><h3>Facts</h3><pre>")
        .append(Html.escape(ledger.facts()))
        .append("</pre><h3>Plan</h3><pre>")
        .append(Html.escape(ledger.plan()))
        .append("</pre></details>");
  }

  /**
   * A progress ledger: its answers on the summary line, as the console prints them, and each answer
   * with the model's reason in a table.
   */
  static void progress(StringBuilder out, TeamEvent.ProgressLedgerWritten progress) {
    ProgressLedger ledger = progress.ledger();
    out.append("<details class=\"ledger progress\"><summary>")
        .append(LedgerText.progress(progress, Html::escape))
        .append("</summary><table class=\"ledger\"><thead><tr><th>question</th><th>answer</th>")
        .append("<th>reason</th></tr></thead><tbody>");
    verdictRow(out, "request satisfied?", ledger.requestSatisfied());
    verdictRow(out, "in a loop?", ledger.inLoop());
    verdictRow(out, "progress being made?", ledger.progressBeingMade());
    row(out, "next speaker", ledger.nextSpeaker().answer(), ledger.nextSpeaker().reason());
    row(out, "instruction", ledger.instruction().answer(), ledger.instruction().reason());
    out.append("</tbody></table></details>");
  }

  private static void verdictRow(
      StringBuilder out, String question, ProgressLedger.Verdict verdict) {
    row(out, question, LedgerText.yesNo(verdict.answer()), verdict.reason());
  }

  private static void row(StringBuilder out, String question, String answer, String reason) {
    out.append("<tr><td>")
        .append(question)
        .append("</td><td>")
        .append(Html.escape(answer))
        .append("</td><td>")
        .append(Html.escape(reason))
        .append("</td></tr>");
  }
}
