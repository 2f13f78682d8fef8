package ${package};

import dev.cadre.annotations.Agent;
import dev.cadre.annotations.Prompt;

/** An agent with a tool; the annotation processor writes {@code CadreForecaster} from it. */
@Agent(
    description = "Answers questions about the weather",
    systemMessage = "You answer questions about the weather. Use your tools.",
    tools = WeatherTools.class)
public interface Forecaster {

  /** Asks the forecaster about one city. */
  @Prompt("What's the weather in {{city}}?")
  String ask(String city);
}
