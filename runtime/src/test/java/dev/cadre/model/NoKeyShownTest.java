package dev.cadre.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.core.Json;
import dev.cadre.event.InMemoryTelemetry;
import dev.cadre.model.anthropic.AnthropicChatModel;
import dev.cadre.model.http.RetryPolicy;
import dev.cadre.model.openai.OpenAiChatModel;
import dev.cadre.model.openai.responses.OpenAiResponsesModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.team.EventLog;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.Team;
import dev.cadre.team.TeamRunException;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import io.opentelemetry.api.trace.StatusCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One fixed fake key, every way a provider call can fail, and a real team around it: a replay agent
 * and an agent on the real client against a loopback server, a SQLite checkpoint store, the event
 * log, the HTML report, a console, OpenTelemetry spans and log records (content recording on) and
 * the log output.
 * No artifact, exception message or stack trace shows the key or any 8-character piece of it.
 */
@Timeout(60)
class NoKeyShownTest {

  static final String KEY = "sk-proj-Zq8vT3mK9pL2xW7nR4bY6cJ1hF5dG0aE";

  private static final RetryPolicy NO_RETRY =
      new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(5));

  @StartStop final MockWebServer server = new MockWebServer();
  @TempDir Path dir;

  private final ConcurrentLinkedQueue<String> logged = new ConcurrentLinkedQueue<>();
  private final Handler capture =
      new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
          logged.add(format.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final Logger cadreLog = Logger.getLogger("dev.cadre");
  private Level cadreLevel;
  private InMemoryTelemetry telemetry;

  @BeforeEach
  void watchEverything() {
    telemetry = InMemoryTelemetry.installRecordingContent();
    cadreLevel = cadreLog.getLevel();
    cadreLog.setLevel(Level.ALL);
    Logger.getLogger("").addHandler(capture);
  }

  @AfterEach
  void stopWatching() {
    Logger.getLogger("").removeHandler(capture);
    cadreLog.setLevel(cadreLevel);
    telemetry.close();
  }

  /** How the provider fails; each one echoes the key, whole or cut. */
  enum Failure {
    HTTP_401_ECHOING_THE_KEY(false, false, "HTTP 401") {
      @Override
      MockResponse response() {
        return json(
            401,
            "{\"error\": {\"message\": \"Incorrect API key provided: "
                + KEY
                + ". You can find your API key at https://platform.openai.com/account/api-keys.\","
                + " \"type\": \"invalid_request_error\", \"code\": \"invalid_api_key\"}}");
      }
    },
    HTTP_500_PAGE_ECHOING_THE_HEADER(false, false, "HTTP 500") {
      @Override
      MockResponse response() {
        return new MockResponse.Builder()
            .code(500)
            .setHeader("Content-Type", "text/html")
            .body("<html><pre>upstream failed\nAuthorization: Bearer " + KEY + "</pre></html>")
            .build();
      }
    },
    HTTP_400_WITH_THE_KEY_WHERE_THE_QUOTE_IS_CUT(false, false, "HTTP 400") {
      @Override
      MockResponse response() {
        // The key straddles the 2,000th character, where the message's quote ends.
        return new MockResponse.Builder()
            .code(400)
            .setHeader("Content-Type", "text/plain")
            .body("x".repeat(ModelException.MAX_QUOTED - 12) + KEY + " trailing")
            .build();
      }
    },
    OK_BODY_THAT_IS_NOT_JSON(false, false, "not JSON") {
      @Override
      MockResponse response() {
        return json(200, "{\"echo\": \"" + KEY + "\", oops");
      }
    },
    OK_WITH_AN_ERROR_OBJECT(false, false, "no choices") {
      @Override
      MockResponse response() {
        return json(200, "{\"error\": {\"message\": \"key " + KEY + " was revoked\"}}");
      }
    },
    OK_ECHOING_THE_KEY_CUT_SHORT(false, false, "no choices") {
      @Override
      MockResponse response() {
        return json(
            200,
            "{\"error\": {\"message\": \"Incorrect API key provided: "
                + KEY.substring(0, 14)
                + "**********"
                + KEY.substring(KEY.length() - 9)
                + "\"}}");
      }
    },
    STREAM_CHUNK_ECHOING_THE_KEY(true, false, "the stream reported an error") {
      @Override
      MockResponse response() {
        return events(
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"
                + "data: {\"error\": {\"message\": \"quota exceeded for "
                + KEY
                + "\"}}\n\n");
      }
    },
    STREAM_CHUNK_THAT_IS_NOT_JSON(true, false, "malformed stream chunk") {
      @Override
      MockResponse response() {
        return events("data: {\"key\": " + KEY + "}\n\n");
      }
    },
    STREAM_ANSWERED_WITH_JSON(true, false, "not an event stream") {
      @Override
      MockResponse response() {
        return json(200, "{\"message\": \"streaming is off for " + KEY + "\"}");
      }
    },
    CONNECTION_ERROR_NAMING_THE_URL(false, false, "connection failed") {
      @Override
      MockResponse response() {
        return null; // the interceptor fails the call before it reaches the server
      }
    },
    ANTHROPIC_401_ECHOING_THE_KEY(false, true, "HTTP 401") {
      @Override
      MockResponse response() {
        return json(
            401,
            "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\","
                + "\"message\":\"invalid x-api-key "
                + KEY
                + "\"}}");
      }
    },
    RESPONSES_FAILED_ECHOING_THE_KEY(false, false, "the response failed", true) {
      @Override
      MockResponse response() {
        return json(
            200,
            "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"failed\","
                + "\"error\":{\"code\":\"server_error\",\"message\":\"failed for "
                + KEY
                + "\"},\"output\":[]}");
      }
    },
    RESPONSES_STREAM_ERROR_ECHOING_THE_KEY(true, false, "the stream reported an error", true) {
      @Override
      MockResponse response() {
        return events(
            "event: error\ndata: {\"type\":\"error\",\"code\":\"invalid_api_key\","
                + "\"message\":\"Incorrect API key provided: "
                + KEY
                + "\"}\n\n");
      }
    },
    ANTHROPIC_STREAM_ERROR_ECHOING_THE_KEY(true, true, "overloaded_error") {
      @Override
      MockResponse response() {
        return events(
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded for "
                + KEY
                + "\"}}\n\n");
      }
    };

    final boolean streaming;
    final boolean anthropic;
    final String says;
    final boolean responses;

    Failure(boolean streaming, boolean anthropic, String says) {
      this(streaming, anthropic, says, false);
    }

    Failure(boolean streaming, boolean anthropic, String says, boolean responses) {
      this.streaming = streaming;
      this.anthropic = anthropic;
      this.says = says;
      this.responses = responses;
    }

    abstract MockResponse response();

    static MockResponse json(int code, String body) {
      return new MockResponse.Builder()
          .code(code)
          .setHeader("Content-Type", "application/json")
          .body(body)
          .build();
    }

    static MockResponse events(String body) {
      return new MockResponse.Builder()
          .code(200)
          .setHeader("Content-Type", "text/event-stream")
          .body(body)
          .build();
    }
  }

  private ChatModel liveModel(Failure failure) {
    if (failure.anthropic) {
      return AnthropicChatModel.builder()
          .baseUrl(server.url("/").toString())
          .apiKey(KEY)
          .model("claude-test")
          .retry(NO_RETRY)
          .build();
    }
    if (failure.responses) {
      return OpenAiResponsesModel.builder()
          .baseUrl(server.url("/v1").toString())
          .apiKey(KEY)
          .model("o4-mini")
          .retry(NO_RETRY)
          .build();
    }
    OpenAiChatModel.Builder model =
        OpenAiChatModel.builder()
            .baseUrl(server.url("/v1").toString())
            .apiKey(KEY)
            .model("gpt-4o-mini")
            .retry(NO_RETRY);
    if (failure == Failure.CONNECTION_ERROR_NAMING_THE_URL) {
      // A proxy or an interceptor that says what it refused, credentials and all.
      model.http(
          new OkHttpClient.Builder()
              .addInterceptor(
                  chain -> {
                    throw new IOException(
                        "proxy refused "
                            + chain.request().url().newBuilder().password(KEY).build()
                            + " with "
                            + chain.request().header("Authorization"));
                  })
              .build());
    }
    return model.build();
  }

  @ParameterizedTest
  @EnumSource(Failure.class)
  void noFailureShowsTheKeyInAnyArtifact(Failure failure) throws Exception {
    MockResponse response = failure.response();
    if (response != null) {
      server.enqueue(response);
    }
    AssistantAgent planner =
        AssistantAgent.builder("planner")
            .systemMessage(null)
            .model(ReplayChatModel.ofTexts("Writer, please draft it."))
            .build();
    AssistantAgent writer =
        AssistantAgent.builder("writer")
            .systemMessage(null)
            .model(liveModel(failure))
            .streaming(failure.streaming)
            .build();
    // Every event a listener hears: all that a console or a run report can show.
    ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
    Throwable thrown;
    try (CheckpointStore store = SqliteCheckpointStore.open(dir.resolve("runs.db"));
        EventLog log = EventLog.open(dir.resolve("run.jsonl"));
        Team team =
            new Team(
                new TeamSpec(
                    "leak",
                    "",
                    List.of(planner, writer),
                    new RoundRobin(),
                    Terminations.maxMessages(3),
                    5,
                    null),
                store)) {
      thrown =
          catchThrowable(
              () ->
                  team.runDurable(
                      "run-1", "Draft a note", log.andThen(event -> heard.add(Json.write(event)))));
      assertThat(team.finished("run-1")).isPresent();
    }

    assertThat(thrown).isInstanceOf(TeamRunException.class);
    ModelException failed = modelException(thrown);
    assertThat(failed.getMessage()).contains(failure.says);
    assertThat(telemetry.spans.getFinishedSpanItems())
        .anyMatch(span -> span.getStatus().getStatusCode() == StatusCode.ERROR);
    // The conventions' exception record of the failed call is among what is searched.
    assertThat(telemetry.logs.getFinishedLogRecordItems()).isNotEmpty();

    Map<String, String> artifacts = new LinkedHashMap<>();
    artifacts.put("stack trace", stackTrace(thrown));
    artifacts.put("exception body", String.valueOf(failed.body()));
    artifacts.put("team events", String.join("\n", heard));
    artifacts.put("log output", String.join("\n", logged));
    artifacts.put("spans and log records", telemetry.everythingRecorded());
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        // Bytes as Latin-1 so a key in any page of the database file shows as text.
        artifacts.put(
            file.getFileName().toString(),
            new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(artifacts).containsKeys("runs.db", "run.jsonl");
    assertThat(heard).isNotEmpty();
    assertThat(artifacts.get("run.jsonl")).contains(failure.says);
    artifacts.forEach(this::assertNoPieceOfTheKey);
  }

  @Test
  void aKeyTheBuildersRefuseIsNotInTheirMessageAndNeverReachesOkHttp() {
    Map<String, Function<String, Object>> builders = new LinkedHashMap<>();
    builders.put(
        "openai",
        key -> OpenAiChatModel.builder().baseUrl(server.url("/v1").toString()).apiKey(key));
    builders.put(
        "anthropic", key -> AnthropicChatModel.builder().apiKey(key).model("claude-test").build());
    builders.put(
        "openai-responses",
        key -> OpenAiResponsesModel.builder().model("o4-mini").apiKey(key).build());
    builders.put(
        "a custom credential header",
        key ->
            OpenAiChatModel.builder()
                .baseUrl(server.url("/v1").toString())
                .model("m")
                .header("X-Api-Key", key)
                .build());
    for (String bad : List.of(KEY + "\n" + KEY, KEY.substring(0, 20) + "é" + KEY.substring(20))) {
      builders.forEach(
          (what, build) -> {
            Throwable refused = catchThrowable(() -> build.apply(bad));
            assertThat(refused).as(what).isInstanceOf(IllegalArgumentException.class);
            assertThat(refused.getStackTrace()[0].getClassName()).startsWith("dev.cadre.");
            assertNoPieceOfTheKey(what + " refusal", stackTrace(refused));
          });
    }
    assertThat(server.getRequestCount()).isZero();
  }

  private static ModelException modelException(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof ModelException model) {
        return model;
      }
    }
    throw new AssertionError("no ModelException in " + thrown);
  }

  private static String stackTrace(Throwable thrown) {
    StringWriter text = new StringWriter();
    thrown.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  private void assertNoPieceOfTheKey(String artifact, String text) {
    for (int i = 0; i + 8 <= KEY.length(); i++) {
      assertThat(text)
          .as("%s must not show the key (piece %s)", artifact, KEY.substring(i, i + 8))
          .doesNotContain(KEY.substring(i, i + 8));
    }
  }
}
