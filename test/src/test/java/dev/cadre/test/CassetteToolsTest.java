package dev.cadre.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tool calls, and a server's tool set, recorded with their results and replayed without them. */
class CassetteToolsTest {

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path dir;

  private final AtomicInteger runs = new AtomicInteger();

  private Tool countingWeather() {
    Tool weather = Weather.weatherTool();
    return new Tool(
        weather.spec(),
        (arguments, context) -> {
          runs.incrementAndGet();
          return weather.function().call(arguments, context);
        },
        weather.timeout());
  }

  private static Tool neverRuns() {
    return neverRuns(Weather.weatherTool());
  }

  /** A tool of {@code like}'s spec that fails the test if it runs. */
  private static Tool neverRuns(Tool like) {
    return new Tool(
        like.spec(),
        (arguments, context) -> {
          throw new AssertionError("a replayed tool must not run");
        },
        Tool.DEFAULT_TIMEOUT);
  }

  private Path recordWith(String name, boolean asSet) {
    Path file = dir.resolve(name);
    Weather.enqueueConversation(server);
    try (Cassette cassette =
        Cassette.builder(file).mode(Mode.RECORD).live(track -> Weather.live(server)).build()) {
      Tool tool =
          asSet
              ? cassette.tools("weather_server", () -> List.of(countingWeather())).get(0)
              : cassette.tool(countingWeather());
      Weather.agent(cassette.model("model"), tool).run("What's the weather in Paris?");
    }
    return file;
  }

  @Test
  void aToolCallIsRecordedAndReplayedWithoutRunningTheTool() throws Exception {
    Path file = recordWith("tool.jsonl", false);
    assertThat(runs).hasValue(1);
    JsonNode line =
        Files.readAllLines(file).stream()
            .map(CassetteToolsTest::parse)
            .filter(node -> node.path("track").asText().equals("tool:get_weather"))
            .findFirst()
            .orElseThrow();
    assertThat(line.toString())
        .isEqualTo(
            "{\"track\":\"tool:get_weather\",\"call\":1,\"kind\":\"tool\","
                + "\"arguments\":{\"city\":\"Paris\"},\"result\":\"Sunny, 21°C in Paris\"}");
    server.close();

    try (Cassette cassette = Cassette.builder(file).build()) {
      String answer =
          Weather.agent(cassette.model("model"), cassette.tool(neverRuns()))
              .run("What's the weather in Paris?")
              .text();
      assertThat(answer).isEqualTo("It is sunny and 21°C in Paris.");
    }
  }

  @Test
  void aToolSetIsReplayedWithNoServerPresent() {
    Path file = recordWith("set.jsonl", true);
    server.close();

    try (Cassette cassette = Cassette.builder(file).build()) {
      List<Tool> tools =
          cassette.tools(
              "weather_server",
              () -> {
                throw new AssertionError("a replay must not ask for the server's tools");
              });
      assertThat(tools).extracting(Tool::name).containsExactly("get_weather");
      assertThat(tools.get(0).spec()).isEqualTo(Weather.weatherTool().spec());
      String answer =
          Weather.agent(cassette.model("model"), tools.get(0))
              .run("What's the weather in Paris?")
              .text();
      assertThat(answer).isEqualTo("It is sunny and 21°C in Paris.");
    }
  }

  @Test
  void aToolsFailureIsReplayedAsTheSameErrorTheModelRead() {
    Path file = dir.resolve("failing.jsonl");
    Tool failing =
        Tool.builder("get_weather")
            .description("Current weather for a city")
            .parameter("city", String.class, "The city")
            .function(
                (arguments, context) -> {
                  throw new IllegalStateException("weather service down");
                })
            .build();
    ReplayChatModel.Builder script =
        ReplayChatModel.builder().toolCall("get_weather", "{\"city\":\"Paris\"}");
    try (Cassette cassette =
        Cassette.builder(file)
            .mode(Mode.RECORD)
            .live(track -> script.text("The service is down.").build())
            .build()) {
      Weather.agent(cassette.model("model"), cassette.tool(failing)).run("Weather in Paris?");
      ChatMessage.ToolResults results =
          (ChatMessage.ToolResults) cassette.requests("model").get(1).messages().get(3);
      assertThat(results.results().get(0).content()).contains("weather service down");
    }

    try (Cassette cassette = Cassette.builder(file).build()) {
      Weather.agent(cassette.model("model"), cassette.tool(neverRuns(failing)))
          .run("Weather in Paris?");
      ChatMessage.ToolResults results =
          (ChatMessage.ToolResults) cassette.requests("model").get(1).messages().get(3);
      assertThat(results.results().get(0).error()).isTrue();
      assertThat(results.results().get(0).content()).contains("weather service down");
    }
  }

  @Test
  void differentArgumentsFailWithADiff() throws Exception {
    Path file = recordWith("tool.jsonl", false);

    Cassette cassette = Cassette.builder(file).build();
    Tool tool = cassette.tool(neverRuns());
    assertThatThrownBy(
            () ->
                tool.function()
                    .call(
                        Json.object().put("city", "Rome"),
                        new ToolContext("call_1", CancellationToken.none())))
        .hasMessageContaining("track \"tool:get_weather\", call 1: the arguments differ");
    assertThatThrownBy(cassette::close)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("city\n    recorded: \"Paris\"\n    now:      \"Rome\"");
  }

  private static JsonNode parse(String line) {
    try {
      return Json.parse(line);
    } catch (Exception e) {
      throw new AssertionError(line, e);
    }
  }
}
