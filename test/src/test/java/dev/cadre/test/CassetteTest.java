package dev.cadre.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentResponse;
import dev.cadre.core.Json;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ModelException;
import dev.cadre.model.Usage;
import dev.cadre.model.openai.ProviderWire;
import dev.cadre.tool.Tool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording a conversation with a provider stand-in, and replaying it with no provider at all. */
class CassetteTest {

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path dir;

  private AgentResponse ask(ChatModel model, String question) {
    return Weather.agent(model, Weather.weatherTool()).run(question);
  }

  private Path record(String name) {
    Path file = dir.resolve(name);
    Weather.enqueueConversation(server);
    try (Cassette cassette =
        Cassette.builder(file)
            .mode(Mode.RECORD)
            .live(track -> Weather.live(server))
            .secret(ProviderWire.KEY)
            .build()) {
      AgentResponse answer = ask(cassette.model("model"), "What's the weather in Paris?");
      assertThat(answer.text()).isEqualTo("It is sunny and 21°C in Paris.");
    }
    return file;
  }

  private static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lines.add(Json.parse(line));
    }
    return lines;
  }

  @Test
  void recordsEveryExchangeWithStreamedChunksAndNoSecret() throws Exception {
    Path file = record("weather.jsonl");

    String text = Files.readString(file);
    assertThat(text).doesNotContain(ProviderWire.KEY).doesNotContain("sk-test");
    List<JsonNode> lines = lines(file);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).path("call").asInt()).isZero();
    assertThat(lines.get(0).path("provider").asText()).isEqualTo("openai");
    JsonNode first = lines.get(1);
    assertThat(first.path("kind").asText()).isEqualTo("stream");
    assertThat(first.path("request").path("messages").get(1).path("content").asText())
        .isEqualTo("What's the weather in Paris?");
    assertThat(first.path("request").path("tools").get(0).path("name").asText())
        .isEqualTo("get_weather");
    assertThat(first.path("response").path("toolCalls").get(0).path("arguments").asText())
        .isEqualTo("{\"city\":\"Paris\"}");
    JsonNode second = lines.get(2);
    assertThat(second.path("call").asInt()).isEqualTo(2);
    assertThat(second.path("chunks").toString())
        .isEqualTo(
            "[{\"text\":\"It is sunny \"},{\"text\":\"and 21°C \"},{\"text\":\"in Paris.\"}]");
    assertThat(second.path("request").path("messages").get(3).path("role").asText())
        .isEqualTo("tool");
  }

  @Test
  void replaysOfflineWithTheRecordedAnswerChunksAndUsage() throws Exception {
    Path file = record("weather.jsonl");
    server.close();

    try (Cassette cassette = Cassette.builder(file).build()) {
      List<String> chunks = new ArrayList<>();
      AgentResponse answer =
          Weather.agent(cassette.model("model"), Weather.weatherTool())
              .run(
                  "What's the weather in Paris?",
                  event -> {
                    if (event instanceof AgentEvent.TextChunk chunk) {
                      chunks.add(chunk.text());
                    }
                  });
      assertThat(answer.text()).isEqualTo("It is sunny and 21°C in Paris.");
      assertThat(chunks).containsExactly("It is sunny ", "and 21°C ", "in Paris.");
      assertThat(answer.usage()).isEqualTo(new Usage(30 + 52, 8 + 9));
      assertThat(cassette.model("model").provider()).isEqualTo("openai");
      assertThat(cassette.requests("model")).hasSize(2);
    }
  }

  @Test
  void reRecordingTheSameConversationWritesTheSameFile() throws Exception {
    Path once = record("once.jsonl");
    Path twice = record("twice.jsonl");

    assertThat(Files.readString(twice)).isEqualTo(Files.readString(once));
  }

  @Test
  void aChangedPromptFailsWithADiffNamingTheFieldAndBothValues() throws Exception {
    Path file = record("weather.jsonl");

    Cassette cassette = Cassette.builder(file).build();
    assertThatThrownBy(() -> ask(cassette.model("model"), "What's the weather in Rome?"))
        .hasStackTraceContaining("differs from the recorded one");
    assertThatThrownBy(cassette::close)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("track \"model\", call 1: the request differs")
        .hasMessageContaining(
            "messages[1].content\n"
                + "    recorded: \"What's the weather in Paris?\"\n"
                + "    now:      \"What's the weather in Rome?\"")
        .hasMessageContaining("-Dcadre.test.mode=record");
  }

  @Test
  void fieldsAndTextDeclaredFreeToVaryDoNotFailTheReplay() throws Exception {
    Path file = record("weather.jsonl");

    try (Cassette cassette =
        Cassette.builder(file).varyingText("Paris|Rome").freeToVary("description").build()) {
      Tool reworded =
          Tool.builder("get_weather")
              .description("The weather now, anywhere")
              .parameter("city", String.class, "The city, e.g. Paris")
              .function((arguments, context) -> "Sunny, 21°C in Paris")
              .build();
      AgentResponse answer =
          Weather.agent(cassette.model("model"), reworded).run("What's the weather in Rome?");
      assertThat(answer.text()).isEqualTo("It is sunny and 21°C in Paris.");
    }
  }

  @Test
  void exchangesNeverAskedForFailTheReplayAtTheEnd() throws Exception {
    Path file = record("weather.jsonl");

    Cassette cassette = Cassette.builder(file).build();
    ChatModel model = cassette.model("model");
    model.chat(Json.mapper().convertValue(lines(file).get(1).path("request"), ChatRequest.class));
    assertThatThrownBy(cassette::close)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("recorded exchanges were never asked for (track \"model\": 1 of 2)");
  }

  @Test
  void aProviderFailureIsRecordedAndReplayedAsTheSameError() throws Exception {
    Path file = dir.resolve("limited.jsonl");
    server.enqueue(
        ProviderWire.error(
            429, "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit\"}}"));
    try (Cassette cassette =
        Cassette.builder(file).mode(Mode.RECORD).live(track -> Weather.live(server)).build()) {
      assertThatThrownBy(() -> ask(cassette.model("model"), "Weather?"))
          .hasStackTraceContaining("Rate limit reached");
    }
    server.close();

    try (Cassette cassette = Cassette.builder(file).build()) {
      assertThatThrownBy(
              () ->
                  cassette
                      .model("model")
                      .chat(
                          Json.mapper()
                              .convertValue(lines(file).get(1).path("request"), ChatRequest.class)))
          .isInstanceOfSatisfying(
              ModelException.class,
              e -> {
                assertThat(e.status()).isEqualTo(429);
                assertThat(e.provider()).isEqualTo("openai");
                assertThat(e.getMessage()).contains("Rate limit reached");
              });
    }
  }

  @Test
  void aMissingCassetteSaysHowToRecordIt() {
    assertThatThrownBy(() -> Cassette.builder(dir.resolve("none.jsonl")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("none.jsonl does not exist")
        .hasMessageContaining("-Dcadre.test.mode=record");
  }

  @Test
  void autoRecordsAMissingCassetteAndReplaysAnExistingOne() throws Exception {
    Path file = dir.resolve("auto.jsonl");
    Weather.enqueueConversation(server);
    try (Cassette cassette =
        Cassette.builder(file).mode(Mode.AUTO).live(track -> Weather.live(server)).build()) {
      assertThat(cassette.recording()).isTrue();
      ask(cassette.model("model"), "What's the weather in Paris?");
    }
    try (Cassette cassette =
        Cassette.builder(file).mode(Mode.AUTO).live(track -> Weather.live(server)).build()) {
      assertThat(cassette.recording()).isFalse();
      ask(cassette.model("model"), "What's the weather in Paris?");
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
  }
}
