package dev.cadre.studio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.model.Prices;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The studio's JSON API and event stream over real HTTP: teams, export, runs, live runs. */
class StudioApiTest {

  private static final MediaType JSON = MediaType.get("application/json");

  @TempDir Path dir;
  @StartStop MockWebServer provider = new MockWebServer();

  private Studio studio;
  private String base;
  private String token;
  private String csrf;
  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(120, TimeUnit.SECONDS).build();

  @AfterEach
  void stop() {
    if (studio != null) {
      studio.close();
    }
  }

  private void start(Map<String, String> environment, Prices prices, List<Path> files)
      throws Exception {
    studio =
        Studio.builder()
            .store(dir.resolve("runs.db"))
            .specDir(dir.resolve("specs"))
            .specFiles(files)
            .specLoader(TestTeams::spec)
            .samples(TestTeams::all)
            .environment(environment)
            .prices(prices)
            .start();
    base = "http://127.0.0.1:" + studio.port();
    token = studio.url().substring(studio.url().indexOf("token=") + 6);
    csrf = get("/api/session").get("csrf").asText();
  }

  @Test
  void listsTheSamplesAndEachSpecFileOnce() throws Exception {
    Files.createDirectories(dir.resolve("specs"));
    Files.writeString(dir.resolve("specs/a.yaml"), "name: a\n");
    Files.writeString(dir.resolve("specs/notes.txt"), "not a spec\n");
    Files.writeString(dir.resolve("b.json"), "{}\n");
    start(Map.of(), null, List.of(dir.resolve("b.json"), dir.resolve("specs/a.yaml")));
    List<String> ids = new ArrayList<>();
    get("/api/teams").forEach(team -> ids.add(team.get("id").asText()));
    assertThat(ids)
        .startsWith("sample:devteam", "sample:finance")
        .contains("sample:process", "sample:travel")
        .endsWith(
            "spec:" + dir.resolve("b.json").toAbsolutePath(),
            "spec:" + dir.resolve("specs/a.yaml").toAbsolutePath())
        .doesNotHaveDuplicates()
        .noneMatch(id -> id.endsWith("notes.txt"));
  }

  @Test
  void listsTheAnnotatedTeamsOfTheProcessorsIndex() throws Exception {
    start(Map.of(), null, List.of());
    // The samples module is compiled by Cadre's processor: its index lists its annotated teams.
    String id = "annotated:dev.cadre.samples.devteam.DevTeam";
    JsonNode listed = null;
    for (JsonNode team : get("/api/teams")) {
      if (team.get("id").asText().equals(id)) {
        listed = team;
      }
    }
    assertThat(listed).as("the index's dev team among " + get("/api/teams")).isNotNull();
    assertThat(listed.get("name").asText()).isEqualTo("dev_team");
    assertThat(listed.get("kind").asText()).isEqualTo("annotated");
    assertThat(listed.get("description").asText())
        .contains("deliver tested Java code")
        .endsWith("(annotated: dev.cadre.samples.devteam.DevTeam)");

    JsonNode team = get("/api/team?id=" + id);
    assertThat(team.get("agents").findValuesAsText("name"))
        .containsExactly("planner", "coder", "tester", "reviewer");
    assertThat(team.get("agents").get(2).get("tools").toString())
        .isEqualTo("[\"compileJava\",\"runTests\"]");
    assertThat(team.get("svg").asText()).contains("data-label=\"reviewer\"");
    try (Response r = call(request("/api/export?id=" + id)).execute()) {
      assertThat(r.body().string())
          .startsWith("# Team 'dev_team' of dev.cadre.samples.devteam.DevTeam");
    }
  }

  @Test
  void showsATeamsAgentsWithDescriptionsToolsAndModelsAndItsGraph() throws Exception {
    start(Map.of(), null, List.of());
    JsonNode team = get("/api/team?id=sample:process");
    assertThat(team.get("task").asText()).contains("A-1042");
    assertThat(team.get("diagram").asText()).startsWith("flowchart").contains("refunds");
    assertThat(team.get("svg").asText())
        .startsWith("<svg class=\"team-graph\"")
        .contains("data-label=\"refunds\"");
    JsonNode refunds = null;
    for (JsonNode agent : team.get("agents")) {
      if (agent.get("name").asText().equals("refunds")) {
        refunds = agent;
      }
    }
    assertThat(refunds).isNotNull();
    assertThat(refunds.get("description").asText()).isEqualTo("Refunds orders by the shop's rules");
    assertThat(refunds.get("model").asText()).isEqualTo("process-replay");
    assertThat(refunds.get("tools").toString())
        .contains("check_refund_eligibility", "issue_refund");
  }

