package dev.cadre.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.core.AgentId;
import dev.cadre.core.InProcessRuntime;
import dev.cadre.core.RuntimeEvent;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON-lines event log: written by a real team run, read back, and a report rebuilt from it.
 */
class EventLogTest {

  @TempDir Path dir;

  @Test
  void aRunsLogRebuildsItsReport() throws Exception {
    Path file = dir.resolve("run.jsonl");
    Tool clock =
        Tool.builder("now").description("The time").function((args, ctx) -> "12:00").build();
    ReplayChatModel model =
        ReplayChatModel.builder()
            .usage(new Usage(9, 4))
            .toolCall("now", "{}")
            .text("Noon.")
            .build();
    AssistantAgent teller = AssistantAgent.builder("teller").model(model).tool(clock).build();
    // Moved only by the test, so the live report and the log read the same time for each event.
    RunReportTest.ManualClock time = new RunReportTest.ManualClock();
    RunReport live = RunReport.builder().clock(time).title("clock").build();
    TaskResult result;
    try (EventLog log = EventLog.to(Files.newBufferedWriter(file), time);
        Team team =
            new Team(
                new TeamSpec(
                    "clock-team",
                    "",
                    List.of(teller),
                    new RoundRobin(),
                    Terminations.maxMessages(2),
                    5,
                    null))) {
      // A second between events, so the timeline has something to show.
      result =
          team.run(
              List.of(AgentMessage.user("Time?")),
              event -> {
                time.millis += 1000;
                live.accept(event);
                log.accept(event);
              });
    }

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSizeGreaterThanOrEqualTo(5);
    assertThat(lines.get(0)).startsWith("{\"at\":").contains("\"team\":{\"type\":\"message\"");
    assertThat(lines.get(lines.size() - 1)).contains("\"type\":\"finished\"");

    List<EventLog.Entry> entries = EventLog.read(file);
    assertThat(entries).hasSize(lines.size());
    assertThat(entries.get(entries.size() - 1).team()).isEqualTo(new TeamEvent.Finished(result));
    RunReport rebuilt = EventLog.report(entries, RunReport.builder().clock(time).title("clock"));
    assertThat(rebuilt.html()).isEqualTo(live.html()).contains("teller").contains("Noon.");
  }

  @Test
  void runtimeEventsAreLoggedToo() throws Exception {
    Path file = dir.resolve("runtime.jsonl");
    try (EventLog log = EventLog.open(file);
        InProcessRuntime runtime = new InProcessRuntime()) {
      runtime.addListener(log);
      runtime.send("hello", new AgentId("nobody", "1"), null, null);
    }

    List<EventLog.Entry> entries = EventLog.read(file);
    assertThat(entries)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.team()).isNull();
              assertThat(e.runtime()).isInstanceOf(RuntimeEvent.AgentFailed.class);
              assertThat(((RuntimeEvent.AgentFailed) e.runtime()).agent())
                  .isEqualTo(new AgentId("nobody", "1"));
            });
  }

  @Test
  void aLineThatIsNoEventIsNamedWithItsFileAndNumber() throws Exception {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(
        file, "{\"at\":1,\"team\":{\"type\":\"speakers_selected\",\"speakers\":[]}}\n{\"at\":2}\n");

    assertThatThrownBy(() -> EventLog.read(file))
        .hasMessageContaining("bad.jsonl, line 2")
        .hasMessageContaining("neither a \"team\" nor a \"runtime\" event");
  }
}
