package dev.cadre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cadre list} builds no team and no model and reads no sample's data: the classes a JVM of
 * its own loads for it say so. That is what keeps it well under a second (cli/measure-list.sh).
 */
@Timeout(120)
class ListIsLightTest {

  @TempDir Path dir;

  @Test
  void listLoadsNoTeamNoModelAndNoJson() throws Exception {
    Path loaded = dir.resolve("classes.txt");
    ChildProcess.Ran ran =
        ChildProcess.run(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + loaded,
                "-cp",
                System.getProperty("java.class.path"),
                CadreCli.class.getName(),
                "list"),
            Map.of(),
            dir,
            100);

    assertThat(ran.code()).as(ran.err()).isZero();
    assertThat(ran.out()).startsWith("devteam ");
    List<String> classes = Files.readAllLines(loaded, StandardCharsets.UTF_8);
    assertThat(classes).anyMatch(line -> line.contains(" dev.cadre.samples.Samples "));
    assertThat(classes)
        .noneMatch(line -> line.contains(" dev.cadre.team.Team "))
        .noneMatch(line -> line.contains(" dev.cadre.agent.AssistantAgent "))
        .noneMatch(line -> line.contains(" dev.cadre.model.replay."))
        .noneMatch(line -> line.contains(" com.fasterxml.jackson."))
        .noneMatch(line -> line.contains(" okhttp3."));
  }
}
