package dev.cadre.samples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.dsl.Cadre;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's event-log example, run as written: the log has the run, the report is rebuilt. */
class LoggedRunTest {

  @TempDir Path dir;

  @Test
  void theReportRebuiltFromTheLogShowsTheRun() throws Exception {
    try (Team team =
        Cadre.roundRobin("release")
            .participant(
                Cadre.assistant("writer")
                    .model(ReplayChatModel.ofTexts("Cadre 0.1 ships a distributed runtime.")))
            .participant(Cadre.assistant("editor").model(ReplayChatModel.ofTexts("APPROVED.")))
            .termination(Terminations.maxMessages(3))
            .build()) {
      Path html = LoggedRun.logAndReport(team, dir);

      assertThat(Files.readAllLines(dir.resolve("run.jsonl")))
          .anySatisfy(line -> assertThat(line).contains("\"team\"", "Write the release note"))
          .anySatisfy(line -> assertThat(line).contains("\"type\":\"finished\""));
      assertThat(Files.readString(html, StandardCharsets.UTF_8))
          .startsWith("<!DOCTYPE html>")
          .contains("release note", "Cadre 0.1 ships a distributed runtime.", "APPROVED.");
    }
  }
}
