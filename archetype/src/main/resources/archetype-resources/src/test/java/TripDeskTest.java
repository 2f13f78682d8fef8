package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentMessage;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import org.junit.jupiter.api.Test;

/**
 * The agents and the team on the replay model: it answers from a script, so the tests need no
 * network and no key, while the real tool runs and the real team decides who speaks.
 */
class TripDeskTest {

  @Test
  void theForecasterCallsItsToolAndAnswersFromItsResult() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("weather", "{\"city\": \"Oslo\"}")
            .text("It is sunny and 21°C in Oslo.")
            .build();
    Forecaster forecaster =
        CadreForecaster.builder().model(model).weatherTools(new WeatherTools()).build();

    assertThat(forecaster.ask("Oslo")).isEqualTo("It is sunny and 21°C in Oslo.");

    // The prompt template was filled in, and the model saw what the real tool returned.
    assertThat(model.requests().get(0).messages())
        .filteredOn(ChatMessage.User.class::isInstance)
        .extracting(message -> ((ChatMessage.User) message).content())
        .containsExactly("What's the weather in Oslo?");
    assertThat(model.requests().get(1).messages().toString()).contains("Sunny, 21°C in Oslo");
  }

  @Test
  void theTeamLooksUpTheWeatherThenSaysWhatToPack() {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("weather", "{\"city\": \"Oslo\"}")
            .text("It is sunny and 21°C in Oslo.")
            .text("Take sunglasses.")
            .build();
    try (CadreTripDesk desk =
        CadreTripDesk.builder().model(model).weatherTools(new WeatherTools()).build()) {

      TaskResult result = desk.plan("Oslo");

      assertThat(result.messages())
          .extracting(AgentMessage::source)
          .containsExactly("user", "forecaster", "packer");
      assertThat(result.lastMessage().content()).isEqualTo("Take sunglasses.");
      // The forecaster's second call saw the real tool's result; the packer saw the forecast.
      assertThat(model.requests()).hasSize(3);
      assertThat(model.requests().get(1).messages().toString()).contains("Sunny, 21°C in Oslo");
      assertThat(model.requests().get(2).messages().toString())
          .contains("It is sunny and 21°C in Oslo.");
    }
  }
}
