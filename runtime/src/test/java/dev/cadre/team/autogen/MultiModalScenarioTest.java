package dev.cadre.team.autogen;

import static dev.cadre.team.autogen.AutoGenFixtures.agent;
import static dev.cadre.team.autogen.AutoGenFixtures.answering;
import static dev.cadre.team.autogen.AutoGenFixtures.echo;
import static dev.cadre.team.autogen.AutoGenFixtures.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ContentPart;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.State;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.team.EventLog;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.RunRequest;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.TerminationCondition;
import dev.cadre.team.Terminations;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** AutoGen's MultiModalMessage: text and images as a task and as an answer. */
@Timeout(30)
class MultiModalScenarioTest extends TeamScenario {

  private static final String TASK = "Write a program that prints 'Hello, world!'";
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final AgentMessage.MultiModal PICTURE_TASK =
      new AgentMessage.MultiModal(
          "user", List.of(ContentPart.text(TASK), ContentPart.image(PNG, "image/png")));


  @TempDir Path dir;


  private Team team(TerminationCondition termination, int maxTurns, ChatAgent... participants) {
    return roundRobin("rr", termination, maxTurns, participants);
  }

  @Test // AutoGen test_round_robin_group_chat: a MultiModalMessage task stays result.messages[0]
  void aMultimodalTaskIsTheResultsFirstMessageAndReachesTheModelWithItsImage() {
    ReplayChatModel model = ReplayChatModel.ofTexts("Here is the program", "TERMINATE");
    Team team =
        team(
            Terminations.textMention("TERMINATE"),
            Integer.MAX_VALUE,
            agent("coding_assistant", model),
            echo("executor"));

    TaskResult result = team.run(PICTURE_TASK);

    assertThat(result.messages().get(0)).isEqualTo(PICTURE_TASK);
    assertThat(lines(result))
        .containsExactly(
            "user: " + TASK + " [image]",
            "coding_assistant: Here is the program",
            "executor: " + TASK + " [image]",
            "coding_assistant: TERMINATE");
    assertThat(model.requests().get(0).messages())
        .containsExactly(new ChatMessage.User(TASK + " [image]", null, PICTURE_TASK.parts()));
  }

  @Test
  void anAgentAnswersWithAnImageAndTheNextAgentsModelGetsIt() {
    AgentMessage.MultiModal chart =
        new AgentMessage.MultiModal(
            "plotter",
            List.of(
                ContentPart.text("The chart:"),
                ContentPart.imageUrl("https://example.com/chart.png")));
    ReplayChatModel analyst = ReplayChatModel.ofTexts("It rises.");
    Team team = team(null, 2, answering("plotter", chart), agent("analyst", analyst));

    TaskResult result = team.run("Plot the sales");

    assertThat(result.messages().get(1)).isEqualTo(chart);
    assertThat(analyst.lastRequest().messages())
        .containsExactly(
            ChatMessage.user("Plot the sales"),
            new ChatMessage.User("The chart: [image]", "plotter", chart.parts()));
  }

  @Test
  void itIsReadAsTextWhereOnlyTextGoesAndShownWithAPlaceholder() {
    assertThat(PICTURE_TASK.content()).isEqualTo(TASK + " [image]");
    assertThat(PICTURE_TASK.toText()).isEqualTo(TASK + "\n<image>");
    assertThat(PICTURE_TASK.toModelMessage().hasImages()).isTrue();
    assertThat(((ContentPart.Image) PICTURE_TASK.parts().get(1)).bytes()).isEqualTo(PNG);
    assertThat(PICTURE_TASK.parts().get(1)).hasToString("Image[image/png, 8 bytes]");
    assertThat(ContentPart.imageUrl("https://example.com/a.png?signature=secret"))
        .hasToString("Image[https://example.com/a.png?...]");
    assertThatThrownBy(() -> new ContentPart.Image(null, "image/png", "not base64!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not base64");
    assertThatThrownBy(() -> new ContentPart.Image("https://x", null, "AAAA"))
        .hasMessageContaining("got both");
  }

  @Test
  void itSurvivesTeamStateACheckpointAndTheEventLog() throws Exception {
    Team first = team(null, 1, echo("a"), echo("b"));
    first.run(PICTURE_TASK);
    String saved = Json.write(first.saveState());
    Team second = team(null, 1, echo("a"), echo("b"));
    second.loadState(State.parse(saved));
    assertThat(second.saveState()).isEqualTo(first.saveState());

    AgentMessage.MultiModal chart =
        new AgentMessage.MultiModal("plotter", List.of(ContentPart.image(PNG, "image/png")));
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"))) {
      Team durable =
          new Team(
              new TeamSpec(
                  "rr", "", List.of(answering("plotter", chart)), new RoundRobin(), null, 1, null),
              store);
      track(durable);
      durable.runDurable("r1", "Plot", event -> {});
      assertThat(durable.finished("r1").orElseThrow().messages().get(1)).isEqualTo(chart);
    }

    Path log = dir.resolve("run.jsonl");
    try (EventLog events = EventLog.open(log)) {
      events.accept(new TeamEvent.Message(PICTURE_TASK));
    }
    List<TeamEvent> read = new ArrayList<>();
    EventLog.replay(
        log,
        new EventLog.Reader() {
          @Override
          public void team(Instant at, TeamEvent event) {
            read.add(event);
          }
        });
    assertThat(read).containsExactly(new TeamEvent.Message(PICTURE_TASK));
  }
}
