package dev.cadre.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The main views in a real browser, at a desktop width and at 420 px, as screenshots; and how far
 * the page trails a run of a thousand messages. The screenshots go to {@code target/studio-shots},
 * so a test run leaves the repository as it was; {@code -Dcadre.studio.shots=../docs/studio}
 * writes the README's copies instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StudioViewsTest {

  /** Where the screenshots go: the module's target directory unless told otherwise. */
  private static final Path SHOTS =
      Path.of(System.getProperty("cadre.studio.shots", "target/studio-shots")).toAbsolutePath();

  @TempDir static Path temp;

  private Browser browser;
  private Studio studio;

  @BeforeAll
  void start() throws Exception {
    Path specs = Files.createDirectories(temp.resolve("specs"));
    Files.writeString(specs.resolve("duo.jsonl"), "{\"text\": \"Draft one.\"}\n");
    Files.writeString(
        specs.resolve("duo.yaml"),
        "name: duo\npattern: roundRobin\nmodel: {provider: replay, script: duo.jsonl}\n"
            + "termination: maxMessages(2)\nparticipants:\n  - name: writer\n"
            + "    description: Writes the draft\n    systemMessage: Write.\n");
    studio =
        Studio.builder()
            .store(temp.resolve("runs.db"))
            .specDir(specs)
            .samples(TestTeams::all)
            .specLoader(TestTeams::spec)
            .start();
    browser = new Browser(temp.resolve("profile"));
    browser.open(studio.url());
  }

  @AfterAll
  void stop() {
    browser.close();
    studio.close();
  }

  @Test
  void theMainViewsFitA420PixelWindowAndAreShotForTheDocs() {
    for (int width : new int[] {1280, 420}) {
      String suffix = width == 420 ? "-420" : "";
      browser.size(width, 900);
      browser.click("#nav-teams");
      browser.click("#team-list button[data-id='sample:process']");
      browser.waitFor(d -> d.findElement(By.id("team-name")).getText().equals("process"));
      browser.script("window.scrollTo(0, 0)");
      fits(width);
      browser.screenshot(SHOTS.resolve("teams" + suffix + ".png"));

      browser.click("#run-team");
      WebElement ask = browser.waitForElement("#asks .ask[data-kind='approval']");
      fits(width);
      browser.screenshot(SHOTS.resolve("approval" + suffix + ".png"));
      ask.findElement(By.className("approve")).click();
      browser.waitForStatus("finished");
      WebElement report = browser.waitForElement("#report");
      browser.waitForElement("#report .cadre-run #summary");
      browser.script("arguments[0].scrollIntoView()", report);
      fits(width);
      browser.screenshot(SHOTS.resolve("run" + suffix + ".png"));

      browser.click("#nav-teams");
      browser.click("#team-list button[data-id^='spec:']");
      browser.click("#edit-team");
      WebElement text = browser.waitForElement("#spec-text");
      browser.script(
          "arguments[0].value = arguments[0].value.replace('systemMessage', 'sytemMessage')", text);
      text.sendKeys(" ");
      browser.waitForElement("#findings li.error[data-tag='Cadre/SpecUnknownKey']");
      fits(width);
      browser.screenshot(SHOTS.resolve("editor" + suffix + ".png"));

      browser.click("#nav-runs");
      browser.waitForElement("#runs:not([data-loading]) tbody tr");
      fits(width);
      browser.screenshot(SHOTS.resolve("runs" + suffix + ".png"));
    }
    assertThat(SHOTS.resolve("run-420.png")).isNotEmptyFile();
  }

  @Test
  void aThousandMessagesStreamToThePageWithoutItFallingBehind() throws Exception {
    // The same run with no one watching, for comparison.
    long alone = System.nanoTime();
    TestTeams.Thousand sample = new TestTeams.Thousand();
    sample.run(sample.offlineModel(), "Count", event -> {});
    long aloneMillis = (System.nanoTime() - alone) / 1_000_000;
    browser.size(1280, 900);
    browser.click("#nav-teams");
    long clicked = System.currentTimeMillis();
    browser.run("sample:thousand");
    browser.waitForStatus("finished");
    // Every message drawn: the task and the thousand answers.
    browser.waitFor(
        d ->
            d.findElements(By.cssSelector("#transcript .msg.message")).size()
                    == TestTeams.THOUSAND + 1
                ? true
                : null);
    long serverEnd = ((Number) browser.script("return window.studioStats.serverAt")).longValue();
    long drawn = ((Number) browser.script("return window.studioStats.lastRender")).longValue();
    long events = ((Number) browser.script("return window.studioStats.events")).longValue();
    long lag = drawn - serverEnd;
    String figures =
        String.format(
            Locale.ROOT,
            "thousand-message run: %d events; the run alone %d ms; run started to last message"
                + " drawn %d ms; last event sent to last message drawn %d ms%n",
            events,
            aloneMillis,
            drawn - clicked,
            lag);
    System.out.print(figures);
    Files.writeString(Path.of("target", "studio-performance.txt"), figures);
    assertThat(events).isGreaterThan(TestTeams.THOUSAND);
    // Generous: the page draws once per frame whatever came; it must not trail by seconds.
    assertThat(lag).isLessThan(5_000);
  }

  /** The page does not scroll sideways at this width. */
  private void fits(int width) {
    long scroll =
        ((Number) browser.script("return document.documentElement.scrollWidth")).longValue();
    assertThat(scroll).as("page width at a %d px window", width).isLessThanOrEqualTo(width);
  }
}
