package com.acme.weather;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.StructuredOutput;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.core.Threads;
import dev.cadre.model.ChatModel;
import dev.cadre.tool.JsonSchemas;
import dev.cadre.tool.JsonValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javax.annotation.processing.Generated;

/**
 * The {@code weather_bot} agent: implements {@link WeatherBot} with an {@link AssistantAgent}.
 * Build it with {@link #builder()}.
 */
@Generated("dev.cadre.processor.CadreProcessor")
public final class CadreWeatherBot implements WeatherBot {
  private static final String FORECAST_SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"high\":{\"type\":\"integer\"},\"notes\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},\"required\":[\"city\",\"high\",\"notes\"],\"additionalProperties\":false}";

  private static final String SEA_SCHEMA = "{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"string\",\"enum\":[\"CALM\",\"ROUGH\"]}},\"required\":[\"value\"],\"additionalProperties\":false}";

  private final AssistantAgent agent;

  private final StructuredOutput<WeatherBot.Forecast> forecastOutput;

  private final StructuredOutput<WeatherBot.Sea> seaOutput;

  private CadreWeatherBot(Builder builder) {
    this.agent =
        AssistantAgent.builder("weather_bot")
            .description("Answers weather questions")
            .systemMessage("You answer questions about the weather. Use your tools.")
            .model(builder.models.get("fast"))
            .tools(WeatherTools_Tools.tools(builder.weatherTools))
            .tools(Units_Tools.tools())
            .handoff("billing", "Handles invoices and refunds")
            .maxToolIterations(5)
            .temperature(0.2)
            .streaming(true)
            .build();
    this.forecastOutput =
        StructuredOutput.of(WeatherBot.Forecast.class, "Forecast",
            JsonSchemas.parse(FORECAST_SCHEMA), json -> readForecast(json, ""));
    this.seaOutput =
        StructuredOutput.of(WeatherBot.Sea.class, "Sea", JsonSchemas.parse(SEA_SCHEMA),
            json -> readSea(json.get("value"), ""));
  }

  /**
   * Starts building the agent.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The assistant agent behind this interface, for teams.
   */
  public AssistantAgent agent() {
    return agent;
  }

  @Override
  public String weather(String city) {
    String prompt = "What is the weather in " + city + "?";
    return ask(prompt, null).text();
  }

  @Override
  public WeatherBot.Forecast forecast(String city, int days) {
    String prompt = "Forecast the next " + days + " days in " + city + ".";
    return ask(prompt, this.forecastOutput).value(WeatherBot.Forecast.class);
  }

  @Override
  public CompletableFuture<WeatherBot.Sea> sea(String city, WeatherBot.Forecast earlier) {
    String prompt = "How is the sea near " + city + "? Our last forecast: "
        + (earlier == null ? "null" : Json.write(writeForecast(earlier)));
    return askAsync(prompt, this.seaOutput, response -> response.value(WeatherBot.Sea.class));
  }

  @Override
  public AgentResponse summarise(String text) {
    String prompt = "Summarise for the log: " + text;
    return ask(prompt, null);
  }

  /**
   * Runs one turn on {@code prompt}; a null {@code output} asks for free text.
   */
  private AgentResponse ask(String prompt, StructuredOutput<?> output) {
    return ask(prompt, output, CancellationToken.none());
  }

  private AgentResponse ask(String prompt, StructuredOutput<?> output,
      CancellationToken cancellation) {
    return agent.onMessages(List.of(AgentMessage.user(prompt)), output, cancellation, event -> {});
  }

  /**
   * Runs one turn on {@code prompt} on a Cadre thread; cancelling the future cancels the turn.
   */
  private <T> CompletableFuture<T> askAsync(String prompt, StructuredOutput<?> output,
      Function<AgentResponse, T> answer) {
    CancellationToken cancellation = new CancellationToken();
    CompletableFuture<T> future =
        CompletableFuture.supplyAsync(
            () -> answer.apply(ask(prompt, output, cancellation)), Threads.shared());
    future.whenComplete(
        (value, error) -> {
          if (future.isCancelled()) {
            cancellation.cancel();
          }
        });
    return future;
  }

  private static JsonNode writeForecast(WeatherBot.Forecast value) {
    if (value == null) {
      return NullNode.getInstance();
    }
    ObjectNode object = Json.object();
    JsonValues.put(object, "city", JsonValues.textNode(value.city()));
    JsonValues.put(object, "high", JsonValues.numberNode(value.high()));
    JsonValues.put(object, "notes", writeStringList(value.notes()));
    return object;
  }

  private static JsonNode writeStringList(List<String> values) {
    if (values == null) {
      return NullNode.getInstance();
    }
    ArrayNode array = Json.mapper().createArrayNode();
    for (String value : values) {
      array.add(JsonValues.textNode(value));
    }
    return array;
  }

  private static WeatherBot.Forecast readForecast(JsonNode node, String path) {
    ObjectNode object = JsonValues.object(node, path);
    return new WeatherBot.Forecast(
        JsonValues.text(object.get("city"), JsonValues.field(path, "city")),
        JsonValues.intValue(object.get("high"), JsonValues.field(path, "high")),
        readStringList(object.get("notes"), JsonValues.field(path, "notes")));
  }

  private static List<String> readStringList(JsonNode node, String path) {
    ArrayNode array = JsonValues.array(node, path);
    List<String> values = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      values.add(JsonValues.text(array.get(i), JsonValues.index(path, i)));
    }
    return List.copyOf(values);
  }

  private static WeatherBot.Sea readSea(JsonNode node, String path) {
    return switch (JsonValues.text(node, path)) {
      case "CALM" -> WeatherBot.Sea.CALM;
      case "ROUGH" -> WeatherBot.Sea.ROUGH;
      default -> throw JsonValues.notOneOf(node, path, "CALM", "ROUGH");
    };
  }

  /**
   * Takes what the agent needs; {@link #build()} names everything still missing.
   */
  public static final class Builder {
    private ChatModel model;

    private final Map<String, ChatModel> models = new HashMap<>();

    private WeatherTools weatherTools;

    private Builder() {
    }

    /**
     * The model of agents that name no model key.
     */
    public Builder model(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * The model of agents declared with {@code @Agent(model = key)}. Keys this agent
     * does not use are ignored, so that one set of models can build a team.
     */
    public Builder model(String key, ChatModel model) {
      models.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(model, "model"));
      return this;
    }

    /**
     * The {@link WeatherTools} whose {@code @Tool} methods the agent calls.
     */
    public Builder weatherTools(WeatherTools weatherTools) {
      this.weatherTools = Objects.requireNonNull(weatherTools, "weatherTools");
      return this;
    }

    /**
     * @throws IllegalStateException naming every model and tool holder not given yet
     */
    public CadreWeatherBot build() {
      List<String> missing = new ArrayList<>();
      if (!models.containsKey("fast")) {
        missing.add("model(\"fast\", ChatModel)");
      }
      if (weatherTools == null) {
        missing.add("weatherTools(WeatherTools)");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "agent 'weather_bot' (CadreWeatherBot) cannot be built without "
                + String.join(", ", missing)
                + "; call those builder methods before build()");
      }
      return new CadreWeatherBot(this);
    }
  }
}
