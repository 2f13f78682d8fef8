package dev.cadre.samples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cadre.model.ModelConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's assistant example runs as written (its text is checked by ReadmeExamplesTest). */
class WeatherBotTest {

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
