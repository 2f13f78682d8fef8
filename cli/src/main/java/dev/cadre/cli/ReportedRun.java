package dev.cadre.cli;

import static dev.cadre.cli.CadreCli.FAILED;
import static dev.cadre.cli.CadreCli.OK;
import static dev.cadre.cli.Invocation.describe;

import dev.cadre.event.TerminalText;
import dev.cadre.present.Console;
import dev.cadre.present.RunReport;
import dev.cadre.samples.Sample;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.TeamRunException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.ParameterException;

/**
 * A run shown on the console and, with {@code --trace}, written to an HTML report; a failed run
 * becomes one line on stderr and exit code 1.
 */
final class ReportedRun {

  /** What the console and the report get, and how a run is started. */
  interface Body {
    void run(Console console, Consumer<TeamEvent> events);
  }

  private final Invocation invocation;

  ReportedRun(Invocation invocation) {
    this.invocation = invocation;
  }

  /**
   * Runs {@code body} with a console, and a report when {@code trace} names one; returns the exit
   * code: 1 (with one line on stderr) when the run failed or the report could not be written.
   */
  int run(Sample sample, String trace, Body body) {
    RunReport report =
        trace == null
            ? null
            : RunReport.builder().title("Cadre: " + sample.name()).diagram(diagram(sample)).build();
    try (Console console =
        Console.builder(invocation.out)
            .terminal(invocation.terminal)
            .environment(invocation.environment)
            .build()) {
      body.run(console, report == null ? console : console.andThen(report));
    } catch (TeamRunException e) {
      // The console has printed the failure as the run ended; this is the summary line.
      invocation.err.println(
          "error: '"
              + sample.name()
              + "' failed: "
              + TerminalText.clean(e.participant())
              + ": "
              + TerminalText.clean(e.partialResult().stopReason()));
      writeReport(report, trace);
      return FAILED;
    } catch (ParameterException | UnsupportedOperationException e) {
      throw e; // a usage error: one line, like any bad argument
    } catch (RuntimeException e) {
      invocation.err.println("error: '" + sample.name() + "' failed: " + describe(e));
      writeReport(report, trace);
      return FAILED;
    } finally {
      invocation.out.flush();
    }
    return writeReport(report, trace) ? OK : FAILED;
  }

  /** Writes the report, if one was asked for; false (with the reason on stderr) if it failed. */
  private boolean writeReport(RunReport report, String trace) {
    if (report == null) {
      return true;
    }
    try {
      report.write(Path.of(trace));
      invocation.err.println("report written to " + trace);
      return true;
    } catch (IOException | InvalidPathException e) {
      invocation.err.println("error: could not write the report to " + trace + ": " + describe(e));
      return false;
    }
  }

  /** The team's Mermaid diagram for the report, or null (with a note) when there is none. */
  private String diagram(Sample sample) {
    try {
      String diagram = sample.diagram();
      if (diagram == null && sample.diagramResource() != null) {
        invocation.err.println(
            "note: the diagram "
                + sample.diagramResource()
                + " of '"
                + sample.name()
                + "' is not on the class path (was the Cadre processor run?); the report has no"
                + " graph");
      }
      return diagram;
    } catch (UncheckedIOException e) {
      invocation.err.println("note: " + describe(e) + "; the report has no graph");
      return null;
    }
  }
}
