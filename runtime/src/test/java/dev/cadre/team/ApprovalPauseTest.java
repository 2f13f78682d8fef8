package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.Question;
import dev.cadre.agent.ToolApprover;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.tool.JsonSchemas;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A durable run whose agent asks a person to approve a tool call through {@link
 * HumanInput#pause()}: the run pauses on the approval (the tool has not run), and a team built
 * afresh on the same SQLite file resumes it with the person's answer, which the approval gets.
 */
class ApprovalPauseTest {

  private static final ObjectNode AMOUNT =
      JsonSchemas.object().property("amount", JsonSchemas.integer(), "How much").build();
  private static final ToolCall REFUND = new ToolCall("c1", "issue_refund", "{\"amount\":42}");

  @TempDir Path dir;

  private final List<String> ran = new CopyOnWriteArrayList<>();

  private Team team(CheckpointStore store) {
    ReplayChatModel script =
        ReplayChatModel.builder().toolCalls(REFUND).text("Done. RESOLVED").build();
    Tool refund =
        Tool.of(
            new ToolSpec("issue_refund", "Refunds money", AMOUNT),
            (args, ctx) -> {
              ran.add("issue_refund");
              return "refunded";
            });
    AssistantAgent refunds =
        AssistantAgent.builder("refunds")
            .systemMessage(null)
            .model(script)
            .tool(refund)
            .toolApproval(ToolApprover.askPerson(HumanInput.pause()), "issue_refund")
            .build();
    TeamSpec spec =
        new TeamSpec(
            "desk",
            "Refunds",
            List.of(refunds),
            new RoundRobin(),
            Terminations.textMention("RESOLVED"),
            4,
            null);
    return new Team(spec, store).keepWithRuns("model", script);
  }

  private Question pausedRun(String runId) {
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"));
        Team team = team(store)) {
      TaskResult paused = team.runDurable(runId, "Refund order A-1", event -> {});
      assertThat(paused.paused()).isTrue();
      return paused.waiting();
    }
  }

  private TaskResult resumed(String runId, String answer, List<TeamEvent> events) {
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"));
        Team team = team(store)) {
      return team.resume(runId, answer, events::add);
    }
  }

  @Test
  void aRunPausesAtTheApprovalAndTheAnswerApprovesTheCall() {
    Question question = pausedRun("approved");

    assertThat(question.agent()).isEqualTo("refunds");
    assertThat(question.prompt()).contains("'issue_refund'", "{\"amount\":42}", "Approve?");
    assertThat(ran).isEmpty();

    List<TeamEvent> events = new ArrayList<>();
    TaskResult result = resumed("approved", "yes", events);

    assertThat(ran).containsExactly("issue_refund");
    assertThat(result.paused()).isFalse();
    assertThat(result.stopReason()).isEqualTo("Text 'RESOLVED' mentioned");
    assertThat(events)
        .contains(
            new TeamEvent.Activity(
                new AgentEvent.ApprovalDecided("refunds", REFUND, true, null)));
  }

  @Test
  void aRefusalGivenOnResumeIsWhatTheModelSees() {
    pausedRun("refused");

    List<TeamEvent> events = new ArrayList<>();
    TaskResult result = resumed("refused", "not over 40", events);

    assertThat(ran).isEmpty();
    assertThat(result.stopReason()).isEqualTo("Text 'RESOLVED' mentioned");
    List<ToolResult> results =
        events.stream()
            .filter(TeamEvent.Activity.class::isInstance)
            .map(event -> ((TeamEvent.Activity) event).event())
            .filter(AgentEvent.ToolCallsExecuted.class::isInstance)
            .flatMap(event -> ((AgentEvent.ToolCallsExecuted) event).results().stream())
            .toList();
    assertThat(results).hasSize(1);
    assertThat(results.get(0).error()).isTrue();
    assertThat(results.get(0).content())
        .contains("was refused, so it did not run", "refused by a person: not over 40");
  }
}
