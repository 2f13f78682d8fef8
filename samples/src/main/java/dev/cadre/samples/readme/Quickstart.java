package dev.cadre.samples.readme;

import dev.cadre.model.ChatModel;
import dev.cadre.model.ModelConfig;
import dev.cadre.model.replay.ReplayChatModel;

/** The quickstart's program: runs the forecaster offline, or live when a model is configured. */
public class Quickstart {
  public static void main(String[] args) {
    // Offline unless CADRE_PROVIDER / an API key says otherwise (see "Choosing a model").
    ChatModel model =
        ModelConfig.fromEnvironment()
            .create(
                () ->
                    ReplayChatModel.builder()
                        .toolCall("weather", "{\"city\": \"Paris\"}")
                        .text("It is sunny and 21°C in Paris.")
                        .build());

    Forecaster forecaster =
        CadreForecaster.builder().model(model).weatherTools(new WeatherTools()).build();
    System.out.println(forecaster.ask("Paris")); // It is sunny and 21°C in Paris.
  }
}
