package dev.cadre.samples.readme;

import dev.cadre.annotations.Param;
import dev.cadre.annotations.Tool;

/** The quickstart's tool: a plain method, its JSON schema written at compile time. */
public class WeatherTools {

  @Tool("Current weather for a city")
  public String weather(@Param("The city, e.g. Paris") String city) {
    return "Sunny, 21°C in " + city;
  }
}
