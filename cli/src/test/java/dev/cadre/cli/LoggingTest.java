package dev.cadre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command's main in a JVM of its own, with the module's class path: SLF4J finds its provider
 * (no "no providers" warning), says nothing by default, and logs debug lines with --verbose.
 */
@Timeout(180)
class LoggingTest {

  @TempDir Path dir;

  private ChildProcess.Ran main(String... args) throws IOException, InterruptedException {
    return main(Map.of(), args);
  }

  private ChildProcess.Ran main(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CadreCli.class.getName());
    command.addAll(List.of(args));
    return ChildProcess.run(command, environment, dir, 150);
  }

  @Test
  void aRunSaysNothingOfLoggingByDefault() throws Exception {
    ChildProcess.Ran ran = main("run", "feature");

    assertThat(ran.code()).as(ran.err()).isZero();
    assertThat(ran.out()).contains("---------- writer ----------");
    assertThat(ran.err()).doesNotContain("SLF4J").doesNotContain("DEBUG").isEmpty();
  }

  @Test
  void verboseLogsTheRunsDebugLines() throws Exception {
    ChildProcess.Ran ran = main("run", "feature", "--verbose");

    assertThat(ran.code()).as(ran.err()).isZero();
    assertThat(ran.err())
        .doesNotContain("SLF4J")
        .contains("[DEBUG] TeamManager - team 'feature_team' stopped: ");
  }

  @Test
  void aFailedRunShowsTheRuntimesWarningAndNoSlf4jNoise() throws Exception {
    // A replay script with one reply: the second agent's call finds none, and the run fails.
    Path script =
        Files.writeString(dir.resolve("short.jsonl"), "{\"text\": \"Step 1: add the flag.\"}\n");

    ChildProcess.Ran ran = main(Map.of("CADRE_REPLAY_FILE", script.toString()), "run", "feature");

    assertThat(ran.code()).isEqualTo(CadreCli.FAILED);
    assertThat(ran.err())
        .doesNotContain("SLF4J")
        .doesNotContain("[DEBUG]")
        .contains("[WARN] TeamManager - team 'feature_team' stopped: FAILED")
        .contains("error: 'feature' failed: ");
  }
}
