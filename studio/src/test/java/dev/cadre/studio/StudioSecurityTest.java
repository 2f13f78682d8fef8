package dev.cadre.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each of the studio's security rules, over plain HTTP as a script or another site would send. */
class StudioSecurityTest {

  private static final MediaType JSON = MediaType.get("application/json");

  @TempDir Path dir;

  private Studio studio;
  private String base;
  private String token;
  private final OkHttpClient http =
      new OkHttpClient.Builder().followRedirects(false).readTimeout(30, TimeUnit.SECONDS).build();

  @BeforeEach
  void start() throws Exception {
    studio = Studio.builder().store(dir.resolve("runs.db")).specDir(dir).start();
    base = "http://127.0.0.1:" + studio.port();
    token = studio.url().substring(studio.url().indexOf("token=") + 6);
  }

  @AfterEach
  void stop() {
    studio.close();
  }

  @Test
  void listensOnLoopbackAndPrintsATokenUrl() {
    assertThat(studio.url()).matches("http://127\\.0\\.0\\.1:\\d+/\\?token=[A-Za-z0-9_-]{43}");
  }

  @Test
  void withoutATokenEveryRequestIsRefused() throws Exception {
    for (String path : new String[] {"/", "/studio.js", "/api/teams", "/api/runs/x/events"}) {
      try (Response response = get(path).execute()) {
        assertThat(response.code()).as(path).isEqualTo(401);
        assertThat(response.body().string()).contains("no valid access token");
      }
    }
  }

