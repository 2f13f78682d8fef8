package dev.cadre.present;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.team.EventLog;
import dev.cadre.team.EventLogTest;
import dev.cadre.team.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportFromLogTest {

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock();

  @Test
  void theRunReportRebuiltFromTheLogIsTheReportOfTheRun() throws IOException {
    Path file = dir.resolve("run.jsonl");
    RunReport live = RunReport.builder().clock(clock).title("dev").build();
    try (EventLog log = EventLog.open(file, clock)) {
      EventLogTest.recordRun(clock, live.andThen(log));
    }

    RunReport rebuilt = RunReport.fromLog(file, RunReport.builder().title("dev"));

    assertThat(Files.readAllLines(file)).hasSize(7);
    assertThat(rebuilt.html()).isEqualTo(live.html());
    assertThat(rebuilt.html()).contains("wall time 10.0s", "A.java:1: error", "Fixed it.");
  }

  @Test
  void aLineCutShortByACrashIsLeftOutOfTheReport() throws IOException {
    Path file = dir.resolve("run.jsonl");
    RunReport live = RunReport.builder().clock(clock).title("dev").build();
    try (EventLog log = EventLog.open(file, clock)) {
      EventLogTest.recordRun(clock, live.andThen(log));
    }
    // The process died half way through writing one more event.
    String torn = "{\"at\":1000010,\"team\":{\"type\":\"message\",\"message\":{\"ty";
    Files.writeString(file, torn, StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    assertThat(RunReport.fromLog(file, RunReport.builder().title("dev")).html())
        .isEqualTo(live.html());
  }
}
