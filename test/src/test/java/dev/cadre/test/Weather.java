package dev.cadre.test;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.model.ChatModel;
import dev.cadre.model.http.RetryPolicy;
import dev.cadre.model.openai.OpenAiChatModel;
import dev.cadre.model.openai.ProviderWire;
import dev.cadre.tool.Tool;
import mockwebserver3.MockWebServer;

/** The README's weather bot, the system under test of the self-tests, and its provider stand-in. */
final class Weather {

  private Weather() {}

  static Tool weatherTool() {
    return Tool.builder("get_weather")
        .description("Current weather for a city")
        .parameter("city", String.class, "The city, e.g. Paris")
        .function((arguments, context) -> "Sunny, 21°C in " + arguments.get("city").asText())
        .build();
  }

  static AssistantAgent agent(ChatModel model, Tool weather) {
    return AssistantAgent.builder("weather_bot")
        .systemMessage("You answer questions about the weather. Use your tools.")
        .model(model)
        .tool(weather)
        .streaming(true)
        .build();
  }

  /** The provider's side of one question: a tool call, then the answer in three chunks. */
  static void enqueueConversation(MockWebServer server) {
    server.enqueue(ProviderWire.streamedToolCall("call_w1", "get_weather", "{\"city\":\"Paris\"}"));
    server.enqueue(ProviderWire.streamedText(52, 9, "It is sunny ", "and 21°C ", "in Paris."));
  }

  /** An OpenAI client of the stand-in server, with the runtime tests' key. */
  static ChatModel live(MockWebServer server) {
    return OpenAiChatModel.builder()
        .baseUrl(server.url("/v1").toString())
        .apiKey(ProviderWire.KEY)
        .model("gpt-4o-mini")
        .retry(RetryPolicy.NONE)
        .build();
  }
}
