package dev.cadre.samples;

import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ModelConfig;
import dev.cadre.present.Console;
import dev.cadre.team.TeamEvent;
import dev.cadre.tool.Tool;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * A travel assistant that checks the weather and converts currency
 * with two tools, asking for both at once.
 *
 * <p>Offline by default: a replay script on the class path plays the model. Set an API key (see
 * {@link ModelConfig}) to run the same agent against a live model.
 */
public final class TravelAssistant {

  private static final String SCRIPT = "travel-assistant.jsonl";

  private static final Map<String, String> WEATHER =
      Map.of("lisbon", "sunny, 24°C", "oslo", "light snow, -3°C", "tokyo", "clear, 18°C");

  private static final Map<String, Double> EUR_RATES = Map.of("USD", 1.08, "JPY", 162.5, "NOK", 11.6);

  private TravelAssistant() {}

  public static void main(String[] args) {
    String task =
        args.length > 0
            ? String.join(" ", args)
            : "I'm flying to Lisbon tomorrow with 500 EUR. What's the weather, and how much is"
                + " that in US dollars?";
    ModelConfig config = ModelConfig.fromEnvironment();
    run(config.create(TravelAssistant::offlineModel), task, System.out);
  }

  /** Runs the assistant on {@code task}, printing its work as it happens. */
  static AgentResponse run(ChatModel model, String task, PrintStream out) {
    AssistantAgent assistant =
        AssistantAgent.builder("travel_assistant")
            .description("Plans trips: weather at the destination and money conversions.")
            .systemMessage(
                "You help travellers. Use get_weather for weather and convert_currency for money;"
                    + " call both at once when you need both. Answer in two short sentences.")
            .model(model)
            .tools(weatherTool(), currencyTool())
            .streaming(true)
            .build();

    // Styled only on a real terminal: a test's byte stream stays plain.
    boolean terminal = out == System.out && System.console() != null;
    try (Console console = Console.builder(out).terminal(terminal).build()) {
      console.accept(new TeamEvent.Message(AgentMessage.user(task)));
      AgentResponse response = assistant.run(task, console::agent);
      console.summary("answered");
      return response;
    }
  }

  static Tool weatherTool() {
    return Tool.builder("get_weather")
        .description("Today's weather in a city")
        .parameter("city", String.class, "The city, e.g. Lisbon")
        .function(
            (arguments, context) -> {
              String city = arguments.get("city").asText();
              String weather = WEATHER.get(city.toLowerCase(Locale.ROOT));
              if (weather == null) {
                throw new IllegalArgumentException("no weather station for " + city);
              }
              return city + ": " + weather;
            })
        .build();
  }

  static Tool currencyTool() {
    return Tool.builder("convert_currency")
        .description("Converts an amount of euros into another currency")
        .parameter("amount", double.class, "The amount in EUR")
        .parameter("to", String.class, "The ISO code of the target currency, e.g. USD")
        .function(
            (arguments, context) -> {
              String to = arguments.get("to").asText().toUpperCase(Locale.ROOT);
              Double rate = EUR_RATES.get(to);
              if (rate == null) {
                throw new IllegalArgumentException("no rate for " + to + "; known: " + EUR_RATES.keySet());
              }
              double amount = arguments.get("amount").asDouble();
              return String.format(Locale.ROOT, "%.2f EUR = %.2f %s", amount, amount * rate, to);
            })
        .build();
  }

  /** The scripted model the sample uses when no live model is configured. */
  static ChatModel offlineModel() {
    return Samples.replay(SCRIPT);
  }

}
