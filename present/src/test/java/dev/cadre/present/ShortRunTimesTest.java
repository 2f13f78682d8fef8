package dev.cadre.present;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.model.Usage;
import dev.cadre.team.ManualClock;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A run of a fifth of a second, as offline runs are: its times are told apart, not 0.0s. */
class ShortRunTimesTest {

  @Test
  void aShortRunsTurnsAndAxisReadInMilliseconds() {
    ManualClock clock = new ManualClock();
    RunReport report = RunReport.builder().clock(clock).build();
    report.accept(new TeamEvent.Message(AgentMessage.user("go")));
    report.accept(new TeamEvent.SpeakersSelected(List.of("planner")));
    clock.millis += 40;
    report.accept(new TeamEvent.Activity(new AgentEvent.ModelUsage("planner", "m", Usage.ZERO)));
    report.accept(new TeamEvent.Message(new AgentMessage.Text("planner", "plan")));
    report.accept(new TeamEvent.SpeakersSelected(List.of("coder")));
    clock.millis += 110;
    report.accept(new TeamEvent.Message(new AgentMessage.Text("coder", "code")));
    report.accept(
        new TeamEvent.Finished(
            new TaskResult(List.of(), List.of(), StopReason.maxTurns(2), Usage.ZERO, null)));

    String html = report.html();

    assertThat(html)
        .contains("turn 1 · at 0ms · <span class=\"duration\">40ms</span>")
        .contains("turn 2 · at 40ms · <span class=\"duration\">110ms</span>")
        .contains("wall time 150ms");
    List<String> ticks = new ArrayList<>();
    Matcher tick = Pattern.compile("<span id=\"tick-\\d+\">([^<]*)</span>").matcher(html);
    while (tick.find()) {
      ticks.add(tick.group(1));
    }
    assertThat(ticks).containsExactly("0ms", "50ms", "100ms", "150ms");
    assertThat(new HashSet<>(ticks)).hasSameSizeAs(ticks);
  }
}
