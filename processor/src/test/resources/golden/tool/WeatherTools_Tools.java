package com.acme.weather;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.tool.JsonSchemas;
import dev.cadre.tool.JsonValues;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolContext;
import dev.cadre.tool.ToolSpec;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.annotation.processing.Generated;

/**
 * The {@code @Tool} methods of {@link WeatherTools} as {@link Tool}s an agent can offer its model.
 */
@Generated("dev.cadre.processor.CadreProcessor")
public final class WeatherTools_Tools {
  private static final String FORECAST_PARAMETERS = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"the city, e.g. Paris\"},\"days\":{\"type\":\"integer\",\"description\":\"how many days, from 1 to 14\"},\"unit\":{\"type\":\"string\",\"enum\":[\"CELSIUS\",\"FAHRENHEIT\"],\"description\":\"CELSIUS if left out\"}},\"required\":[\"city\",\"days\"],\"additionalProperties\":false}";

  private static final String MAX_TEMPERATURES_PARAMETERS = "{\"type\":\"object\",\"properties\":{\"cities\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"date\":{\"type\":\"string\",\"format\":\"date\"}},\"required\":[\"cities\",\"date\"],\"additionalProperties\":false}";

  private static final String RESET_PARAMETERS = "{\"type\":\"object\",\"properties\":{},\"required\":[],\"additionalProperties\":false}";

  private WeatherTools_Tools() {
  }

  /**
   * The tools {@code forecast}, {@code max_temperatures}, {@code reset}, in declaration order.
   *
   * @param instance the WeatherTools whose methods the tools call
   */
  public static List<Tool> tools(WeatherTools instance) {
    Objects.requireNonNull(instance, "WeatherTools instance is null: pass the object whose @Tool methods the tools call");
    return List.of(
        Tool.of(
            new ToolSpec("forecast", "The forecast for a city, day by day.", JsonSchemas.parse(FORECAST_PARAMETERS)),
            (arguments, context) -> callForecast(instance, arguments, context)),
        Tool.of(
            new ToolSpec("max_temperatures", "Highest temperature per city on a date", JsonSchemas.parse(MAX_TEMPERATURES_PARAMETERS)),
            (arguments, context) -> callMaxTemperatures(arguments, context)),
        Tool.of(
            new ToolSpec("reset", "Forgets cached forecasts", JsonSchemas.parse(RESET_PARAMETERS)),
            (arguments, context) -> callReset(instance, arguments, context)));
  }

  /**
   * Runs tool {@code forecast}: {@link WeatherTools#forecast}.
   */
  private static String callForecast(WeatherTools instance, ObjectNode arguments,
      ToolContext context) throws IOException {
    String city = JsonValues.text(arguments.get("city"), "city");
    int days = JsonValues.intValue(arguments.get("days"), "days");
    Optional<WeatherTools.Unit> unit = readOptionalUnit(arguments.get("unit"), "unit");
    WeatherTools.Forecast result = instance.forecast(city, days, unit);
    return JsonValues.render(writeForecast(result));
  }

  /**
   * Runs tool {@code max_temperatures}: {@link WeatherTools#maxima}.
   */
  private static String callMaxTemperatures(ObjectNode arguments, ToolContext context) {
    List<String> cities = readStringList(arguments.get("cities"), "cities");
    LocalDate date = JsonValues.localDate(arguments.get("date"), "date");
    Map<String, Double> result = WeatherTools.maxima(cities, date);
    return JsonValues.render(writeDoubleMap(result));
  }

  /**
   * Runs tool {@code reset}: {@link WeatherTools#reset}.
   */
  private static String callReset(WeatherTools instance, ObjectNode arguments,
      ToolContext context) {
    instance.reset(context);
    return "done";
  }

  private static Optional<WeatherTools.Unit> readOptionalUnit(JsonNode node, String path) {
    return JsonValues.isAbsent(node) ? Optional.empty() : Optional.of(readUnit(node, path));
  }

  private static WeatherTools.Unit readUnit(JsonNode node, String path) {
    return switch (JsonValues.text(node, path)) {
      case "CELSIUS" -> WeatherTools.Unit.CELSIUS;
      case "FAHRENHEIT" -> WeatherTools.Unit.FAHRENHEIT;
      default -> throw JsonValues.notOneOf(node, path, "CELSIUS", "FAHRENHEIT");
    };
  }

  private static JsonNode writeForecast(WeatherTools.Forecast value) {
    if (value == null) {
      return NullNode.getInstance();
    }
    ObjectNode object = Json.object();
    JsonValues.put(object, "city", JsonValues.textNode(value.city()));
    JsonValues.put(object, "unit", JsonValues.enumNode(value.unit()));
    JsonValues.put(object, "days", writeDayList(value.days()));
    return object;
  }

  private static JsonNode writeDayList(List<WeatherTools.Day> values) {
    if (values == null) {
      return NullNode.getInstance();
    }
    ArrayNode array = Json.mapper().createArrayNode();
    for (WeatherTools.Day value : values) {
      array.add(writeDay(value));
    }
    return array;
  }

  private static JsonNode writeDay(WeatherTools.Day value) {
    if (value == null) {
      return NullNode.getInstance();
    }
    ObjectNode object = Json.object();
    JsonValues.put(object, "date", JsonValues.textNode(value.date()));
    JsonValues.put(object, "high", JsonValues.numberNode(value.high()));
    JsonValues.put(object, "low", JsonValues.numberNode(value.low()));
    JsonValues.put(object, "summary", writeOptionalString(value.summary()));
    return object;
  }

  private static JsonNode writeOptionalString(Optional<String> value) {
    return value == null || value.isEmpty() ? NullNode.getInstance() : JsonValues.textNode(value.get());
  }

  private static List<String> readStringList(JsonNode node, String path) {
    ArrayNode array = JsonValues.array(node, path);
    List<String> values = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      values.add(JsonValues.text(array.get(i), JsonValues.index(path, i)));
    }
    return List.copyOf(values);
  }

  private static JsonNode writeDoubleMap(Map<String, Double> values) {
    if (values == null) {
      return NullNode.getInstance();
    }
    ObjectNode object = Json.object();
    for (Map.Entry<String, Double> entry : values.entrySet()) {
      object.set(entry.getKey(), JsonValues.numberNode(entry.getValue()));
    }
    return object;
  }
}
