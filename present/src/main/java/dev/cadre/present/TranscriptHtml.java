package dev.cadre.present;

import dev.cadre.agent.AgentMessage;
import dev.cadre.present.ReportEntry.Item;
import dev.cadre.present.ReportEntry.Ledger;
import dev.cadre.present.ReportEntry.Note;
import dev.cadre.present.ReportEntry.Turn;
import dev.cadre.team.TeamEvent;
import java.util.List;
import java.util.Locale;

/**
 * A run report's transcript: every entry where it happened, each turn expandable with its tool
 * calls and results, reasoning and other work, then the message it ended with; notes and ledgers
 * between the turns. Every piece of text from the run is escaped.
 */
final class TranscriptHtml {

  private TranscriptHtml() {}

  /**
   * Appends the transcript of {@code entries} (turns numbered) to {@code out}, times counted from
   * {@code start}; an unfinished turn runs to {@code end}. With {@code costs} each turn shows its
   * cost.
   */
  static void write(
      StringBuilder out,
      List<ReportEntry> entries,
      ReportColours colours,
      boolean costs,
      long start,
      long end) {
    out.append("<section id=\"report-transcript\"><h2>Transcript</h2>");
    for (ReportEntry entry : entries) {
      if (entry instanceof Note note) {
        note(out, note, start);
      } else if (entry instanceof Ledger ledger) {
        out.append("<div class=\"note ledger\"><span class=\"at\">")
            .append(TimeAxis.duration(ledger.at() - start))
            .append("</span> ");
        if (ledger.event() instanceof TeamEvent.TaskLedgerWritten task) {
          LedgerHtml.task(out, task);
        } else {
          LedgerHtml.progress(out, (TeamEvent.ProgressLedgerWritten) ledger.event());
        }
        out.append("</div>");
      } else {
        turn(out, (Turn) entry, colours, costs, start, end);
      }
    }
    out.append("</section>\n");
  }

  private static void note(StringBuilder out, Note note, long start) {
    out.append("<div class=\"note ")
        .append(note.kind())
        .append("\"><span class=\"at\">")
        .append(TimeAxis.duration(note.at() - start))
        .append("</span> ");
    if (note.kind().equals("task")) {
      out.append("<details class=\"message\" open><summary>user</summary><pre>")
          .append(Html.escape(note.text()))
          .append("</pre></details>");
    } else {
      out.append(Html.escape(note.text()));
    }
    out.append("</div>");
  }

  private static void turn(
      StringBuilder out, Turn turn, ReportColours colours, boolean costs, long start, long end) {
    long stop = turn.endOr(end);
    out.append("<details class=\"turn")
        .append(turn.failed ? " failed" : "")
        .append("\" id=\"")
        .append(turn.id)
        .append("\" data-agent=\"")
        .append(Html.escape(turn.agent))
        .append("\" open><summary><span class=\"swatch ")
        .append(colours.cssClass(turn.agent))
        .append("\"></span><b>")
        .append(Html.escape(turn.agent))
        .append("</b> ")
        .append(turn.failed ? "<span class=\"failed-mark\">✗ failed</span> " : "")
        .append(
            String.format(
                Locale.ROOT,
                "%s · at %s · <span class=\"duration\">%s</span> · "
                    + "<span class=\"tokens\">%d in, %d out</span> · %d tool calls",
                Html.escape(turn.label),
                TimeAxis.duration(turn.start - start),
                TimeAxis.duration(stop - turn.start),
                turn.usage.inputTokens(),
                turn.usage.outputTokens(),
                turn.toolCalls))
        .append(costs ? " · <span class=\"cost\">cost " + turn.cost.shown() + "</span>" : "")
        .append("</summary>");
    for (Item item : turn.items) {
      out.append("<details class=\"")
          .append(item.kind())
          .append(item.error() ? " error" : "")
          .append("\"><summary><span class=\"at\">")
          .append(TimeAxis.duration(item.at() - start))
          .append("</span> ")
          .append(Html.escape(item.title()))
          .append("</summary><pre>")
          .append(Html.escape(item.body()))
          .append("</pre></details>");
    }
    String text =
        turn.message != null
            ? turn.message.toText()
            : turn.reply != null ? turn.reply : turn.within != null ? "" : turn.streamed.toString();
    if (turn.message instanceof AgentMessage.Handoff handoff) {
      text += "\n\n(hands off to " + handoff.target() + ")";
    }
    if (!text.isEmpty() && !(turn.message instanceof AgentMessage.ToolCallSummary)) {
      out.append("<details class=\"message\" open><summary>")
          .append(
              turn.message != null
                  ? "message"
                  : turn.reply != null ? "reply" : "streamed text (no final message)")
          .append("</summary><pre>")
          .append(Html.escape(text))
          .append("</pre></details>");
    }
    out.append("</details>");
  }
}
