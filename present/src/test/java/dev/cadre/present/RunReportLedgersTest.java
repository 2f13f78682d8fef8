package dev.cadre.present;

import static dev.cadre.present.RunReportTest.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.model.Usage;
import dev.cadre.team.EventLog;
import dev.cadre.team.ManualClock;
import dev.cadre.team.ProgressLedger;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Magentic-One run's ledgers in the report: the task ledger's facts and plan, each re-plan with
 * its reason, and each progress ledger's answers with the model's reasons, all escaped.
 */
class RunReportLedgersTest {

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock();

  private static final String EVIL = "</pre></details><script>alert(1)</script>";

  private static ProgressLedger ledger(boolean done, boolean progress, String next, String why) {
    return new ProgressLedger(
        new ProgressLedger.Verdict(done, done ? "All answered." : "Nothing computed yet."),
        new ProgressLedger.Verdict(false, "Each step was new."),
        new ProgressLedger.Verdict(progress, why),
        new ProgressLedger.Answer(next, "The figures come first."),
        new ProgressLedger.Answer(done ? "" : "Sum revenue per region", "Exact figures."));
  }

  /** A run: plan, a stalled ledger, a re-plan, a ledger for the coder, and the end. */
  private void recordRun(Consumer<TeamEvent> report) {
    report.accept(new TeamEvent.Message(AgentMessage.user("Which region sold most?")));
    report.accept(
        new TeamEvent.TaskLedgerWritten(
            "1. GIVEN OR VERIFIED FACTS\n- sales.csv " + EVIL, "- coder: compute", 0, ""));
    clock.millis += 1_000;
    report.accept(
        new TeamEvent.ProgressLedgerWritten(ledger(false, false, "<b>coder</b>", EVIL), 1, 1));
    clock.millis += 1_000;
    report.accept(
        new TeamEvent.TaskLedgerWritten(
            "1. GIVEN OR VERIFIED FACTS\n- the file has four regions",
            "- coder: run Python on sales.csv",
            1,
            "The coder <i>never</i> ran the code."));
    report.accept(
        new TeamEvent.ProgressLedgerWritten(ledger(false, true, "coder", "Fresh plan."), 2, 0));
    report.accept(new TeamEvent.SpeakersSelected(List.of("coder")));
    clock.millis += 1_000;
    report.accept(new TeamEvent.Message(new AgentMessage.Text("coder", "East: 56118.50")));
    report.accept(new TeamEvent.ProgressLedgerWritten(ledger(true, true, "", "Done."), 3, 0));
    report.accept(
        new TeamEvent.Finished(
            new TaskResult(
                List.of(),
                List.of(),
                new StopReason(StopReason.Kind.COMPLETE, null, "the task is done"),
                Usage.ZERO,
                null)));
  }

  @Test
  void theLedgersAreInTheTranscriptInOrderWithTheirReasonsEscaped() {
    RunReport report = RunReport.builder().clock(clock).title("m1").build();
    recordRun(report);

    String html = report.html();

    assertThat(html)
        .doesNotContain("<script", "next: <b>", "<i>never")
        .contains("&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt;")
        // The first task ledger, open: its facts and its plan.
        .contains(
            "<details class=\"ledger task\" open><summary>task ledger: facts and plan</summary>"
                + "<h3>Facts</h3><pre>1. GIVEN OR VERIFIED FACTS\n- sales.csv &lt;/pre&gt;")
        .contains("<h3>Plan</h3><pre>- coder: compute</pre>")
        // The re-plan says why, and gives the new facts and plan.
        .contains("<summary>re-plan 1: The coder &lt;i&gt;never&lt;/i&gt; ran the code.</summary>")
        .contains("<pre>- coder: run Python on sales.csv</pre>")
        // Each progress ledger: the console's line, then every answer with its reason.
        .contains(
            "<summary>progress, turn 1: done no, progress no, loop no, stalls 1; next:"
                + " &lt;b&gt;coder&lt;/b&gt;</summary>")
        .contains(
            "<tr><td>progress being made?</td><td>no</td><td>&lt;/pre&gt;&lt;/details&gt;"
                + "&lt;script&gt;alert(1)&lt;/script&gt;</td></tr>")
        .contains("<tr><td>instruction</td><td>Sum revenue per region</td><td>Exact figures.</td>")
        .contains("<summary>progress, turn 3: done yes, progress yes, loop no, stalls 0</summary>")
        .contains("<tr><td>request satisfied?</td><td>yes</td><td>All answered.</td></tr>");
    assertThat(count(html, "<details class=\"ledger task\"")).isEqualTo(2);
    assertThat(count(html, "<details class=\"ledger progress\"")).isEqualTo(3);
    assertThat(count(html, "</details>")).isEqualTo(count(html, "<details"));
    // In the order they happened: plan, stall, re-plan, the coder's ledger, its turn, the end.
    assertThat(html.indexOf("task ledger: facts and plan"))
        .isLessThan(html.indexOf("progress, turn 1:"));
    assertThat(html.indexOf("progress, turn 1:")).isLessThan(html.indexOf("re-plan 1:"));
    assertThat(html.indexOf("re-plan 1:")).isLessThan(html.indexOf("progress, turn 2:"));
    assertThat(html.indexOf("progress, turn 2:")).isLessThan(html.indexOf("East: 56118.50"));
    assertThat(html.indexOf("East: 56118.50")).isLessThan(html.indexOf("progress, turn 3:"));
  }

  @Test
  void theReportRebuiltFromTheLogShowsTheSameLedgers() throws IOException {
    Path file = dir.resolve("run.jsonl");
    RunReport live = RunReport.builder().clock(clock).title("m1").build();
    try (EventLog log = EventLog.open(file, clock)) {
      recordRun(live.andThen(log));
    }

    RunReport rebuilt = RunReport.fromLog(file, RunReport.builder().title("m1"));

    assertThat(rebuilt.html()).isEqualTo(live.html()).contains("re-plan 1:", "progress, turn 3:");
  }

  @Test
  void theConsolePrintsTheSameProgressLineAsTheReportsSummary() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Console console = Console.builder(out).terminal(false).build()) {
      console.accept(
          new TeamEvent.ProgressLedgerWritten(ledger(false, true, "coder", "Ok."), 2, 0));
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("(progress, turn 2: done no, progress yes, loop no, stalls 0; next: coder)");
  }
}
