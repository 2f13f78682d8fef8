package dev.cadre.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ToolTest {

  enum Unit {
    CELSIUS,
    FAHRENHEIT
  }

  record Forecast(String city, int days, Optional<Unit> unit) {}

  record Weird(Object anything) {}

  record Nested(Weird inner) {}

  static JsonNode json(String text) throws Exception {
    return Json.parse(text.replace('\'', '"'));
  }

  static ObjectNode args(String text) throws Exception {
    return (ObjectNode) json(text);
  }

  static ToolContext context() {
    return new ToolContext("call-1", new CancellationToken());
  }

  @Test
  void builderProducesTheSpec() throws Exception {
    Tool tool =
        Tool.builder("get_weather")
            .description("Current weather in a city")
            .parameter("city", String.class, "City name")
            .optionalParameter("unit", Unit.class, "Temperature unit")
            .parameter("tags", JsonSchemas.arrayOf(JsonSchemas.string()), null)
            .timeout(Duration.ofSeconds(5))
            .function((arguments, context) -> "sunny in " + arguments.get("city").asText())
            .build();

    assertThat(tool.name()).isEqualTo("get_weather");
    assertThat(tool.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(tool.spec().description()).isEqualTo("Current weather in a city");
    assertThat((JsonNode) tool.spec().parameters())
        .isEqualTo(
            json(
                "{'type':'object','properties':{"
                    + "'city':{'type':'string','description':'City name'},"
                    + "'unit':{'type':'string','enum':['CELSIUS','FAHRENHEIT'],"
                    + "'description':'Temperature unit'},"
                    + "'tags':{'type':'array','items':{'type':'string'}}},"
                    + "'required':['city','tags'],'additionalProperties':false}"));
    assertThat(tool.function().call(args("{'city':'Oslo','tags':[]}"), context()))
        .isEqualTo("sunny in Oslo");
  }

  @Test
  void builderUsesTheDefaultTimeout() {
    Tool tool = Tool.builder("noop").function((arguments, context) -> null).build();

    assertThat(tool.timeout()).isEqualTo(Tool.DEFAULT_TIMEOUT);
    assertThat(tool.spec().parameters().get("properties").isEmpty()).isTrue();
  }

  @Test
  void builderRejectsBadParameterNames() {
    Tool.Builder builder = Tool.builder("get_weather").parameter("city", String.class, null);

    assertThatThrownBy(() -> builder.parameter("city", Unit.class, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tool 'get_weather': parameter 'city' is defined twice");
    assertThatThrownBy(() -> builder.optionalParameter("", String.class, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tool 'get_weather': parameter name '' is not accepted");
    assertThatThrownBy(() -> builder.parameter("my city", JsonSchemas.string(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tool 'get_weather': parameter name 'my city' is not accepted");
  }

  @Test
  void builderRejectsUnmappableParameterTypesNamingToolAndPath() {
    assertThatThrownBy(() -> Tool.builder("store").parameter("item", Nested.class, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "tool 'store': item.inner.anything: type java.lang.Object has no JSON schema mapping");
  }

  @Test
  void builderRejectsBadToolNameAndMissingFunction() {
    assertThatThrownBy(() -> Tool.builder("get weather").function((a, c) -> "").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tool name 'get weather'");
    assertThatThrownBy(() -> Tool.builder("get_weather").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tool 'get_weather' has no function");
  }

  @Test
  void fromRecordDerivesTheSchemaAndParsesArguments() throws Exception {
    AtomicReference<Forecast> received = new AtomicReference<>();
    Tool tool =
        Tool.fromRecord(
            "forecast",
            "Weather forecast",
            Forecast.class,
            forecast -> {
              received.set(forecast);
              return forecast.days() + " days in " + forecast.city();
            });

    assertThat(tool.spec())
        .isEqualTo(
            new ToolSpec(
                "forecast",
                "Weather forecast",
                (ObjectNode)
                    json(
                        "{'type':'object','properties':{"
                            + "'city':{'type':'string'},'days':{'type':'integer'},"
                            + "'unit':{'type':'string','enum':['CELSIUS','FAHRENHEIT']}},"
                            + "'required':['city','days'],'additionalProperties':false}")));

    Object result =
        tool.function().call(args("{'city':'Oslo','days':3,'unit':'FAHRENHEIT'}"), context());

    assertThat(result).isEqualTo("3 days in Oslo");
    assertThat(received.get()).isEqualTo(new Forecast("Oslo", 3, Optional.of(Unit.FAHRENHEIT)));

    tool.function().call(args("{'city':'Oslo','days':3}"), context());
    assertThat(received.get()).isEqualTo(new Forecast("Oslo", 3, Optional.empty()));
  }

  @Test
  void fromRecordBodyCanUseItsContext() throws Exception {
    Tool tool =
        Tool.fromRecord(
            "forecast",
            "",
            Forecast.class,
            (Forecast forecast, ToolContext context) -> context.callId() + ":" + forecast.city());

    assertThat(tool.function().call(args("{'city':'Oslo','days':1}"), context()))
        .isEqualTo("call-1:Oslo");
  }

  @Test
  void fromRecordRejectsUnmappableComponentsNamingTheTool() {
    assertThatThrownBy(() -> Tool.fromRecord("store", "", Nested.class, n -> ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "tool 'store': inner.anything: type java.lang.Object has no JSON schema mapping");
  }

  @Test
  void fromRecordReportsArgumentsThatDoNotFitTheRecord() {
    Tool tool = Tool.fromRecord("forecast", "", Forecast.class, forecast -> "");

    assertThatThrownBy(() -> tool.function().call(args("{'city':{},'days':1}"), context()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("arguments do not fit Forecast: ");
    assertThatThrownBy(() -> tool.function().call(args("{'city':'Oslo','days':[1]}"), context()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("argument 'days' must be an integer, got [1]");
  }

  @Test
  void recordResultsCanBeWrittenWithOptionalsLeftOut() {
    assertThat(Json.write(new Forecast("Oslo", 2, Optional.empty())))
        .isEqualTo("{\"city\":\"Oslo\",\"days\":2}");
    assertThat(Json.write(List.of(new Forecast("Oslo", 2, Optional.of(Unit.CELSIUS)))))
        .isEqualTo("[{\"city\":\"Oslo\",\"days\":2,\"unit\":\"CELSIUS\"}]");
  }
}
