package dev.cadre.present;

import dev.cadre.present.ReportEntry.Turn;
import java.util.List;
import java.util.Locale;

/**
 * A run report's table of agents: each agent's turns, tool calls, tokens, time in its entries and
 * (with prices) cost, as {@link RunTally} counts them for the console too, and the run's total with
 * its wall time.
 */
final class AgentTableHtml {

  private AgentTableHtml() {}

  /**
   * Appends the table to {@code out}: a row per agent of {@code colours}, its time the sum of its
   * entries in {@code all} (an unfinished one running to {@code end}), and a total that reads
   * {@code wall} milliseconds. With {@code costs} a cost column is added.
   */
  static void write(
      StringBuilder out,
      List<Turn> all,
      RunTally tally,
      ReportColours colours,
      boolean costs,
      long end,
      long wall) {
    out.append(
        "<section id=\"report-agents\"><h2>Agents</h2><div class=\"table-box\"><table><thead><tr>"
            + "<th>agent</th><th>turns</th><th>tool calls</th><th>tokens in</th>"
            + "<th>tokens out</th><th>time in turns</th>"
            + (costs ? "<th>cost</th>" : "")
            + "</tr></thead><tbody>");
    for (String agent : colours.byAgent().keySet()) {
      long millis = 0;
      for (Turn turn : all) {
        if (turn.agent.equals(agent)) {
          millis += turn.endOr(end) - turn.start;
        }
      }
      out.append("<tr data-agent=\"")
          .append(Html.escape(agent))
          .append("\"><td><span class=\"swatch ")
          .append(colours.cssClass(agent))
          .append("\"></span>")
          .append(Html.escape(agent))
          .append("</td>")
          .append(cells(tally.get(agent), TimeAxis.duration(millis), costs))
          .append("</tr>");
    }
    out.append("</tbody><tfoot><tr><td>total</td>")
        .append(cells(tally.total(), "wall " + TimeAxis.duration(wall), costs))
        .append("</tr></tfoot></table></div></section>\n");
  }

  private static String cells(RunTally.Tally tally, String time, boolean costs) {
    return String.format(
            Locale.ROOT,
            "<td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%s</td>",
            tally.turns,
            tally.toolCalls,
            tally.usage.inputTokens(),
            tally.usage.outputTokens(),
            time)
        + (costs ? "<td>" + tally.cost.shown() + "</td>" : "");
  }
}
