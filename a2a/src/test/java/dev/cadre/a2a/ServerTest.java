package dev.cadre.a2a;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.UserProxyAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.Json;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cadre teams served over A2A, called by a client built with the A2A JavaScript SDK
 * (src/test/js/cadre-client.mjs): streaming, a person's question answered by the client,
 * cancellation, the final artifact, authentication and a durable team across a server restart.
 */
@Timeout(180)
class ServerTest {

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private A2aServer serve(A2aServer.Builder builder) throws Exception {
    A2aServer server = builder.start();
    open.add(server);
    return server;
  }

  /** What the JavaScript client printed: each line's kind and JSON (or text). */
  private record Seen(List<JsonNode> events, List<JsonNode> tasks, List<String> errors) {
    List<String> states() {
      List<String> states = new ArrayList<>();
      for (JsonNode event : events) {
        JsonNode status =
            event.has("task")
                ? event.path("task").path("status")
                : event.path("statusUpdate").path("status");
        if (!status.isMissingNode()) {
          states.add(status.path("state").asText());
        }
      }
      return states;
    }

    /** The speaker and text of each status message, as "source: text". */
    List<String> said() {
      List<String> said = new ArrayList<>();
      for (JsonNode event : events) {
        JsonNode message = event.path("statusUpdate").path("status").path("message");
        if (!message.isMissingNode()) {
          said.add(
              message.path("metadata").path("source").asText()
                  + ": "
                  + message.path("parts").get(0).path("text").asText());
        }
      }
      return said;
    }

    List<JsonNode> artifacts() {
      List<JsonNode> artifacts = new ArrayList<>();
      events.forEach(
          e -> {
            if (e.has("artifactUpdate")) {
              artifacts.add(e.path("artifactUpdate").path("artifact"));
            }
          });
      return artifacts;
    }
  }

  private Seen client(String url, String token, String... args) throws Exception {
    Map<String, String> env = token == null ? Map.of() : Map.of("A2A_TOKEN", token);
    List<String> all = new ArrayList<>(List.of(url));
    all.addAll(List.of(args));
    try (NodePeer client = NodePeer.start("cadre-client.mjs", env, all.toArray(String[]::new))) {
      assertThat(client.waitFor()).isZero();
      List<String> lines = client.output();
      assertThat(lines).as("the client's output").contains("DONE");
      List<JsonNode> events = new ArrayList<>();
      List<JsonNode> tasks = new ArrayList<>();
      List<String> errors = new ArrayList<>();
      for (String line : lines) {
        if (line.startsWith("EVENT ")) {
          events.add(Json.parse(line.substring(6)));
        } else if (line.startsWith("TASK ")) {
          tasks.add(Json.parse(line.substring(5)));
        } else if (line.startsWith("ERROR ")) {
          errors.add(line.substring(6));
        }
      }
      return new Seen(events, tasks, errors);
    }
  }

  private static AssistantAgent local(String name, String... answers) {
    return AssistantAgent.builder(name)
        .description(name)
        .systemMessage(null)
        .model(ReplayChatModel.ofTexts(answers))
        .build();
  }

  private static Team roundRobin(int messages, ChatAgent... participants) {
    return new Team(
        new TeamSpec(
            "desk",
            "A research desk",
            List.of(participants),
            new RoundRobin(),
            Terminations.maxMessages(messages),
            10,
            null));
  }