  @Test
  void aWrongTokenIsRefusedInTheQueryTheHeaderAndTheCookie() throws Exception {
    String wrong = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
    try (Response r = get("/?token=" + wrong).execute()) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.header("Set-Cookie")).isNull();
    }
    try (Response r =
        http.newCall(request("/api/teams").header("X-Cadre-Token", wrong).build()).execute()) {
      assertThat(r.code()).isEqualTo(401);
    }
    try (Response r =
        http.newCall(
                request("/api/runs/x/events").header("Cookie", "cadre_studio=" + wrong).build())
            .execute()) {
      assertThat(r.code()).isEqualTo(401);
    }
  }

  @Test
  void theUrlTokenBecomesAStrictCookieAndLeavesTheAddress() throws Exception {
    try (Response r = get("/?token=" + token).execute()) {
      assertThat(r.code()).isEqualTo(303);
      assertThat(r.header("Location")).isEqualTo("/");
      assertThat(r.header("Set-Cookie"))
          .isEqualTo("cadre_studio=" + token + "; Path=/; HttpOnly; SameSite=Strict");
    }
    try (Response r = withCookie("/api/teams").execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("\"name\":\"process\"");
    }
  }

  @Test
  void everyAnswerCarriesAStrictPolicy() throws Exception {
    try (Response r = withCookie("/").execute()) {
      assertThat(r.code()).isEqualTo(200);
      String policy = r.header("Content-Security-Policy");
      assertThat(policy)
          .contains("script-src 'self';", "frame-ancestors 'none'", "default-src 'none'")
          .doesNotContain("unsafe-inline", "unsafe-eval");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
      // The page itself holds no inline script or handler for the policy to have to allow.
      String page = r.body().string();
      assertThat(page).contains("<script src=\"/studio.js\" defer></script>");
      assertThat(page.replace("<script src=\"/studio.js\" defer></script>", ""))
          .doesNotContain("<script")
          .doesNotContainPattern("\\son[a-z]+=");
    }
    try (Response r = get("/api/teams").execute()) {
      assertThat(r.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    }
  }

  @Test
  void aCrossSitePostIsRefusedEvenWithTheCookie() throws Exception {
    String csrf = csrf();
    String task = "{\"team\":\"sample:devteam\",\"task\":\"x\"}";
    // Another site's form or script: its own Origin, and no CSRF header it could not read.
    try (Response r = post("/api/runs", task, "http://evil.example", null).execute()) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(r.body().string()).contains("must come from the studio's own page");
    }
    try (Response r = post("/api/runs", task, "http://evil.example", csrf).execute()) {
      assertThat(r.code()).isEqualTo(403);
    }
    // No Origin at all (a tool that forges none): refused as well.
    try (Response r = post("/api/runs", task, null, csrf).execute()) {
      assertThat(r.code()).isEqualTo(403);
    }
    // The studio's own origin without the CSRF token.
    try (Response r = post("/api/runs", task, base, null).execute()) {
      assertThat(r.code()).isEqualTo(403);
      assertThat(r.body().string()).contains("X-Cadre-Csrf");
    }
    try (Response r = post("/api/runs", task, base, csrf + "x").execute()) {
      assertThat(r.code()).isEqualTo(403);
    }
    // The page's own request goes through.
    try (Response r = post("/api/runs", task, base, csrf).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).contains("\"id\":");
    }
  }

  @Test
  void aRequestForAnotherHostIsRefusedAgainstDnsRebinding() throws Exception {
    try (Response r =
        http.newCall(
                request("/api/teams")
                    .header("Cookie", "cadre_studio=" + token)
                    .header("Host", "attacker.example:" + studio.port())
                    .build())
            .execute()) {
      assertThat(r.code()).isEqualTo(403);
    }
  }

  @Test
  void aFinishedRunsReportNeedsNoInlineStyle() throws Exception {
    String runId = finishedRun();
    for (String part : new String[] {"report", "report.css"}) {
      try (Response r = withCookie("/api/runs/" + runId + "/" + part).execute()) {
        assertThat(r.code()).as(part).isEqualTo(200);
        assertThat(r.header("Content-Security-Policy"))
            .as(part)
            .isEqualTo(Guard.PAGE_POLICY)
            .contains("style-src 'self';", "default-src 'none'")
            .doesNotContain("unsafe-inline", "unsafe-eval", "frame-src");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        String body = r.body().string();
        if (part.equals("report")) {
          // A piece of the page: one element, nothing a policy would have to allow inline.
          assertThat(body)
              .startsWith("<div class=\"cadre-run\"")
              .contains("id=\"summary\"")
              .doesNotContain("<style", "<script", " style=", "<html");
        } else {
          assertThat(r.header("Content-Type")).startsWith("text/css");
          assertThat(body).contains(".cadre-run ");
        }
      }
    }
  }

  @Test
  void theReportRepeatsNoneOfThePagesIds() throws Exception {
    // The report goes inside the page, beside the run's graph: an id of two elements would make
    // the page's own lookups (and the graph's arrowheads) ambiguous.
    String runId = finishedRun();
    Set<String> pageIds;
    try (Response r = withCookie("/").execute()) {
      assertThat(r.code()).isEqualTo(200);
      pageIds = ids(r.body().string());
    }
    try (Response r = withCookie("/api/runs/" + runId + "/graph").execute()) {
      assertThat(r.code()).isEqualTo(200);
      pageIds.addAll(ids(EventJson.JSON.readTree(r.body().string()).get("svg").asText()));
    }
    Set<String> reportIds;
    try (Response r = withCookie("/api/runs/" + runId + "/report").execute()) {
      assertThat(r.code()).isEqualTo(200);
      reportIds = ids(r.body().string());
    }
    assertThat(reportIds).doesNotContainAnyElementsOf(pageIds);
    assertThat(pageIds).contains("transcript", "agents", "report", "arrow");
    assertThat(reportIds).contains("report-transcript", "report-agents", "report-arrow", "turn-1");
  }

  /** Runs the devteam sample offline to its end and gives its run's id. */
  private String finishedRun() throws Exception {
    String runId;
    try (Response r = post("/api/runs", "{\"team\":\"sample:devteam\"}", base, csrf()).execute()) {
      runId = EventJson.JSON.readTree(r.body().string()).get("id").asText();
    }
    try (Response r = withCookie("/api/runs/" + runId + "/events").execute()) {
      assertThat(r.body().string())
          .contains("\"status\":\"finished\"")
          .endsWith("event: end\ndata: {}\n\n");
    }
    return runId;
  }

  private static Set<String> ids(String html) {
    Set<String> ids = new TreeSet<>();
    Matcher id = Pattern.compile(" id=\"([^\"]+)\"").matcher(html);
    while (id.find()) {
      ids.add(id.group(1));
    }
    return ids;
  }

  private String csrf() throws Exception {
    try (Response r = withCookie("/api/session").execute()) {
      String body = r.body().string();
      return EventJson.JSON.readTree(body).get("csrf").asText();
    }
  }

  private okhttp3.Call post(String path, String json, String origin, String csrf) {
    Request.Builder request =
        request(path)
            .header("Cookie", "cadre_studio=" + token)
            .post(RequestBody.create(json, JSON));
    if (origin != null) {
      request.header("Origin", origin);
    }
    if (csrf != null) {
      request.header("X-Cadre-Csrf", csrf);
    }
    return http.newCall(request.build());
  }

  private okhttp3.Call get(String path) {
    return http.newCall(request(path).build());
  }

  private okhttp3.Call withCookie(String path) {
    return http.newCall(request(path).header("Cookie", "cadre_studio=" + token).build());
  }

  private Request.Builder request(String path) {
    return new Request.Builder().url(base + path);
  }
}
