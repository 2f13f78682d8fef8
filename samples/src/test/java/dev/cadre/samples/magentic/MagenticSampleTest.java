package dev.cadre.samples.magentic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.code.BubblewrapExecutor;
import dev.cadre.code.CodeExecutionException;
import dev.cadre.code.CodeExecutor;
import dev.cadre.code.CodeExecutors;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Magentic-One sample offline, end to end: the replay script plays the models, and the
 * coder's Python really runs in the bubblewrap sandbox on the bundled CSV.
 */
class MagenticSampleTest {

  private final List<CodeExecutor> executors = new CopyOnWriteArrayList<>();
  private final MagenticSample sample =
      new MagenticSample(
          () -> {
            CodeExecutor sandbox = CodeExecutors.sandboxed();
            executors.add(sandbox);
            return sandbox;
          });
  private final List<TeamEvent> events = new CopyOnWriteArrayList<>();

  private TaskResult runOffline() {
    return sample.run(sample.offlineModel(), sample.defaultTask(), events::add);
  }

  /** What the coder's code should print, worked out here in Java from the same CSV. */
  private static String expectedOutput() throws IOException {
    Map<String, BigDecimal> revenue = new LinkedHashMap<>();
    try (InputStream in = MagenticSample.class.getResourceAsStream(MagenticSample.DATA);
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      lines.readLine(); // the header
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        String[] cells = line.split(",");
        if (cells[0].startsWith("2024")) {
          BigDecimal value = new BigDecimal(cells[3]).multiply(new BigDecimal(cells[4]));
          revenue.merge(cells[1], value, BigDecimal::add);
        }
      }
    }
    List<Map.Entry<String, BigDecimal>> ranked = new ArrayList<>(revenue.entrySet());
    ranked.sort(Map.Entry.<String, BigDecimal>comparingByValue(Comparator.reverseOrder()));
    StringBuilder out = new StringBuilder();
    ranked.forEach(
        e -> out.append(e.getKey()).append(": ").append(e.getValue().setScale(2)).append('\n'));
    out.append("lead: ")
        .append(ranked.get(0).getValue().subtract(ranked.get(1).getValue()).setScale(2))
        .append('\n');
    return out.toString();
  }

  private List<String> coderInnerMessages(TaskResult result) {
    return result.timeline().stream()
        .filter(TeamEvent.Activity.class::isInstance)
        .map(event -> ((TeamEvent.Activity) event).event())
        .filter(AgentEvent.InnerMessage.class::isInstance)
        .map(event -> (AgentEvent.InnerMessage) event)
        .peek(inner -> assertThat(inner.source()).isEqualTo("coder"))
        .map(inner -> inner.message().content())
        .toList();
  }

  @Test
  void describesItselfForTheCommandLine() {
    MagenticSample bundled = new MagenticSample();
    assertThat(bundled.name()).isEqualTo("magentic");
    assertThat(bundled.description()).contains("Magentic-One", "coder", "sandbox", "analyst");
    assertThat(bundled.defaultTask()).contains("sales.csv", "2024");
  }

  @Test
  void theOrchestratorPlansTheCoderRunsItsCodeInTheSandboxAndTheAnswerNamesTheLeader()
      throws IOException {
    TaskResult result = runOffline();

    assertThat(result.messages())
        .extracting(AgentMessage::source)
        .containsExactly(
            "user", "orchestrator", "orchestrator", "coder", "orchestrator", "analyst",
            "orchestrator");
    // The task ledger: the facts and the plan, which every participant reads.
    List<TeamEvent.TaskLedgerWritten> plans =
        events.stream()
            .filter(TeamEvent.TaskLedgerWritten.class::isInstance)
            .map(TeamEvent.TaskLedgerWritten.class::cast)
            .toList();
    assertThat(plans).singleElement().satisfies(plan -> {
      assertThat(plan.replan()).isZero();
      assertThat(plan.facts()).contains("FACTS TO DERIVE", "Revenue per region in 2024");
      assertThat(plan.plan()).contains("- coder:", "- analyst:");
    });
    assertThat(result.messages().get(1).content()).contains("The plan:\n- coder:");
    // The progress ledgers choose the coder, then the analyst, then find the task done.
    List<TeamEvent.ProgressLedgerWritten> ledgers =
        events.stream()
            .filter(TeamEvent.ProgressLedgerWritten.class::isInstance)
            .map(TeamEvent.ProgressLedgerWritten.class::cast)
            .toList();
    assertThat(ledgers)
        .extracting(ledger -> ledger.ledger().nextSpeaker().answer())
        .containsExactly("coder", "analyst", "");
    assertThat(ledgers)
        .extracting(ledger -> ledger.ledger().requestSatisfied().answer())
        .containsExactly(false, false, true);
    assertThat(ledgers).allMatch(ledger -> ledger.stalls() == 0);
    // The coder's code, then what the sandbox printed: the figures computed from the CSV.
    List<String> inner = coderInnerMessages(result);
    assertThat(inner).hasSize(2);
    assertThat(inner.get(0)).startsWith("```python\n").contains("open(\"sales.csv\")");
    assertThat(inner.get(1)).isEqualTo(expectedOutput());
    assertThat(inner.get(1))
        .isEqualTo(
            "East: 56118.50\nNorth: 50407.50\nWest: 49218.75\nSouth: 43959.25\nlead: 5711.00\n");
    assertThat(executors).singleElement().satisfies(executor -> {
      assertThat(executor).isInstanceOf(BubblewrapExecutor.class);
      // The run closed its sandbox, and its temporary working directory with it.
      assertThat(executor.workingDirectory()).doesNotExist();
    });
    // The orchestrator's final answer ends the run.
    assertThat(result.lastMessage().source()).isEqualTo("orchestrator");
    assertThat(result.lastMessage().content()).contains("East", "5,711.00", "North");
    assertThat(result.stop().kind()).isEqualTo(StopReason.Kind.COMPLETE);
    assertThat(events).last().isInstanceOf(TeamEvent.Finished.class);
    // Every scripted reply was used: the usage of the script's nine lines.
    assertThat(result.usage().inputTokens()).isEqualTo(6_000);
  }

  @Test
  void withoutBubblewrapTheRunIsRefusedSayingHowToInstallIt(@TempDir Path dir) {
    Path missing = dir.resolve("no-bwrap-here");
    MagenticSample noSandbox =
        new MagenticSample(() -> BubblewrapExecutor.builder().bwrap(missing).build());

    assertThatThrownBy(
            () -> noSandbox.run(noSandbox.offlineModel(), noSandbox.defaultTask(), events::add))
        .isInstanceOf(CodeExecutionException.class)
        .hasMessageContaining("bubblewrap is not installed")
        .hasMessageContaining("apt-get install bubblewrap");
    // Refused before the team was built: nobody spoke, and no code ran unsandboxed.
    assertThat(events).isEmpty();
  }

  @Test
  void aDurableRunGivesTheSameAnswer(@TempDir Path dir) {
    TaskResult expected = runOffline();

    TaskResult durable;
    try (SqliteCheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      durable =
          sample.durably(
              sample.offlineModel(),
              store,
              team -> team.runDurable("run-1", sample.defaultTask(), event -> {}));
    }

    assertThat(durable.messages()).isEqualTo(expected.messages());
    assertThat(Files.exists(dir.resolve("runs.db"))).isTrue();
  }
}