  @Test
  void exportsAListedTeamsSpec() throws Exception {
    start(Map.of(), null, List.of());
    try (Response r = call(request("/api/export?id=sample:feature")).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Disposition"))
          .isEqualTo("attachment; filename=\"feature.yaml\"");
      String yaml = r.body().string();
      assertThat(yaml)
          .startsWith("name: feature_team\npattern: selector\n")
          .contains("- name: planner");
    }
  }

  @Test
  void savesOnlyValidSpecsAndOnlyInTheSpecFolder() throws Exception {
    Files.createDirectories(dir.resolve("specs"));
    start(Map.of(), null, List.of());
    String good =
        "name: solo\\n"
            + "pattern: roundRobin\\n"
            + "termination: maxMessages(2)\\n"
            + "participants:\\n"
            + "  - name: a\\n";
    for (String name :
        new String[] {"../evil.yaml", "/tmp/evil.yaml", "notes.txt", ".hidden.yaml"}) {
      try (Response r =
          post("/api/specs/save", "{\"name\":\"" + name + "\",\"text\":\"" + good + "\"}")) {
        assertThat(r.code()).as(name).isEqualTo(400);
        assertThat(r.body().string()).contains("is not a spec file name");
      }
    }
    assertThat(dir.resolve("evil.yaml")).doesNotExist();
    try (Response r =
        post("/api/specs/save", "{\"name\":\"solo.yaml\",\"text\":\"name: solo\\nsytem: x\\n\"}")) {
      JsonNode saved = EventJson.JSON.readTree(r.body().string());
      assertThat(saved.get("saved").asBoolean()).isFalse();
      assertThat(saved.get("findings").toString()).contains("Cadre/SpecUnknownKey");
    }
    assertThat(dir.resolve("specs/solo.yaml")).doesNotExist();
    try (Response r =
        post("/api/specs/save", "{\"name\":\"solo.yaml\",\"text\":\"" + good + "\"}")) {
      JsonNode saved = EventJson.JSON.readTree(r.body().string());
      assertThat(saved.get("saved").asBoolean()).as(saved.toString()).isTrue();
    }
    assertThat(dir.resolve("specs/solo.yaml")).content().startsWith("name: solo\n");
  }

