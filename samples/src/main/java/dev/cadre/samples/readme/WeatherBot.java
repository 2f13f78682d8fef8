package dev.cadre.samples.readme;

import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ModelConfig;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.Tool;

public class WeatherBot {
  public static void main(String[] args) {
    Tool weather =
        Tool.builder("get_weather")
            .description("Current weather for a city")
            .parameter("city", String.class, "The city, e.g. Paris")
            .function((arguments, context) -> "Sunny, 21°C in " + arguments.get("city").asText())
            .build();

    // Offline unless CADRE_PROVIDER / an API key says otherwise (see the table below).
    ChatModel model =
        ModelConfig.fromEnvironment()
            .create(
                () ->
                    ReplayChatModel.builder()
                        .toolCall("get_weather", "{\"city\": \"Paris\"}")
                        .text("It is sunny and 21°C in Paris.")
                        .build());

    AssistantAgent agent =
        AssistantAgent.builder("weather_bot")
            .systemMessage("You answer questions about the weather. Use your tools.")
            .model(model)
            .tool(weather)
            .build();

    AgentResponse response = agent.run("What's the weather in Paris?");
    System.out.println(response.text());   // It is sunny and 21°C in Paris.
    System.out.println(response.usage());  // tokens of every model call of the turn
  }
}
