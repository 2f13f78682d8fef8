package dev.cadre.present;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.model.Prices;
import dev.cadre.model.Usage;
import dev.cadre.team.ManualClock;
import dev.cadre.team.StopReason;
import dev.cadre.team.TaskResult;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser 420 px wide (headless Chromium, {@code /usr/bin/chromium} or {@code
 * CADRE_CHROMIUM}; skipped without it, failed instead when {@code CADRE_REQUIRE_CHROMIUM=1}, as
 * {@code .ci/run} sets): the page never scrolls sideways. Chromium's headless window cannot be that
 * narrow, so the report is measured inside a 420 px frame of a page the test writes; the measuring
 * script is the test's, the report itself has none.
 */
@Timeout(180)
class NarrowReportTest {

  private static final String CHROMIUM = chromium();

  private static String chromium() {
    String configured = System.getenv("CADRE_CHROMIUM");
    return configured == null || configured.isEmpty() ? "/usr/bin/chromium" : configured;
  }

  @TempDir Path dir;

  /** A run of four agents with long names, tools, a price table and a long unbroken line. */
  private static String report() {
    ManualClock clock = new ManualClock();
    Prices prices = Prices.builder().model("m", Prices.Price.perMillion(1000, 4000)).build();
    RunReport report =
        RunReport.builder()
            .clock(clock)
            .title("Cadre: finance desk assessing CRXB with quant, sentiment and risk analysts")
            .diagram(RunReportTest.DEV_TEAM)
            .prices(prices)
            .build();
    report.accept(new TeamEvent.Message(AgentMessage.user("Assess the risk of holding CRXB")));
    String[] agents = {"quant_analyst", "sentiment_analyst", "risk_analyst_with_a_long_name"};
    for (String agent : agents) {
      report.accept(
          new TeamEvent.Activity(
              new AgentEvent.ModelUsage("selector", "m", new Usage(1_220_000, 9_000))));
      report.accept(new TeamEvent.SpeakersSelected(List.of(agent)));
      clock.millis += 1_234;
      report.accept(
          new TeamEvent.Activity(
              new AgentEvent.ToolCallsRequested(
                  agent,
                  List.of(new ToolCall("call_1", "value_at_risk", "{\"ticker\":\"CRXB\"}")))));
      report.accept(
          new TeamEvent.Activity(
              new AgentEvent.ToolCallsExecuted(
                  agent,
                  List.of(
                      new ToolResult(
                          "call_1", "value_at_risk", "{\"ticker\":\"CRXB\"}".repeat(20), false)))));
      report.accept(
          new TeamEvent.Activity(
              new AgentEvent.ModelUsage(agent, "m", new Usage(1_400_000, 114_000))));
      report.accept(
          new TeamEvent.Message(
              new AgentMessage.Text(agent, "https://example.com/" + "x".repeat(300))));
    }
    report.accept(
        new TeamEvent.Finished(
            new TaskResult(
                List.of(),
                List.of(),
                new StopReason(StopReason.Kind.CONDITION, "c", "Text 'recommendation' mentioned"),
                Usage.ZERO,
                null)));
    return report.html();
  }

  @Test
  void at420PixelsThePageDoesNotScrollSideways() throws Exception {
    String measured = measure(report(), 420);

    Matcher m = Pattern.compile("(\\d+)/(\\d+)/(\\w+)").matcher(measured);
    assertThat(m.matches()).as("measured %s", measured).isTrue();
    // The stylesheet applies under the page's own strict Content-Security-Policy.
    assertThat(m.group(3)).isEqualTo("absolute");
    int scrollWidth = Integer.parseInt(m.group(1));
    int clientWidth = Integer.parseInt(m.group(2));
    assertThat(clientWidth).isBetween(300, 420);
    assertThat(scrollWidth).as("the page's width at 420 px").isLessThanOrEqualTo(clientWidth);
  }

  /**
   * The report's {@code scrollWidth/clientWidth/position of a bar} in a frame {@code width} pixels
   * wide, as headless Chromium lays it out.
   */
  private String measure(String html, int width) throws Exception {
    if (!Files.isExecutable(Path.of(CHROMIUM))) {
      String reason =
          "Chromium is not installed at "
              + CHROMIUM
              + " (apt-get install chromium, or set CADRE_CHROMIUM): the report cannot be measured";
      // As the cli's browser test: CI (CADRE_REQUIRE_CHROMIUM=1) fails without it.
      if ("1".equals(System.getenv("CADRE_REQUIRE_CHROMIUM"))) {
        fail(reason + ", and CADRE_REQUIRE_CHROMIUM=1 requires it");
      }
      Assumptions.assumeTrue(false, reason);
    }
    String page =
        "<!DOCTYPE html><html><body style=\"margin:0\"><iframe id=\"f\" style=\"width:"
            + width
            + "px;height:900px;border:0\" srcdoc=\""
            + Html.escape(html)
            + "\"></iframe><script>addEventListener('load',function(){var d=document"
            + ".getElementById('f').contentDocument.documentElement;document.body.setAttribute("
            + "'data-measured',d.scrollWidth+'/'+d.clientWidth+'/'+getComputedStyle(d"
            + ".querySelector('.bar')).position)})</script></body></html>";
    Path file = dir.resolve("narrow.html");
    Files.writeString(file, page, StandardCharsets.UTF_8);
    Path out = dir.resolve("dom.html");
    Process chromium =
        new ProcessBuilder(
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile"),
                "--window-size=800,1000",
                "--virtual-time-budget=5000",
                "--dump-dom",
                file.toUri().toString())
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve("chromium.log").toFile())
            .start();
    // Generous: the machine is shared and Chromium is slow to start on it.
    if (!chromium.waitFor(150, TimeUnit.SECONDS)) {
      chromium.destroyForcibly();
      throw new AssertionError("chromium did not finish in 150 s");
    }
    String dom = Files.readString(out, StandardCharsets.UTF_8);
    Matcher measured = Pattern.compile("data-measured=\"([^\"]*)\"").matcher(dom);
    assertThat(measured.find())
        .as(
            "chromium (exit %d) measured nothing: %s",
            chromium.exitValue(), Files.readString(dir.resolve("chromium.log")))
        .isTrue();
    return measured.group(1);
  }
}
