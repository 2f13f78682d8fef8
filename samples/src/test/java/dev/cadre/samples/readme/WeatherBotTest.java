package dev.cadre.samples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cadre.model.ModelConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's example is this module's {@code WeatherBot}, word for word, and it runs. */
class WeatherBotTest {

  private static final String HEADING = "## An assistant with one tool";

  @Test
  void theReadmeExampleIsTheCompiledExample() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String section = readme.substring(readme.indexOf(HEADING));
    String block = section.substring(section.indexOf("```java\n") + 8);
    block = block.substring(0, block.indexOf("```"));

    String source =
        Files.readString(Path.of("src/main/java/dev/cadre/samples/readme/WeatherBot.java"));

    assertThat("package dev.cadre.samples.readme;\n\n" + block).isEqualTo(source);
  }

  @Test
  void theReadmeExampleRunsAsWritten() {
    assumeTrue(ModelConfig.fromEnvironment().offline(), "a live model is configured");
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      WeatherBot.main(new String[0]);
    } finally {
      System.setOut(original);
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .startsWith("It is sunny and 21°C in Paris.")
        .contains("Usage[inputTokens=20, outputTokens=10]");
  }
}
