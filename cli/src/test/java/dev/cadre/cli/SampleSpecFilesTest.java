package dev.cadre.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.HumanInput;
import dev.cadre.samples.Samples;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every spec shipped in {@code samples/specs} runs offline with {@code cadre run <file>}: its tools
 * from the samples' tool libraries, its model the sample's replay script.
 */
class SampleSpecFilesTest {

  private static final Path SPECS = Path.of("..", "samples", "specs").toAbsolutePath().normalize();

  private final Terminal terminal = new Terminal();

  static List<Path> specs() throws IOException {
    try (Stream<Path> files = Files.list(SPECS)) {
      return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void theSamplesShipASpecForEachTeamWithTools() throws IOException {
    assertThat(specs())
        .map(file -> file.getFileName().toString())
        .contains("finance.yaml", "process.yaml", "research.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void eachShippedSpecRunsOfflineToTheEnd(Path spec) {
    // The person at the console, who approves what the spec has a person approve.
    ByteArrayOutputStream asked = new ByteArrayOutputStream();
    SpecFiles files =
        new SpecFiles(
            HumanInput.console(
                new ByteArrayInputStream("yes\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(asked, true, StandardCharsets.UTF_8)));

    int exit = terminal.run(Samples::all, files, Map.of(), "run", spec.toString());

    assertThat(exit).as(terminal.err()).isEqualTo(CadreCli.OK);
    // A tool no library offers is a load problem (exit 1): exit 0 means every tool was found.
    assertThat(terminal.out()).contains("---------- ");
    if (spec.endsWith("process.yaml")) {
      assertThat(asked.toString(StandardCharsets.UTF_8))
          .contains("Agent 'refunds' wants to call tool 'issue_refund'");
      assertThat(terminal.out()).contains("RESOLVED");
    }
  }
}
