package dev.cadre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.HumanInput;
import dev.cadre.samples.Samples;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped process spec's refund approval in a durable run: {@code cadre run --store} pauses at
 * the approval, before the refund, and {@code cadre answer} carries the run on with the person's
 * answer, offline on the spec's replay script and a real SQLite file.
 */
@Timeout(120)
class SpecApprovalCommandsTest {

  private static final String PROCESS =
      Path.of("..", "samples", "specs", "process.yaml").toAbsolutePath().normalize().toString();

  @TempDir Path dir;

  private final Terminal terminal = new Terminal();

  private int cadre(String... args) {
    terminal.reset();
    // Nobody at the console: a durable run must not ask there.
    SpecFiles files =
        new SpecFiles(
            HumanInput.callback(
                question -> {
                  throw new AssertionError("asked on the console: " + question.prompt());
                }));
    return terminal.run(Samples::all, files, Map.of(), args);
  }

  private String store() {
    return dir.resolve("runs.db").toString();
  }

  private String pausedAtTheRefund() {
    assertThat(cadre("run", PROCESS, "--store", store())).as(terminal.err()).isEqualTo(0);
    Matcher id =
        Pattern.compile("^durable run (\\S+) on ", Pattern.MULTILINE).matcher(terminal.out());
    assertThat(id.find()).as(terminal.out()).isTrue();
    String runId = id.group(1);
    assertThat(terminal.out())
        .contains(
            "run "
                + runId
                + " is waiting for refunds: Agent 'refunds' wants to call tool 'issue_refund'"
                + " with ")
        .contains("Approve? (yes, or why not)")
        .endsWith("answer it with: cadre answer " + runId + " <text> --store " + store() + "\n")
        .doesNotContain("RESOLVED");
    assertThat(cadre("runs", "--store", store())).isEqualTo(0);
    assertThat(terminal.out()).startsWith(runId + "  paused ");
    return runId;
  }

  @Test
  void aDurableSpecRunPausesAtTheApprovalAndTheAnswerCarriesItToItsEnd() {
    String runId = pausedAtTheRefund();

    assertThat(cadre("answer", runId, "yes", "--store", store()))
        .as(terminal.err())
        .isEqualTo(0);

    // The refunds turn runs again from its start, its script where it stood at the pause.
    assertThat(terminal.out())
        .startsWith("answering run " + runId)
        .contains("---------- refunds ----------\n  -> check_refund_eligibility {")
        .doesNotContain("unknown tool")
        .contains("(issue_refund approved)\n  <- issue_refund: {\"refundId\":\"RF-0001\"")
        .contains("RESOLVED")
        .doesNotContain("is waiting for");
    assertThat(cadre("runs", "--store", store())).isEqualTo(0);
    assertThat(terminal.out()).startsWith(runId + "  finished");
  }

  @Test
  void aRefusalAnsweredLaterKeepsTheRefundFromRunning() {
    String runId = pausedAtTheRefund();

    assertThat(cadre("answer", runId, "no, not without a photo", "--store", store()))
        .as(terminal.err())
        .isEqualTo(0);

    assertThat(terminal.out())
        .contains("refused by a person: no, not without a photo")
        .doesNotContain("<- issue_refund: {")
        .contains("RESOLVED");
  }
}
