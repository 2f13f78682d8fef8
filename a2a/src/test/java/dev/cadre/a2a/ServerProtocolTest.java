package dev.cadre.a2a;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.core.Json;
import dev.cadre.model.replay.ReplayChatModel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What Cadre's A2A server answers to requests that are wrong, old or that break it. */
@Timeout(60)
class ServerProtocolTest {

  private final OkHttpClient http = new OkHttpClient();
  private final AtomicInteger built = new AtomicInteger();
  private A2aServer server;

  @BeforeEach
  void serve() throws Exception {
    server =
        A2aServer.builder("clerk")
            .agent(
                input -> {
                  if (built.incrementAndGet() > 1) {
                    throw new RuntimeException("factory broke, key sk-hidden-123");
                  }
                  return AssistantAgent.builder("clerk")
                      .systemMessage(null)
                      .model(ReplayChatModel.ofTexts("Stamped."))
                      .build();
                })
            .start();
  }

  private static AssistantAgent clerk() {
    return AssistantAgent.builder("clerk")
        .systemMessage(null)
        .model(ReplayChatModel.ofTexts("Stamped."))
        .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode post(String body) throws Exception {
    return post(server, body);
  }

  private JsonNode post(A2aServer target, String body) throws Exception {
    Request request =
        new Request.Builder()
            .url(target.url())
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    try (Response response = http.newCall(request).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return Json.parse(response.body().string());
    }
  }

  private static String send(String method, String text) {
    return "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\""
        + method
        + "\",\"params\":{\"message\":{\"messageId\":\"m\",\"role\":\"ROLE_USER\","
        + "\"parts\":[{\"text\":\""
        + text
        + "\"}]}}}";
  }

  @Test
  void anA2a03RequestIsAnsweredInA2a03() throws Exception {
    String request =
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"message/send\",\"params\":{\"message\":"
            + "{\"kind\":\"message\",\"messageId\":\"m\",\"role\":\"user\","
            + "\"parts\":[{\"kind\":\"text\",\"text\":\"stamp this\"}]},"
            + "\"configuration\":{\"blocking\":true}}}";

    JsonNode answer = post(request);

    assertThat(answer.path("id").asInt()).isEqualTo(7);
    JsonNode task = answer.path("result");
    assertThat(task.path("kind").asText()).isEqualTo("task");
    assertThat(task.path("status").path("state").asText()).isEqualTo("completed");
    assertThat(task.path("artifacts").get(0).path("parts").get(0).toString())
        .isEqualTo("{\"kind\":\"text\",\"text\":\"Stamped.\"}");
    JsonNode asked = task.path("history").get(0);
    assertThat(asked.path("role").asText()).isEqualTo("user");
    assertThat(asked.path("parts").get(0).path("text").asText()).isEqualTo("stamp this");

    JsonNode got =
        post(
            "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tasks/get\",\"params\":{\"id\":\""
                + task.path("id").asText()
                + "\"}}");

    assertThat(got.path("result").path("kind").asText()).isEqualTo("task");
    assertThat(got.path("result").path("status").path("message").path("role").asText())
        .isEqualTo("agent");
  }

  @Test
  void malformedRequestsGetJsonRpcErrors() throws Exception {
    assertThat(post("{not json").path("error").path("code").asInt()).isEqualTo(-32700);
    assertThat(post("{\"jsonrpc\":\"2.0\",\"id\":1}").path("error").path("code").asInt())
        .isEqualTo(-32600);
    assertThat(
            post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"Teleport\",\"params\":{}}")
                .path("error")
                .path("code")
                .asInt())
        .isEqualTo(-32601);
    assertThat(
            post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"SendMessage\",\"params\":{}}")
                .path("error")
                .path("message")
                .asText())
        .isEqualTo("params.message is missing");
    assertThat(
            post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"CancelTask\",\"params\":{\"id\":\"x\"}}")
                .path("error")
                .path("code")
                .asInt())
        .isEqualTo(-32001);
  }

  @Test
  void aFailureOfTheServerIsAnInternalErrorThatShowsNoDetail() throws Exception {
    post(send("SendMessage", "first conversation"));

    JsonNode answer = post(send("SendMessage", "a second conversation"));

    assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32603);
    assertThat(answer.path("error").path("message").asText())
        .isEqualTo("internal error (RuntimeException)");
  }

  @Test
  void theCardGivesThePublicUrlAndABearerSchemeIsCaseInsensitive() throws Exception {
    try (A2aServer guarded =
        A2aServer.builder("guarded")
            .publicUrl("https://agents.example/desk")
            .auth(A2aAuth.bearer("Tok-123-abc"))
            .agent(input -> clerk())
            .start()) {
      Request card =
          new Request.Builder()
              .url("http://127.0.0.1:" + guarded.port() + "/.well-known/agent-card.json")
              .build();
      try (Response response = http.newCall(card).execute()) {
        assertThat(
                Json.parse(response.body().string())
                    .path("supportedInterfaces")
                    .get(0)
                    .path("url")
                    .asText())
            .isEqualTo("https://agents.example/desk/");
      }
      for (String header :
          List.of("bearer Tok-123-abc", "BEARER  Tok-123-abc", "Bearer tok-123-abc")) {
        Request get =
            new Request.Builder()
                .url("http://127.0.0.1:" + guarded.port() + "/")
                .header("Authorization", header)
                .post(
                    RequestBody.create(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\"x\"}}",
                        MediaType.get("application/json")))
                .build();
        try (Response response = http.newCall(get).execute()) {
          assertThat(response.code())
              .as(header)
              .isEqualTo(header.endsWith("tok-123-abc") ? 401 : 200);
        }
      }
    }
  }

  @Test
  void finishedTasksBeyondTheLimitAreForgottenOldestFirst() throws Exception {
    try (A2aServer small = A2aServer.builder("small").maxTasks(2).agent(input -> clerk()).start()) {
      List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(
            post(small, send("SendMessage", "n" + i))
                .path("result")
                .path("task")
                .path("id")
                .asText());
      }

      assertThat(getTaskCode(small, ids.get(0))).isEqualTo(-32001);
      assertThat(getTaskCode(small, ids.get(1))).isZero();
      assertThat(getTaskCode(small, ids.get(2))).isZero();
    }
  }

  private int getTaskCode(A2aServer target, String id) throws Exception {
    return post(
            target,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"GetTask\",\"params\":{\"id\":\""
                + id
                + "\"}}")
        .path("error")
        .path("code")
        .asInt();
  }
}
