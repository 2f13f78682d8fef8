package dev.cadre.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.cadre.samples.Samples;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report of {@code cadre run devteam --trace} in headless Chromium: the DOM the browser
 * built holds the drawn graph and the timeline bars, and a screenshot shows them in the agents'
 * colours. Skipped only when Chromium is absent ({@code CADRE_CHROMIUM} names another binary);
 * with {@code CADRE_REQUIRE_CHROMIUM=1}, as on CI, its absence fails the test instead.
 */
class ReportInBrowserTest {

  /** The planner's colour, the first of the report's palette: its graph node and its bar. */
  private static final int PLANNER_RGB = 0x8ecae6;

  private static Path chromium;
  @TempDir static Path dir;
  private static Path report;

  @BeforeAll
  static void writeTheReport() {
    String configured = System.getenv("CADRE_CHROMIUM");
    chromium = Path.of(configured == null || configured.isEmpty() ? "/usr/bin/chromium" : configured);
    if (!Files.isExecutable(chromium)) {
      String reason =
          "Chromium is not installed at "
              + chromium
              + " (apt-get install chromium, or set CADRE_CHROMIUM): the report's browser test"
              + " cannot run";
      if ("1".equals(System.getenv("CADRE_REQUIRE_CHROMIUM"))) {
        fail(reason + ", and CADRE_REQUIRE_CHROMIUM=1 requires it");
      }
      Assumptions.assumeTrue(false, reason);
    }
    report = dir.resolve("report.html");
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    int code =
        new CadreCli(
                Samples.all(),
                Map.of(),
                new PrintStream(sink, true, StandardCharsets.UTF_8),
                new PrintStream(sink, true, StandardCharsets.UTF_8),
                false)
            .run("run", "devteam", "--trace", report.toString());
    assertThat(code).as(sink.toString(StandardCharsets.UTF_8)).isEqualTo(CadreCli.OK);
  }

  @Test
  void theBrowsersDomHoldsTheDrawnGraphAndTheTimeline() throws Exception {
    String dom = chromium("--dump-dom");

    assertThat(dom).contains("<section id=\"graph\">").contains("<svg class=\"team-graph\"");
    for (String agent : List.of("planner", "coder", "tester", "reviewer")) {
      assertThat(dom).contains("data-label=\"" + agent + "\"");
      assertThat(dom).contains("<div class=\"lane\" data-agent=\"" + agent + "\">");
    }
    assertThat(dom).contains("<g class=\"edge back\" data-from=\"p4\" data-to=\"p2\">");
    assertThat(dom).contains("<a class=\"bar\" href=\"#turn-1\"");
  }

  @Test
  void theScreenshotShowsTheGraphAndTheBarsInTheAgentsColours() throws Exception {
    Path png = dir.resolve("report.png");

    chromium("--screenshot=" + png, "--window-size=1200,1400", "--hide-scrollbars");

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("a PNG at %s", png).isNotNull();
    int planner = 0;
    int nonWhite = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        if (rgb != 0xffffff) {
          nonWhite++;
        }
        if (close(rgb, PLANNER_RGB)) {
          planner++;
        }
      }
    }
    assertThat(nonWhite).as("pixels drawn").isGreaterThan(10_000);
    // The planner's node alone is about 75 x 36 pixels; its bar adds more.
    assertThat(planner).as("pixels in the planner's colour").isGreaterThan(2_000);
  }

  private static boolean close(int rgb, int expected) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((rgb >> shift) & 0xff) - ((expected >> shift) & 0xff)) > 3) {
        return false;
      }
    }
    return true;
  }

  /** Runs headless Chromium on the report with {@code options}; returns its standard output. */
  private static String chromium(String... options) throws Exception {
    Path profile = Files.createTempDirectory(dir, "profile");
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile));
    command.addAll(List.of(options));
    command.add(report.toUri().toString());
    Path stdout = Files.createTempFile(dir, "chromium", ".out");
    Path stderr = Files.createTempFile(dir, "chromium", ".err");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("Chromium did not finish in 90 s: " + Files.readString(stderr));
    }
    assertThat(process.exitValue()).as("Chromium: %s", Files.readString(stderr)).isZero();
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }
}
