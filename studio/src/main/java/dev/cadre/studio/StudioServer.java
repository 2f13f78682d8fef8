package dev.cadre.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cadre.present.TeamDiagram;
import dev.cadre.samples.Sample;
import dev.cadre.spec.SpecException;
import dev.cadre.spec.SpecFinding;
import dev.cadre.spec.Specs;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.SqliteCheckpointStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The studio's HTTP side on the JDK's own server: the page and its two static files, a small JSON
 * API, a run's events as server-sent events, and a finished run's report. Every request passes the
 * {@link Guard} first.
 */
final class StudioServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StudioServer.class);

  /** The largest request body read: a spec or an answer, never more. */
  private static final int MAX_BODY = 1024 * 1024;

  /** How often an idle event stream says it is alive, so proxies and browsers keep it. */
  private static final long KEEP_ALIVE_MILLIS = 15_000;

  private static final Map<String, String> STATIC =
      Map.of(
          "/studio.js", "application/javascript; charset=utf-8",
          "/studio.css", "text/css; charset=utf-8");

  private final HttpServer http;
  private final ExecutorService threads;
  private final Guard guard;
  private final Catalog catalog;
  private final Runs runs;

  StudioServer(InetSocketAddress address, Guard guard, Catalog catalog, Runs runs)
      throws IOException {
    this.guard = guard;
    this.catalog = catalog;
    this.runs = runs;
    this.http = HttpServer.create(address, 0);
    // A thread per exchange: an event stream holds its exchange for as long as the page is open.
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "cadre-studio-http");
              t.setDaemon(true);
              return t;
            });
    http.setExecutor(threads);
    http.createContext("/", this::handle);
    guard.port(http.getAddress().getPort());
  }

  void start() {
    http.start();
  }

  int port() {
    return http.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      Guard.Refusal refusal = guard.check(exchange, query.get("token"));
      if (refusal != null) {
        text(exchange, refusal.status(), refusal.reason());
        return;
      }
      if (query.containsKey("token") && path.equals("/")) {
        // The token goes into a cookie and out of the address bar, history and screenshots.
        exchange.getResponseHeaders().add("Set-Cookie", guard.cookieHeader());
        exchange.getResponseHeaders().set("Location", "/");
        Guard.secure(exchange.getResponseHeaders(), Guard.PAGE_POLICY);
        exchange.sendResponseHeaders(303, -1);
        return;
      }
      route(exchange, exchange.getRequestMethod(), path, query);
    } catch (IllegalArgumentException e) {
      json(exchange, 400, EventJson.map("error", e.getMessage()));
    } catch (RuntimeException e) {
      log.warn("studio request {} failed", exchange.getRequestURI().getPath(), e);
      json(exchange, 500, EventJson.map("error", String.valueOf(e.getMessage())));
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange, String method, String path, Map<String, String> query)
      throws IOException {
    String[] parts = path.split("/");
    if (method.equals("GET") && path.equals("/")) {
      resource(exchange, "index.html", "text/html; charset=utf-8");
    } else if (method.equals("GET") && STATIC.containsKey(path)) {
      resource(exchange, path.substring(1), STATIC.get(path));
    } else if (method.equals("GET") && path.equals("/api/session")) {
      json(exchange, 200, EventJson.map("csrf", guard.csrf(), "store", runs.store().toString()));
    } else if (method.equals("GET") && path.equals("/api/teams")) {
      json(exchange, 200, catalog.entries().stream().map(StudioServer::entry).toList());
    } else if (method.equals("GET") && path.equals("/api/team")) {
      json(exchange, 200, team(entry(query.get("id"))));
    } else if (method.equals("GET") && path.equals("/api/export")) {
      export(exchange, entry(query.get("id")));
    } else if (method.equals("GET") && path.equals("/api/runs")) {
      json(exchange, 200, runs.list());
    } else if (method.equals("POST") && path.equals("/api/runs")) {
      JsonNode body = body(exchange);
      LiveRun run =
          runs.start(
              entry(body.path("team").asText(null)),
              body.path("task").asText(""),
              body.path("live").asBoolean(false));
      json(exchange, 200, EventJson.map("id", run.id()));
    } else if (parts.length == 5 && parts[1].equals("api") && parts[2].equals("runs")) {
      LiveRun run =
          runs.open(parts[3])
              .orElseThrow(() -> new IllegalArgumentException("no run '" + parts[3] + "'"));
      runAction(exchange, method, parts[4], run);
    } else if (method.equals("POST") && path.equals("/api/specs/validate")) {
      JsonNode body = body(exchange);
      json(
          exchange,
          200,
          validate(body.path("text").asText(""), body.path("name").asText("spec.yaml")));
    } else if (method.equals("POST") && path.equals("/api/specs/edit")) {
      JsonNode body = body(exchange);
      SpecForm.Change change =
          new SpecForm.Change(
              body.path("op").asText(""),
              body.path("agent").asText(""),
              body.path("description").asText(""),
              body.path("tool").asText(""),
              body.path("from").asText(""),
              body.path("to").asText(""));
      json(
          exchange,
          200,
          EventJson.map("text", SpecForm.apply(body.path("text").asText(""), change)));
    } else if (method.equals("POST") && path.equals("/api/specs/save")) {
      JsonNode body = body(exchange);
      json(exchange, 200, save(body.path("name").asText(""), body.path("text").asText("")));
    } else {
      text(exchange, 404, "no such page: " + path);
    }
  }

  private void runAction(HttpExchange exchange, String method, String action, LiveRun run)
      throws IOException {
    switch (method + " " + action) {
      case "GET events" -> stream(exchange, run);
      case "GET report" -> report(exchange, run);
      case "GET report.css" -> send(
          exchange,
          200,
          "text/css; charset=utf-8",
          run.report().fragment().css().getBytes(StandardCharsets.UTF_8));
      case "GET graph" -> json(exchange, 200, EventJson.map("svg", svg(run.diagram())));
      case "POST cancel" -> json(exchange, 200, EventJson.map("cancelled", run.cancel()));
      case "POST resume" -> {
        runs.resume(run);
        json(exchange, 200, EventJson.map("resumed", true));
      }
      case "POST answer" -> {
        JsonNode body = body(exchange);
        runs.answer(run, body.path("id").asText(""), body.path("text").asText(""));
        json(exchange, 200, EventJson.map("answered", true));
      }
      default -> text(exchange, 404, "no such action on a run: " + method + " " + action);
    }
  }

  /** The run's events from the one after {@code Last-Event-ID}, as they come, until it ends. */
  private void stream(HttpExchange exchange, LiveRun run) throws IOException {
    int after = 0;
    String last = exchange.getRequestHeaders().getFirst("Last-Event-ID");
    if (last != null && last.matches("\\d{1,9}")) {
      after = Integer.parseInt(last);
    }
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    Guard.secure(exchange.getResponseHeaders(), Guard.PAGE_POLICY);
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      while (true) {
        List<String> events = run.after(after, KEEP_ALIVE_MILLIS);
        if (events.isEmpty()) {
          if (run.ended()) {
            out.write("event: end\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            return;
          }
          out.write(": alive\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          continue;
        }
        // Everything waiting goes in one write: a fast run costs a flush per batch, not per event.
        StringBuilder batch = new StringBuilder(events.size() * 128);
        for (String event : events) {
          after++;
          batch.append("id: ").append(after).append("\ndata: ").append(event).append("\n\n");
        }
        out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.debug("an event stream of run {} closed: {}", run.id(), e.toString());
    }
  }

  /**
   * The report's body, a piece of HTML the page puts in itself; its stylesheet is {@code
   * report.css} beside it, from the studio's origin, so the page's policy needs no inline style.
   */
  private void report(HttpExchange exchange, LiveRun run) throws IOException {
    send(
        exchange,
        200,
        "text/html; charset=utf-8",
        run.report().fragment().body().getBytes(StandardCharsets.UTF_8));
  }

  /** A diagram drawn as SVG for the page, or null for a team without one. */
  private static String svg(String diagram) {
    return diagram == null ? null : TeamDiagram.svg(diagram, Map.of());
  }

  private Catalog.Entry entry(String id) {
    if (id == null) {
      throw new IllegalArgumentException("say which team: its id is missing");
    }
    return catalog
        .entry(id)
        .orElseThrow(() -> new IllegalArgumentException("no team '" + id + "' in the studio"));
  }

  private static Map<String, Object> entry(Catalog.Entry entry) {
    return EventJson.map(
        "id", entry.id(),
        "name", entry.name(),
        "description", entry.description(),
        "kind",
        entry.file() != null
            ? "spec"
            : entry.id().startsWith(Catalog.ANNOTATED) ? "annotated" : "sample");
  }

  /** A team's page: its agents, graph, task, and (for a spec file) its text to edit. */
  private Map<String, Object> team(Catalog.Entry entry) {
    Map<String, Object> team = entry(entry);
    Sample sample;
    try {
      sample = catalog.sample(entry, Catalog::nobody);
    } catch (RuntimeException e) {
      team.put("problem", e.getMessage());
      team.put("agents", List.of());
      team.put("spec", read(entry.file()));
      return team;
    }
    team.put("task", sample.defaultTask());
    String diagram;
    try {
      diagram = sample.diagram();
    } catch (RuntimeException e) {
      diagram = null;
    }
    team.put("diagram", diagram);
    team.put("svg", svg(diagram));
    try (CheckpointStore store = SqliteCheckpointStore.open(runs.store())) {
      team.put(
          "agents",
          Catalog.inspect(sample, store, Catalog::agents)
              .orElseGet(
                  () ->
                      sample instanceof AnnotatedTeams.Team annotated
                          ? annotated.agents()
                          : List.of()));
    } catch (RuntimeException e) {
      team.put("agents", List.of());
      team.put("problem", e.getMessage());
    }
    if (entry.file() != null) {
      team.put("spec", read(entry.file()));
    }
    return team;
  }

  private void export(HttpExchange exchange, Catalog.Entry entry) throws IOException {
    String yaml;
    if (entry.file() != null) {
      yaml = read(entry.file());
    } else if (catalog.sample(entry, Catalog::nobody) instanceof AnnotatedTeams.Team annotated) {
      yaml = annotated.yaml();
    } else {
      Sample sample = catalog.sample(entry, Catalog::nobody);
      try (CheckpointStore store = SqliteCheckpointStore.open(runs.store())) {
        yaml =
            Catalog.inspect(sample, store, Catalog::export)
                .orElse("# " + entry.name() + " cannot be built to be written as a spec\n");
      }
    }
    String file = entry.name().replaceAll("[^A-Za-z0-9_.-]", "_");
    exchange
        .getResponseHeaders()
        .set(
            "Content-Disposition",
            "attachment; filename=\"" + (Catalog.isSpecFile(file) ? file : file + ".yaml") + "\"");
    send(exchange, 200, "text/plain; charset=utf-8", yaml.getBytes(StandardCharsets.UTF_8));
  }

  /** The findings of a spec's text, each on its line, errors and warnings. */
  static List<Map<String, Object>> validate(String text, String name) {
    List<Map<String, Object>> findings = new ArrayList<>();
    try {
      Specs.read(text, name);
    } catch (SpecException e) {
      for (SpecFinding finding : e.findings()) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("line", finding.where().line());
        f.put("column", finding.where().column());
        f.put("tag", finding.tag());
        f.put("message", finding.message());
        f.put("error", finding.error());
        f.put("text", finding.toString());
        findings.add(f);
      }
    }
    return findings;
  }

  /** Saves a spec in the spec folder (or over a listed spec file), once it is valid. */
  private Map<String, Object> save(String name, String text) {
    Path target = savePath(name);
    List<Map<String, Object>> findings = validate(text, target.getFileName().toString());
    if (findings.stream().anyMatch(f -> Boolean.TRUE.equals(f.get("error")))) {
      return EventJson.map("saved", false, "findings", findings);
    }
    try {
      Files.writeString(target, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the spec " + target, e);
    }
    return EventJson.map("saved", true, "id", Catalog.SPEC + target, "findings", findings);
  }

  private Path savePath(String name) {
    Optional<Path> listed =
        catalog.specs().stream().filter(p -> p.toString().equals(name)).findFirst();
    if (listed.isPresent()) {
      return listed.get();
    }
    if (catalog.specDir() == null) {
      throw new IllegalArgumentException(
          "no spec folder to save '" + name + "' in: start the studio with --dir <folder>");
    }
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,80}") || !Catalog.isSpecFile(name)) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a spec file name: letters, digits, _ . - and .yaml/.yml/.json");
    }
    return catalog.specDir().toAbsolutePath().normalize().resolve(name);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the spec " + file, e);
    }
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new IllegalArgumentException("the request is larger than " + MAX_BODY + " bytes");
      }
      JsonNode node = EventJson.JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("the request's body must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the request's body is not JSON: " + e.getOriginalMessage());
    }
  }

  private static void resource(HttpExchange exchange, String name, String type) throws IOException {
    try (InputStream in = StudioServer.class.getResourceAsStream("web/" + name)) {
      if (in == null) {
        throw new IllegalStateException("web/" + name + " is missing from cadre-studio's jar");
      }
      send(exchange, 200, type, in.readAllBytes());
    }
  }

  private static void json(HttpExchange exchange, int status, Object value) throws IOException {
    send(
        exchange,
        status,
        "application/json; charset=utf-8",
        EventJson.write(value).getBytes(StandardCharsets.UTF_8));
  }

  private static void text(HttpExchange exchange, int status, String text) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    Guard.secure(exchange.getResponseHeaders(), Guard.PAGE_POLICY);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      query.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return query;
  }

  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
  }
}
