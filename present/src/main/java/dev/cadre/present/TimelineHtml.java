package dev.cadre.present;

import dev.cadre.present.ReportEntry.Turn;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run report's timeline: a lane per agent holding a bar per entry, each bar a link to the entry
 * in the transcript, over a time axis. Where bars and ticks sit is written to the stylesheet, not
 * the markup, so the page needs no inline style.
 */
final class TimelineHtml {

  private TimelineHtml() {}

  /**
   * Appends the timeline of {@code all} (numbered turns, in order) to {@code out} and their
   * positions, in percent of {@code span} milliseconds from {@code start}, to {@code css}; an
   * unfinished turn runs to the span's end.
   */
  static void write(
      StringBuilder out,
      StringBuilder css,
      List<Turn> all,
      ReportColours colours,
      long start,
      long span) {
    out.append("<section id=\"timeline\"><h2>Timeline</h2><div class=\"lanes\">");
    for (Map.Entry<String, String> agent : colours.byAgent().entrySet()) {
      out.append("<div class=\"lane\" data-agent=\"")
          .append(Html.escape(agent.getKey()))
          .append("\"><div class=\"lane-name\">")
          .append(Html.escape(agent.getKey()))
          .append("</div><div class=\"track\">");
      for (Turn turn : all) {
        if (turn.agent.equals(agent.getKey())) {
          bar(out, css, turn, agent.getValue(), start, span);
        }
      }
      out.append("</div></div>");
    }
    out.append("<div class=\"axis\"><div class=\"lane-name\"></div><div class=\"ticks\">");
    int n = 0;
    for (TimeAxis.Tick tick : TimeAxis.ticks(span)) {
      css.append(String.format(Locale.ROOT, ".cadre-run #tick-%d{left:%.3f%%}", n, tick.percent()));
      out.append("<span id=\"tick-")
          .append(n++)
          .append("\">")
          .append(tick.label())
          .append("</span>");
    }
    out.append("</div></div></div></section>\n");
  }

  private static void bar(
      StringBuilder out, StringBuilder css, Turn turn, String colour, long start, long span) {
    long end = turn.endOr(start + span);
    css.append(
        String.format(
            Locale.ROOT,
            ".cadre-run #bar-%s{left:%.3f%%;width:%.3f%%;background:%s}",
            turn.id,
            100.0 * (turn.start - start) / span,
            100.0 * (end - turn.start) / span,
            colour));
    out.append("<a class=\"bar")
        .append(turn.failed ? " failed" : "")
        .append("\" href=\"#")
        .append(turn.id)
        .append("\" id=\"bar-")
        .append(turn.id)
        .append("\" title=\"")
        .append(
            Html.escape(
                String.format(
                    Locale.ROOT,
                    "%s, %s: %s, %d tokens in, %d out, %d tool calls",
                    turn.agent,
                    turn.label,
                    TimeAxis.duration(end - turn.start),
                    turn.usage.inputTokens(),
                    turn.usage.outputTokens(),
                    turn.toolCalls)))
        .append("\"></a>");
  }
}
