package dev.cadre.test;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.event.TerminalText;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.util.List;

/**
 * A run's timeline as a failed assertion prints it: numbered entries, one a line, the entry where
 * the assertion failed marked. Model text is untrusted, so it is cleaned of anything a terminal
 * would act on and cut short.
 */
final class Transcripts {

  /** Entries shown either side of the one that failed. */
  static final int RADIUS = 3;

  private static final int LONGEST = 160;

  private Transcripts() {}

  /** The entries around {@code index} of the timeline, that one marked with {@code >}. */
  static String around(TaskResult result, int index) {
    List<TeamEvent> timeline = result.timeline();
    if (timeline.isEmpty()) {
      return "the run's timeline is empty (stop: " + result.stopReason() + ")";
    }
    int at = index < 0 ? timeline.size() - 1 : Math.min(index, timeline.size() - 1);
    int from = Math.max(0, at - RADIUS);
    int to = Math.min(timeline.size(), at + RADIUS + 1);
    StringBuilder out = new StringBuilder("transcript (entries ");
    out.append(from + 1).append("-").append(to).append(" of ").append(timeline.size()).append("):");
    for (int i = from; i < to; i++) {
      out.append("\n").append(i == at && index >= 0 ? "  > " : "    ");
      out.append(String.format("#%d ", i + 1)).append(line(timeline.get(i)));
    }
    out.append("\nstop: ").append(clean(result.stopReason()));
    return out.toString();
  }

  /** One timeline entry as a line: who, and what. */
  static String line(TeamEvent event) {
    if (event instanceof TeamEvent.Message message) {
      AgentMessage m = message.message();
      String kind = m instanceof AgentMessage.Text ? "" : " [" + kind(m) + "]";
      return clean(m.source()) + kind + ": " + clean(m.toText());
    }
    if (event instanceof TeamEvent.Activity activity) {
      AgentEvent e = activity.event();
      if (e instanceof AgentEvent.ToolCallsRequested calls) {
        StringBuilder out = new StringBuilder(clean(e.source())).append(" calls");
        for (ToolCall call : calls.calls()) {
          out.append(" ").append(clean(call.name())).append(" ").append(clean(call.arguments()));
        }
        return out.toString();
      }
      if (e instanceof AgentEvent.ToolCallsExecuted results) {
        StringBuilder out = new StringBuilder(clean(e.source())).append(" got");
        for (ToolResult result : results.results()) {
          out.append(" ")
              .append(clean(result.name()))
              .append(result.error() ? " failed: " : " -> ");
          out.append(clean(result.content()));
        }
        return out.toString();
      }
      return clean(e.source()) + " " + e.getClass().getSimpleName();
    }
    if (event instanceof TeamEvent.SpeakersSelected selected) {
      return "(speakers chosen: " + clean(String.join(", ", selected.speakers())) + ")";
    }
    return event.getClass().getSimpleName();
  }

  private static String kind(AgentMessage message) {
    return message.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /** Text fit for a test report: cleaned, on one line, cut short. */
  static String clean(String text) {
    String one = TerminalText.clean(text).replace("\r", "").replace("\n", "\\n");
    return one.length() > LONGEST ? one.substring(0, LONGEST) + "..." : one;
  }
}
