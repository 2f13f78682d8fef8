package dev.cadre.samples;

import dev.cadre.agent.AgentEvent;
import dev.cadre.team.TeamEvent;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints a run as it happens: who speaks, the tools they call and what comes back, and their
 * answers as they stream in. Takes an agent's events and a team's alike.
 */
final class ConsoleTranscript {

  private final PrintStream out;
  private String speaking;

  ConsoleTranscript(PrintStream out) {
    this.out = out;
  }

  void team(TeamEvent event) {
    if (event instanceof TeamEvent.Activity activity) {
      agent(activity.event());
    } else if (event instanceof TeamEvent.SelectionProblem problem) {
      out.println("  (choosing a speaker: " + problem.problem() + ")");
    } else if (event instanceof TeamEvent.Finished finished) {
      endAnswer();
      out.printf(
          Locale.ROOT,
          "[stopped: %s; %d tokens in, %d out]%n",
          finished.result().stopReason(),
          finished.result().usage().inputTokens(),
          finished.result().usage().outputTokens());
    }
  }

  void agent(AgentEvent event) {
    if (event instanceof AgentEvent.TextChunk chunk) {
      if (!chunk.source().equals(speaking)) {
        endAnswer();
        out.print(chunk.source() + "> ");
        speaking = chunk.source();
      }
      out.print(chunk.text());
    } else if (event instanceof AgentEvent.ToolCallsRequested requested) {
      endAnswer();
      requested.calls().forEach(call -> out.println("  -> " + call.name() + " " + call.arguments()));
    } else if (event instanceof AgentEvent.ToolCallsExecuted executed) {
      executed
          .results()
          .forEach(
              result ->
                  out.println(
                      "  <- " + result.name() + (result.error() ? " failed: " : ": ") + result.content()));
    } else if (event instanceof AgentEvent.Answered answered && !answered.source().equals(speaking)) {
      endAnswer();
      out.println(answered.source() + "> " + answered.message().content());
    }
  }

  private void endAnswer() {
    if (speaking != null) {
      out.println();
      speaking = null;
    }
  }
}
