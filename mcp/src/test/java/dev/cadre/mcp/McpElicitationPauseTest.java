package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.Question;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server's elicitation in a durable run whose person is {@link HumanInput#pause()}: the run
 * pauses like a user proxy's question, waits with nothing running, and a new runtime (new team,
 * new connection, new agent) resumes it with the answer, which reaches the server when the tool
 * call is made again. Against Cadre's own MCP server over streamable HTTP.
 */
class McpElicitationPauseTest {

  @TempDir Path dir;

  /** The model of each runtime, in order. */
  private final List<ReplayChatModel> models = new CopyOnWriteArrayList<>();

  /** How often the server's tool was called. */
  private final AtomicInteger calls = new AtomicInteger();

  /**
   * The forms the server's tool got back filled in. A paused call is cancelled at the server, so
   * its tool may never get to note the form it got back ("cancel"), or may: only filled-in ones
   * count.
   */
  private final List<String> elicited = new CopyOnWriteArrayList<>();

  private CadreMcpServer server() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("city", Map.of("type", "string", "description", "the city"));
    properties.put("nights", Map.of("type", "integer"));
    return CadreMcpServer.builder("hotels", "1")
        .tool(
            "book",
            "Books a hotel, asking the user where and for how long",
            Json.object().put("type", "object"),
            (arguments, context) -> {
              calls.incrementAndGet();
              Map<String, Object> answer =
                  context.elicit(
                      "Where to, and for how many nights?",
                      Map.of("type", "object", "properties", properties));
              if (answer != null) {
                elicited.add(answer.toString());
              }
              return answer == null
                  ? "not booked"
                  : "booked " + answer.get("city") + " for " + answer.get("nights") + " nights";
            })
        .build();
  }

  /** One process's share of the run: its own connection, agent, model and team. */
  private <T> T inANewRuntime(McpHttpServer http, CheckpointStore store, Function<Team, T> step) {
    McpClientOptions options = McpClientOptions.builder().elicitation(HumanInput.pause()).build();
    try (McpConnection hotels =
        McpConnection.open(
            McpServerConfig.http("hotels", http.url().toString()).build(), options)) {
      ReplayChatModel model =
          ReplayChatModel.builder().toolCall("book", "{}").text("All set.").build();
      models.add(model);
      AssistantAgent booker =
          AssistantAgent.builder("booker").model(model).tools(hotels.toolSource()).build();
      try (Team team =
          new Team(
              new TeamSpec("travel", "", List.of(booker), new RoundRobin(), null, 1, null),
              store)) {
        return step.apply(team);
      }
    }
  }

  @Test
  void anElicitationPausesTheDurableRunAndANewRuntimeResumesItWithTheAnswers() throws Exception {
    Path db = dir.resolve("runs.db");
    try (McpHttpServer http = server().serveHttp(new InetSocketAddress("127.0.0.1", 0), "/mcp");
        CheckpointStore store = SqliteCheckpointStore.open(db)) {
      TaskResult first =
          inANewRuntime(
              http, store, team -> team.runDurable("trip", "Book me a hotel", event -> {}));

      Question city = first.waiting();
      assertThat(city).isNotNull();
      assertThat(city.agent()).isEqualTo("booker");
      assertThat(city.prompt())
          .contains("MCP server 'hotels' asks: Where to, and for how many nights?")
          .contains("the city");
      assertThat(calls).hasValue(1);
      assertThat(elicited).isEmpty();
      Question listed = inANewRuntime(http, store, team -> team.waiting("trip").orElseThrow());
      assertThat(listed).isEqualTo(city);

      // The first field's answer is kept; the call made again stops at the second field.
      TaskResult second = inANewRuntime(http, store, team -> team.resume("trip", "Lisbon"));
      Question nights = second.waiting();
      assertThat(nights).isNotNull();
      assertThat(nights.id()).isNotEqualTo(city.id());
      assertThat(nights.prompt()).contains("nights [integer]");
      assertThat(calls).hasValue(2);
      assertThat(elicited).isEmpty();

      TaskResult done = inANewRuntime(http, store, team -> team.resume("trip", "3"));

      assertThat(done.waiting()).isNull();
      assertThat(calls).hasValue(3);
      assertThat(elicited).containsExactly("{city=Lisbon, nights=3}");
      assertThat(done.messages())
          .extracting(m -> m.source() + ": " + m.toText())
          .containsExactly("user: Book me a hotel", "booker: All set.");
      assertThat(inANewRuntime(http, store, team -> team.waiting("trip")).isEmpty()).isTrue();
    }
    // What the last runtime's model read: the tool's answer, once both questions were answered.
    ReplayChatModel last = models.get(3); // the runtime that resumed with "3"
    assertThat(last.requests()).hasSize(2);
    assertThat(last.lastRequest().messages().get(last.lastRequest().messages().size() - 1))
        .isInstanceOfSatisfying(
            ChatMessage.ToolResults.class,
            results ->
                assertThat(results.results().get(0).content())
                    .isEqualTo("booked Lisbon for 3 nights"));
  }
}
