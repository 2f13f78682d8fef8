package dev.cadre.cli;

import dev.cadre.event.TerminalText;
import dev.cadre.present.Console;
import dev.cadre.present.StopText;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The reprinting of a durable run that had already finished when it was resumed. */
final class FinishedRun {

  private FinishedRun() {}

  /**
   * Prints on {@code out} that run {@code runId} in {@code file} had finished, replays its
   * transcript to {@code events}, and says why it stopped.
   */
  static void show(
      PrintStream out,
      String runId,
      Path file,
      TaskResult result,
      Console console,
      Consumer<TeamEvent> events) {
    out.println(
        "run "
            + runId
            + " in "
            + file
            + " has already finished; there is nothing to resume. Its transcript:");
    result.messages().forEach(message -> events.accept(new TeamEvent.Message(message)));
    // No model is at work: stop the indicator that each message starts on a terminal.
    console.close();
    out.println();
    StopReason stop = result.stop();
    String failed = stop.kind() == StopReason.Kind.FAILED ? "'" + stop.source() + "' failed: " : "";
    out.println("stop reason: " + TerminalText.clean(failed + StopText.shown(stop.text())));
  }
}