  @Test
  void aJavaScriptClientStreamsATeamsMessagesAndGetsTheAnswerAsAnArtifact() throws Exception {
    A2aServer server =
        serve(
            A2aServer.builder("desk")
                .description("A research desk")
                .skill("research", "Research", "Looks things up and writes them down", "facts")
                .agent(
                    input ->
                        roundRobin(
                            3,
                            local("planner", "Plan: check two sources"),
                            local("writer", "Water boils at 100 C"))));

    Seen seen = client(server.url(), null, "stream", "boiling point of water");

    assertThat(seen.errors()).isEmpty();
    assertThat(seen.states())
        .containsExactly(
            "TASK_STATE_SUBMITTED",
            "TASK_STATE_WORKING",
            "TASK_STATE_WORKING",
            "TASK_STATE_WORKING",
            "TASK_STATE_COMPLETED");
    assertThat(seen.said())
        .containsExactly(
            "planner: Plan: check two sources",
            "writer: Water boils at 100 C",
            "writer: Water boils at 100 C");
    assertThat(seen.artifacts())
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.path("parts").get(0).path("text").asText())
                    .isEqualTo("Water boils at 100 C"));
  }

  @Test
  void aPersonsQuestionIsInputRequiredAndTheClientsNextMessageAnswersIt() throws Exception {
    A2aServer server =
        serve(
            A2aServer.builder("travel")
                .agent(
                    input ->
                        roundRobin(
                            4,
                            local(
                                "agent", "Where would you like to go?", "Booked: a trip to Paris"),
                            UserProxyAgent.builder("traveller")
                                .input(input)
                                .prompt("Where to?")
                                .build())));

    Seen seen = client(server.url(), null, "ask", "Book me a trip", "Paris");

    assertThat(seen.errors()).isEmpty();
    assertThat(seen.states())
        .contains("TASK_STATE_INPUT_REQUIRED")
        .endsWith("TASK_STATE_COMPLETED");
    assertThat(seen.said())
        .containsSubsequence(
            "agent: Where would you like to go?",
            "traveller: Where to?",
            "traveller: Paris",
            "agent: Booked: a trip to Paris");
    assertThat(seen.artifacts())
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.path("parts").get(0).path("text").asText())
                    .isEqualTo("Booked: a trip to Paris"));
  }

  @Test
  void aClientThatLeftTheStreamResubscribesAndSeesTheRest() throws Exception {
    A2aServer server =
        serve(
            A2aServer.builder("desk")
                .agent(
                    input ->
                        roundRobin(
                            3,
                            local("planner", "Plan: take it slowly"),
                            new Slow("writer", "Done slowly"))));

    Seen seen = client(server.url(), null, "resubscribe", "go");

    assertThat(seen.errors()).isEmpty();
    assertThat(seen.said())
        .containsSubsequence("planner: Plan: take it slowly", "writer: Done slowly");
    assertThat(seen.states()).endsWith("TASK_STATE_COMPLETED");
    assertThat(seen.artifacts())
        .singleElement()
        .satisfies(
            a -> assertThat(a.path("parts").get(0).path("text").asText()).isEqualTo("Done slowly"));
  }

  @Test
  void aToolApprovalIsInputRequiredAndTheClientApproves() throws Exception {
    List<String> booked = new java.util.concurrent.CopyOnWriteArrayList<>();
    dev.cadre.tool.Tool book =
        dev.cadre.tool.Tool.builder("book_room")
            .description("Books a room")
            .function(
                (arguments, context) -> {
                  booked.add("room");
                  return "booked";
                })
            .build();
    A2aServer server =
        serve(
            A2aServer.builder("hotel")
                .agent(
                    input ->
                        AssistantAgent.builder("clerk")
                            .systemMessage(null)
                            .tools(book)
                            .toolApproval(dev.cadre.agent.ToolApprover.askPerson(input))
                            .model(
                                ReplayChatModel.builder()
                                    .toolCall("book_room", "{}")
                                    .text("Your room is booked.")
                                    .build())
                            .build()));

    Seen seen = client(server.url(), null, "ask", "a room please", "yes");

    assertThat(seen.errors()).isEmpty();
    assertThat(seen.states())
        .contains("TASK_STATE_INPUT_REQUIRED")
        .endsWith("TASK_STATE_COMPLETED");
    assertThat(seen.said())
        .anySatisfy(said -> assertThat(said).startsWith("clerk: ").contains("book_room"));
    assertThat(booked).containsExactly("room");
    assertThat(seen.artifacts())
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.path("parts").get(0).path("text").asText())
                    .isEqualTo("Your room is booked."));
  }

  /**
   * Asks its person directly, reporting nothing (no InputRequested event), then says the answer.
   */
  private record Quiet(String name, HumanInput input) implements ChatAgent {
    @Override
    public String description() {
      return "Asks quietly";
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      String answer =
          input
              .ask(new dev.cadre.agent.Question("q1", name, "Quiet question?", null), cancellation)
              .toCompletableFuture()
              .join();
      return new AgentResponse(
          new AgentMessage.Text(name, "heard " + answer), List.of(), Usage.ZERO, null);
    }

    @Override
    public void reset() {}
  }

  @Test
  void aQuestionTheTeamNeverReportsStillReachesTheClient() throws Exception {
    A2aServer server =
        serve(A2aServer.builder("quiet").agent(input -> roundRobin(2, new Quiet("asker", input))));

    Seen seen = client(server.url(), null, "ask", "hello", "loud and clear");

    assertThat(seen.errors()).isEmpty();
    assertThat(seen.said()).contains("asker: Quiet question?", "asker: heard loud and clear");
    assertThat(seen.states()).endsWith("TASK_STATE_COMPLETED");
  }

  /** Answers after a second and a half, long enough for a client to leave and come back. */
  private record Slow(String name, String answer) implements ChatAgent {
    @Override
    public String description() {
      return "Takes its time";
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        throw new CancelledException("interrupted");
      }
      return new AgentResponse(new AgentMessage.Text(name, answer), List.of(), Usage.ZERO, null);
    }

    @Override
    public void reset() {}
  }

  /** Works until its turn is cancelled. */
  private static final class Waiter implements ChatAgent {
    final CountDownLatch cancelled = new CountDownLatch(1);

    @Override
    public String name() {
      return "waiter";
    }

    @Override
    public String description() {
      return "Waits";
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!cancellation.isCancelled() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          break;
        }
      }
      if (cancellation.isCancelled()) {
        cancelled.countDown();
        throw new CancelledException("waiter was cancelled");
      }
      return new AgentResponse(
          new AgentMessage.Text("waiter", "done"), List.of(), Usage.ZERO, null);
    }

    @Override
    public void reset() {}
  }

  @Test
  void aJavaScriptClientCancelsARunningTask() throws Exception {
    Waiter waiter = new Waiter();
    A2aServer server = serve(A2aServer.builder("slow").agent(input -> waiter));

    Seen seen = client(server.url(), null, "cancel", "take your time");

    assertThat(seen.errors()).isEmpty();
    assertThat(waiter.cancelled.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(seen.tasks())
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.path("status").path("state").asText())
                    .isEqualTo("TASK_STATE_CANCELED"));
    assertThat(seen.states()).endsWith("TASK_STATE_CANCELED");
  }

  /** Answers with structured output. */
  private static final class Structured implements ChatAgent {
    @Override
    public String name() {
      return "extractor";
    }

    @Override
    public String description() {
      return "Extracts";
    }

    @Override
    public AgentResponse onMessages(
        List<? extends AgentMessage> messages,
        CancellationToken cancellation,
        Consumer<AgentEvent> listener) {
      JsonNode value = Json.object().put("city", "Paris").put("nights", 3);
      return new AgentResponse(
          new AgentMessage.Structured("extractor", value), List.of(), Usage.ZERO, value);
    }

    @Override
    public void reset() {}
  }

  @Test
  void structuredOutputIsADataPartOfTheArtifact() throws Exception {
    A2aServer server = serve(A2aServer.builder("extractor").agent(input -> new Structured()));

    Seen seen = client(server.url(), null, "send", "three nights in Paris");

    assertThat(seen.errors()).isEmpty();
    JsonNode task = seen.tasks().get(0);
    assertThat(task.path("status").path("state").asText()).isEqualTo("TASK_STATE_COMPLETED");
    assertThat(task.path("artifacts").get(0).path("parts").get(0).path("data").toString())
        .isEqualTo("{\"city\":\"Paris\",\"nights\":3}");
  }

  @Test
  void aMissingOrWrongTokenIsRefusedAndTheRightOneOrKeyAccepted() throws Exception {
    A2aServer server =
        serve(
            A2aServer.builder("guarded")
                .auth(
                    A2aAuth.bearer("s3cret-token-1"),
                    A2aAuth.apiKey("X-API-Key", "k3y-0f-the-desk"))
                .agent(input -> roundRobin(2, local("clerk", "Stamped."))));

    Seen missing = client(server.url(), null, "send", "hello");
    Seen wrong = client(server.url(), "not-the-token", "send", "hello");
    Seen right = client(server.url(), "s3cret-token-1", "send", "hello");

    assertThat(missing.errors()).containsExactly("missing or wrong credentials");
    assertThat(wrong.errors()).containsExactly("missing or wrong credentials");
    assertThat(right.errors()).isEmpty();
    assertThat(right.tasks().get(0).path("status").path("state").asText())
        .isEqualTo("TASK_STATE_COMPLETED");

    OkHttpClient http = new OkHttpClient();
    try (Response card =
        http.newCall(
                new Request.Builder().url(server.url() + ".well-known/agent-card.json").build())
            .execute()) {
      JsonNode json = Json.parse(card.body().string());
      assertThat(
              json.path("securitySchemes")
                  .path("bearer")
                  .path("httpAuthSecurityScheme")
                  .path("scheme")
                  .asText())
          .isEqualTo("Bearer");
      assertThat(
              json.path("securitySchemes")
                  .path("apiKey_x-api-key")
                  .path("apiKeySecurityScheme")
                  .path("name")
                  .asText())
          .isEqualTo("X-API-Key");
    }
    String getTask =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"nope\"}}";
    Request.Builder call =
        new Request.Builder()
            .url(server.url())
            .post(RequestBody.create(getTask, MediaType.get("application/json")));
    try (Response withKey =
        http.newCall(call.header("X-API-Key", "k3y-0f-the-desk").build()).execute()) {
      assertThat(withKey.code()).isEqualTo(200);
      assertThat(Json.parse(withKey.body().string()).path("error").path("code").asInt())
          .isEqualTo(-32001);
    }
    try (Response wrongKey =
        http.newCall(call.header("X-API-Key", "k3y-0f-another").build()).execute()) {
      assertThat(wrongKey.code()).isEqualTo(401);
    }
  }

  /** The durable team; its agent answers {@code answers} (a model script per process). */
  private static Team durableTeam(SqliteCheckpointStore store, String... answers) {
    return new Team(
        new TeamSpec(
            "travel",
            "Books trips",
            List.of(
                local("agent", answers),
                UserProxyAgent.builder("customer")
                    .input(HumanInput.pause())
                    .prompt("Where to?")
                    .build()),
            new RoundRobin(),
            Terminations.maxMessages(4),
            10,
            null),
        store);
  }

  @Test
  void aDurableTeamWaitingForInputResumesAfterTheServerRestarts() throws Exception {
    Path file = dir.resolve("runs.db");
    String taskId;
    try (SqliteCheckpointStore store = SqliteCheckpointStore.open(file);
        A2aServer first =
            A2aServer.builder("travel")
                .durable(() -> durableTeam(store, "Where would you like to go?"))
                .start()) {
      Seen before = client(first.url(), null, "stream", "Book me a trip");
      assertThat(before.errors()).isEmpty();
      assertThat(before.states()).endsWith("TASK_STATE_INPUT_REQUIRED");
      assertThat(before.said()).endsWith("customer: Where to?");
      taskId = before.events().get(0).path("task").path("id").asText();
    }

    try (SqliteCheckpointStore store = SqliteCheckpointStore.open(file);
        A2aServer second =
            A2aServer.builder("travel")
                .durable(() -> durableTeam(store, "Booked: a trip to Lisbon"))
                .start()) {
      Seen waiting = client(second.url(), null, "get", taskId);
      assertThat(waiting.tasks().get(0).path("status").path("state").asText())
          .isEqualTo("TASK_STATE_INPUT_REQUIRED");

      Seen after = client(second.url(), null, "resume", taskId, "Lisbon");

      assertThat(after.errors()).isEmpty();
      assertThat(after.states()).endsWith("TASK_STATE_COMPLETED");
      assertThat(after.said()).contains("customer: Lisbon", "agent: Booked: a trip to Lisbon");
      assertThat(after.artifacts())
          .singleElement()
          .satisfies(
              a ->
                  assertThat(a.path("parts").get(0).path("text").asText())
                      .isEqualTo("Booked: a trip to Lisbon"));
      try (Team team = durableTeam(store)) {
        assertThat(team.finished(taskId)).isPresent();
      }
    }
  }
}
