package dev.cadre.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An agent's first tool call builds no Jackson {@code ObjectMapper}: building one initialises
 * some 400 classes, which made Cadre's cold start (scenario 5 of BENCHMARKS.md) cost more than all
 * else it does. Checked in a fresh JVM, which logs each class it initialises.
 */
@Timeout(60)
class ColdStartTest {

  private static final String INITIALIZING = "Initializing 'com/fasterxml/jackson/databind/";

  @Test
  void theFirstToolCallOfAnAgentInitialisesNoObjectMapper() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-Xlog:class+init=info:stdout",
                "-cp",
                System.getProperty("java.class.path"),
                ColdToolCall.class.getName())
            .redirectErrorStream(true)
            .start();
    List<String> output = lines(process);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as("output:%n%s", String.join("\n", tail(output))).isZero();
    assertThat(output).contains("2 + 3 = 5");
    assertThat(output)
        .as("classes initialised")
        .noneMatch(line -> line.contains(INITIALIZING + "ObjectMapper'"))
        .noneMatch(line -> line.contains(INITIALIZING + "node/InternalNodeMapper'"));
  }

  private static List<String> lines(Process process) throws IOException {
    return List.of(
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"));
  }

  private static List<String> tail(List<String> lines) {
    return lines.subList(Math.max(0, lines.size() - 30), lines.size());
  }
}
