package dev.cadre.samples.readme;

import dev.cadre.annotations.Agent;
import dev.cadre.annotations.Prompt;

/** The quickstart's agent: the processor writes {@code CadreForecaster} from it. */
@Agent(
    description = "Answers questions about the weather",
    systemMessage = "You answer questions about the weather. Use your tools.",
    tools = WeatherTools.class)
public interface Forecaster {

  @Prompt("What's the weather in {{city}}?")
  String ask(String city);
}
