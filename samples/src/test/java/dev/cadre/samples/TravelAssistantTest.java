package dev.cadre.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentResponse;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.ToolCall;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TravelAssistantTest {

  @Test
  void theOfflineSampleRunsBothToolsAndAnswers() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    AgentResponse response =
        TravelAssistant.run(TravelAssistant.offlineModel(), "Lisbon with 500 EUR?", out);

    String transcript = bytes.toString(StandardCharsets.UTF_8);
    assertThat(transcript)
        .contains("---------- user ----------\nLisbon with 500 EUR?")
        .contains("<- get_weather: Lisbon: sunny, 24°C")
        .contains("<- convert_currency: 500.00 EUR = 540.00 USD")
        .contains("---------- travel_assistant ----------")
        .contains("\nLisbon will be sunny")
        .contains("travel_assistant      1           2        429          67");
    assertThat(response.text()).endsWith("about 540 US dollars.");
  }

  @Test
  void aToolFailureReachesTheModelAsAResult() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(new ToolCall("c1", "get_weather", "{\"city\":\"Atlantis\"}"))
            .text("I have no weather for Atlantis.")
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    TravelAssistant.run(model, "Atlantis?", new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("<- get_weather failed:")
        .contains("no weather station for Atlantis");
  }
}
