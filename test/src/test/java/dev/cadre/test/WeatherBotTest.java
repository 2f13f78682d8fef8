package dev.cadre.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.model.ChatModel;
import dev.cadre.tool.Tool;
import org.junit.jupiter.api.Test;

/**
 * The README's example: a test that replays its cassette, as CI runs it, from {@code
 * src/test/resources/cassettes/WeatherBotTest/answersFromItsTool.jsonl}.
 */
@CadreTest
class WeatherBotTest {

  @Test
  void answersFromItsTool(ChatModel model, Cassette cassette) {
    Tool weather =
        cassette.tool( // recorded with the model; on replay it does not run
            Tool.builder("get_weather")
                .description("Current weather for a city")
                .parameter("city", String.class, "The city, e.g. Paris")
                .function((args, context) -> "Sunny, 21°C in " + args.get("city").asText())
                .build());
    AssistantAgent agent =
        AssistantAgent.builder("weather_bot")
            .systemMessage("You answer questions about the weather. Use your tools.")
            .model(model)
            .tool(weather)
            .streaming(true)
            .build();

    AgentResponse answer = agent.run("What's the weather in Paris?");

    assertThat(answer.text()).isEqualTo("It is sunny and 21°C in Paris.");
  }
}