  @Test
  void aLiveRunWithoutAProviderSaysWhatToSet() throws Exception {
    start(Map.of(), null, List.of());
    try (Response r = post("/api/runs", "{\"team\":\"sample:travel\",\"live\":true}")) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("no live provider is configured: set CADRE_PROVIDER");
    }
  }

  @Test
  void aLiveRunAsksTheConfiguredProvider() throws Exception {
    provider.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "application/json")
            .body(
                "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Live:"
                    + " where to?\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":7,"
                    + "\"completion_tokens\":3,\"total_tokens\":10}}")
            .build());
    start(
        Map.of(
            "CADRE_PROVIDER", "openai",
            "CADRE_API_KEY", "sk-test-secret-key",
            "CADRE_MODEL", "gpt-test",
            "CADRE_BASE_URL", provider.url("/v1").toString()),
        Prices.builder().model("gpt-test", Prices.Price.perMillion(1_000_000, 1_000_000)).build(),
        List.of());
    String runId;
    try (Response r = post("/api/runs", "{\"team\":\"sample:travel\",\"live\":true}")) {
      assertThat(r.code()).isEqualTo(200);
      runId = EventJson.JSON.readTree(r.body().string()).get("id").asText();
    }
    List<JsonNode> events = events(runId, null, "paused");
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.get("t").asText()).isEqualTo("message");
              assertThat(e.get("text").asText()).isEqualTo("Live: where to?");
            });
    // Tokens and cost: 7 in and 3 out, at a dollar a token.
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.get("t").asText()).isEqualTo("usage");
              assertThat(e.get("in").asLong()).isEqualTo(7);
              assertThat(e.get("cost").asDouble()).isEqualTo(10.0);
            });
    RecordedRequest request = provider.takeRequest();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer sk-test-secret-key");
    // The key never reaches the page.
    assertThat(events.toString()).doesNotContain("sk-test-secret-key");
  }

  @Test
  void anEventStreamThatReconnectsGoesOnAfterTheLastEventItHad() throws Exception {
    start(Map.of(), null, List.of());
    String runId;
    try (Response r = post("/api/runs", "{\"team\":\"sample:devteam\"}")) {
      runId = EventJson.JSON.readTree(r.body().string()).get("id").asText();
    }
    List<String> ids = new ArrayList<>();
    List<JsonNode> all = events(runId, null, "finished", ids);
    assertThat(all.size()).isGreaterThan(5);
    List<JsonNode> rest = events(runId, ids.get(4), "finished", new ArrayList<>());
    assertThat(rest).isEqualTo(all.subList(5, all.size()));
  }

  @Test
  void aMagenticOneRunStreamsItsPlanAndEachTurnsLedger() throws Exception {
    start(Map.of(), null, List.of());
    String runId;
    try (Response r = post("/api/runs", "{\"team\":\"sample:desk\"}")) {
      runId = EventJson.JSON.readTree(r.body().string()).get("id").asText();
    }
    List<JsonNode> events = events(runId, null, "finished");
    List<JsonNode> plans = events.stream().filter(e -> e.get("t").asText().equals("plan")).toList();
    assertThat(plans).hasSize(1);
    assertThat(plans.get(0).get("plan").asText()).isEqualTo(TestTeams.DESK_PLAN);
    assertThat(plans.get(0).get("facts").asText()).isEqualTo("FACTS: sales are in the table");
    assertThat(plans.get(0).get("replan").asInt()).isZero();
    List<String> turns =
        events.stream()
            .filter(e -> e.get("t").asText().equals("progress"))
            .map(
                e ->
                    e.get("turn").asInt()
                        + " "
                        + e.get("next").asText()
                        + " | "
                        + e.get("instruction").asText()
                        + " | stalls "
                        + e.get("stalls").asInt())
            .toList();
    assertThat(turns)
        .startsWith(
            "1 researcher | Sum the <i>sales</i> column. | stalls 0",
            "2 writer | Report the total of 42. | stalls 1");
  }

  private List<JsonNode> events(String runId, String lastId, String until) throws Exception {
    return events(runId, lastId, until, new ArrayList<>());
  }

  /** Reads the run's event stream until a status event says {@code until}. */
  private List<JsonNode> events(String runId, String lastId, String until, List<String> ids)
      throws Exception {
    Request.Builder request = request("/api/runs/" + runId + "/events");
    if (lastId != null) {
      request.header("Last-Event-ID", lastId);
    }
    List<JsonNode> events = new ArrayList<>();
    try (Response r = call(request).execute();
        BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(r.body().byteStream(), StandardCharsets.UTF_8))) {
      assertThat(r.header("Content-Type")).startsWith("text/event-stream");
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("id: ")) {
          ids.add(line.substring(4));
        } else if (line.startsWith("data: ")) {
          JsonNode event = EventJson.JSON.readTree(line.substring(6));
          events.add(event);
          if (event.get("t").asText().equals("status")
              && event.get("status").asText().equals(until)) {
            return events;
          }
        }
      }
    }
    throw new AssertionError("the stream ended before status " + until + ": " + events);
  }

  private JsonNode get(String path) throws Exception {
    try (Response r = call(request(path)).execute()) {
      assertThat(r.code()).as(path).isEqualTo(200);
      return EventJson.JSON.readTree(r.body().string());
    }
  }

  private Response post(String path, String json) throws Exception {
    return call(request(path)
            .header("Origin", base)
            .header("X-Cadre-Csrf", csrf)
            .post(RequestBody.create(json, JSON)))
        .execute();
  }

  private okhttp3.Call call(Request.Builder request) {
    return http.newCall(request.header("X-Cadre-Token", token).build());
  }

  private Request.Builder request(String path) {
    return new Request.Builder().url(base + path);
  }
}
