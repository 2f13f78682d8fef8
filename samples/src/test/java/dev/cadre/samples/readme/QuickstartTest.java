package dev.cadre.samples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cadre.model.ChatMessage;
import dev.cadre.model.ModelConfig;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.ToolResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's quickstart runs offline as written (its text is checked by ReadmeExamplesTest). */
class QuickstartTest {

  @Test
  void theQuickstartRunsOfflineAsWritten() {
    assumeTrue(ModelConfig.fromEnvironment().offline(), "a live model is configured");
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      Quickstart.main(new String[0]);
    } finally {
      System.setOut(original);
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("It is sunny and 21°C in Paris." + System.lineSeparator());
  }

  @Test
  void theAgentOffersItsToolAndTheModelSeesItsRealResult() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("weather", "{\"city\": \"Lyon\"}")
            .text("Sunny in Lyon.")
            .build();
    Forecaster forecaster =
        CadreForecaster.builder().model(model).weatherTools(new WeatherTools()).build();

    assertThat(forecaster.ask("Lyon")).isEqualTo("Sunny in Lyon.");
    assertThat(model.requests().get(0).messages())
        .contains(ChatMessage.user("What's the weather in Lyon?"));
    assertThat(model.requests().get(0).tools())
        .extracting(tool -> tool.name())
        .containsExactly("weather");
    List<ChatMessage> sent = model.lastRequest().messages();
    ChatMessage last = sent.get(sent.size() - 1);
    assertThat(((ChatMessage.ToolResults) last).results())
        .extracting(ToolResult::content)
        .containsExactly("Sunny, 21°C in Lyon");
  }
}
