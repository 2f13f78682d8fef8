package dev.cadre.present;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.SocietyOfMindAgent;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The console's summary and the report's tables count one run the same way, whatever the team: a
 * society-of-mind agent whose inner selector team's work (the inner selector's calls, the inner
 * members' usage) reaches the outer team as the agent's activity.
 */
@Timeout(30)
class ConsoleAndReportAgreeTest {

  private static final Pattern CONSOLE_ROW =
      Pattern.compile("(?m)^(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$");
  private static final Pattern REPORT_ROW =
      Pattern.compile(
          "<tr data-agent=\"([^\"]+)\"><td>.*?</td><td>(\\d+)</td><td>(\\d+)</td>"
              + "<td>(\\d+)</td><td>(\\d+)</td>");

  /** Runs a round robin of one society-of-mind agent thinking with a selector team of two. */
  private static void runNested(Console console, RunReport report) {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .usage(new Usage(50, 1))
            .text("analyst")
            .usage(new Usage(20, 5))
            .text("The numbers: 42.")
            .usage(new Usage(30, 6))
            .text("Draft: it is 42.")
            .usage(new Usage(40, 7))
            .text("Final: 42.")
            .build();
    AssistantAgent analyst =
        AssistantAgent.builder("analyst")
            .description("Counts")
            .systemMessage(null)
            .model(model)
            .build();
    AssistantAgent writer =
        AssistantAgent.builder("writer")
            .description("Writes")
            .systemMessage(null)
            .model(model)
            .build();
    Team inner =
        new Team(
            new TeamSpec(
                "inner",
                "",
                List.of(analyst, writer),
                ModelSelector.builder(model).build(),
                Terminations.maxMessages(3),
                10,
                null));
    SocietyOfMindAgent thinker =
        SocietyOfMindAgent.builder("thinker").team(inner).model(model).build();
    try (Team outer =
        new Team(new TeamSpec("outer", "", List.of(thinker), new RoundRobin(), null, 1, null))) {
      outer.run(List.of(AgentMessage.user("What is it?")), console.andThen(report));
    }
  }

  @Test
  void theConsoleAndTheReportCountTheSameTurnsCallsAndTokensPerAgent() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    RunReport report = RunReport.builder().clock(clock).build();
    try (Console console =
        Console.builder(new PrintStream(bytes, true, StandardCharsets.UTF_8))
            .terminal(false)
            .clock(clock)
            .build()) {
      runNested(console, report);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    String html = report.html();

    Map<String, String> console = rows(CONSOLE_ROW, printed.substring(printed.indexOf("agent ")));
    Map<String, String> table = rows(REPORT_ROW, html);
    // Only the host answered the team: the inner members' answers are its inner messages.
    assertThat(console)
        .containsEntry("thinker", "1 0 40 7")
        .containsEntry("selector", "0 0 50 1")
        .containsEntry("analyst", "0 0 20 5");
    assertThat(table).isEqualTo(console);
    assertThat(html).contains("· 1 turns ·");
    assertThat(printed).contains("turns: 1,");
  }

  /** Agent name to "turns toolCalls tokensIn tokensOut", the total row left out. */
  private static Map<String, String> rows(Pattern row, String text) {
    Map<String, String> rows = new LinkedHashMap<>();
    Matcher m = row.matcher(text);
    while (m.find()) {
      if (!m.group(1).equals("total")) {
        rows.put(m.group(1), m.group(2) + " " + m.group(3) + " " + m.group(4) + " " + m.group(5));
      }
    }
    return rows;
  }
}
