package ${package};

import dev.cadre.annotations.Param;
import dev.cadre.annotations.Tool;

/** A tool holder: each {@code @Tool} method is a tool, its JSON schema written at compile time. */
public class WeatherTools {

  /** The weather in a city; a real app would call a weather service here. */
  @Tool("Current weather for a city")
  public String weather(@Param("The city, e.g. Paris") String city) {
    return "Sunny, 21°C in " + city;
  }
}
