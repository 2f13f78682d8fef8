package dev.cadre.team;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.HumanInputPending;
import dev.cadre.agent.Question;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.tool.Tool;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool that needs a person's answer pauses a durable run (it throws {@link HumanInputPending});
 * resumed with the answer, the run calls the tool again and the tool finds the answer in its
 * context. Outside a durable run the same tool fails the turn, not the model's view of the call.
 */
@Timeout(60)
class ToolPauseTest {

  @TempDir Path dir;

  private final AtomicInteger calls = new AtomicInteger();

  private Tool askingTool() {
    return Tool.builder("pick_seat")
        .description("Picks a seat, asking the traveller which")
        .function(
            (arguments, context) -> {
              calls.incrementAndGet();
              String seat =
                  context
                      .answer("seat-question")
                      .orElseThrow(
                          () ->
                              new HumanInputPending(
                                  new Question("seat-question", "tool", "Window or aisle?", null)));
              return "seat: " + seat;
            })
        .build();
  }

  private Team team(CheckpointStore store) {
    AssistantAgent agent =
        AssistantAgent.builder("agent")
            .model(ReplayChatModel.builder().toolCall("pick_seat", "{}").text("Done.").build())
            .tool(askingTool())
            .build();
    return new Team(
        new TeamSpec("seats", "", List.of(agent), new RoundRobin(), null, 1, null), store);
  }

  @Test
  void aToolsQuestionPausesTheRunAndItsAnswerReachesTheToolOnResume() throws Exception {
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      TaskResult paused;
      try (Team team = team(store)) {
        paused = team.runDurable("r1", "Pick my seat", event -> {});
      }
      assertThat(paused.waiting().id()).isEqualTo("seat-question");
      assertThat(paused.waiting().agent()).isEqualTo("agent");
      assertThat(paused.waiting().prompt()).isEqualTo("Window or aisle?");

      TaskResult done;
      try (Team team = team(store)) {
        done = team.resume("r1", "aisle");
      }

      assertThat(calls).hasValue(2);
      assertThat(done.waiting()).isNull();
      assertThat(done.messages())
          .extracting(m -> m.source() + ": " + m.toText())
          .containsExactly("user: Pick my seat", "agent: Done.");
    }
  }

  @Test
  void outsideADurableRunTheQuestionFailsTheTurnSayingWhy() {
    AssistantAgent agent =
        AssistantAgent.builder("agent")
            .model(ReplayChatModel.builder().toolCall("pick_seat", "{}").text("Done.").build())
            .tool(askingTool())
            .build();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> agent.onMessages(
                List.of(AgentMessage.user("Pick my seat")),
                dev.cadre.core.CancellationToken.none(),
                event -> {}))
        .isInstanceOf(HumanInputPending.class)
        .hasMessageContaining("only works in a durable team run");
    // The conversation stays whole: the cut call has a result, so the agent can be asked again.
    assertThat(agent.context().history().get(agent.context().history().size() - 1).toString())
        .contains("stopped to wait for a person's answer");
  }
}
