package dev.cadre.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cadre.a2a.A2aWire.Message;
import dev.cadre.a2a.A2aWire.Task;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.HumanInput;
import dev.cadre.core.Json;
import dev.cadre.team.Team;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a Cadre agent or team to any A2A 1.0 client (JSON-RPC binding): its agent card at {@code
 * /.well-known/agent-card.json}, and {@code SendMessage}, {@code SendStreamingMessage} (server-sent
 * events), {@code GetTask}, {@code CancelTask} and {@code SubscribeToTask} at its URL. A2A 0.3
 * clients (Google's ADK for JavaScript, say) are served at the same URL: a request named the 0.3
 * way ({@code message/send}, {@code message/stream}, {@code tasks/get}...) is read and answered in
 * 0.3's shapes, and the card carries the fields a 0.3 client reads ({@code url}, {@code
 * protocolVersion} 0.3.0) next to the 1.0 {@code supportedInterfaces}. An A2A task is a Cadre run:
 * the team's messages stream as status updates, the final answer is an artifact (a data part for
 * structured output), and a person's question (a user proxy, a tool approval) makes the task {@code
 * input-required} until the client's next message on it answers.
 *
 * <p>With credentials ({@link Builder#auth}), every JSON-RPC request must carry one of them; the
 * card, which declares their schemes, stays public so that clients can learn them.
 */
public final class A2aServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(A2aServer.class);
  private static final int MAX_BODY = 4 * 1024 * 1024;
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final HttpServer http;
  private final ExecutorService threads;
  private final TaskHost host;
  private final List<A2aAuth> credentials;
  private final Builder config;
  private final String url;

  private A2aServer(Builder b) throws IOException {
    this.config = b;
    this.credentials = List.copyOf(b.credentials);
    this.http = HttpServer.create(new InetSocketAddress(b.host, b.port), 0);
    // A thread per exchange and per run: a stream holds its exchange while the task works.
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "a2a-server-" + b.name);
              t.setDaemon(true);
              return t;
            });
    this.host = new TaskHost(b.agents, b.durable, threads, b.maxTasks);
    http.setExecutor(threads);
    http.createContext("/", this::handle);
    http.start();
    if (b.publicUrl != null) {
      this.url = b.publicUrl.endsWith("/") ? b.publicUrl : b.publicUrl + "/";
    } else {
      String hostText = b.host.getHostAddress();
      if (hostText.contains(":")) {
        hostText = "[" + hostText + "]";
      }
      this.url = "http://" + hostText + ":" + http.getAddress().getPort() + "/";
    }
  }

  /** A server for an agent or team named {@code name} (the card's name). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * The URL clients call, ending in {@code /}, as the card gives it; the card is below it. The
   * address listened on, unless {@link Builder#publicUrl} said otherwise.
   */
  public String url() {
    return url;
  }

  /** The port the server listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** Stops listening and ends every open stream. */
  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.equals(A2aWire.CARD_PATH)) {
        send(exchange, 200, Json.write(card()));
        return;
      }
      if (!method.equals("POST") || !path.equals("/")) {
        send(exchange, 404, "{\"error\":\"not found: " + method + " " + path + "\"}");
        return;
      }
      if (!authorized(exchange)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
        send(exchange, 401, Json.write(error(null, -32000, "missing or wrong credentials")));
        return;
      }
      rpc(exchange);
    } catch (IOException | RuntimeException e) {
      log.debug("A2A exchange ended: {}", e.toString());
    }
  }

  private boolean authorized(HttpExchange exchange) {
    if (credentials.isEmpty()) {
      return true;
    }
    for (A2aAuth credential : credentials) {
      if (credential.accepts(exchange.getRequestHeaders().getFirst(credential.header()))) {
        return true;
      }
    }
    return false;
  }

  private void rpc(HttpExchange exchange) throws IOException {
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        send(exchange, 413, Json.write(error(null, A2aWire.INVALID_REQUEST, "request too large")));
        return;
      }
      request = Json.parse(new String(body, StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      send(
          exchange,
          200,
          Json.write(error(null, A2aWire.PARSE_ERROR, "not JSON: " + e.getOriginalMessage())));
      return;
    }
    JsonNode id = request.get("id");
    String method = request.path("method").asText("");
    // A 0.3 method name means a 0.3 client: its params and answers are translated at this edge.
    boolean v03 = A2aWire.LEGACY_METHODS.containsKey(method);
    method = A2aWire.LEGACY_METHODS.getOrDefault(method, method);
    JsonNode params = v03 ? A2aV03.fromParams(request.path("params")) : request.path("params");
    if (!request.isObject() || method.isEmpty()) {
      send(exchange, 200, Json.write(error(id, A2aWire.INVALID_REQUEST, "not a JSON-RPC request")));
      return;
    }
    try {
      switch (method) {
        case "SendMessage" -> sendMessage(exchange, id, params, v03);
        case "SendStreamingMessage" -> stream(exchange, id, host.send(message(params)), v03);
        case "GetTask" -> send(exchange, 200, result(id, task(params).snapshot(), v03));
        case "CancelTask" -> send(exchange, 200, result(id, cancel(params), v03));
        case "SubscribeToTask" -> subscribe(exchange, id, params, v03);
        default ->
            send(
                exchange,
                200,
                Json.write(
                    error(id, A2aWire.METHOD_NOT_FOUND, "method '" + method + "' is not served")));
      }
    } catch (TaskHost.Refused e) {
      send(exchange, 200, Json.write(error(id, e.code, e.getMessage())));
    } catch (IllegalArgumentException | IllegalStateException e) {
      send(exchange, 200, Json.write(error(id, A2aWire.INVALID_PARAMS, e.getMessage())));
    } catch (RuntimeException e) {
      // The detail stays in the server's log: the client is told only that the server failed.
      log.warn("A2A server '{}': {} failed", config.name, method, e);
      if (exchange.getResponseCode() == -1) {
        send(
            exchange,
            200,
            Json.write(
                error(
                    id,
                    A2aWire.INTERNAL_ERROR,
                    "internal error (" + e.getClass().getSimpleName() + ")")));
      }
    }
  }

  private static Message message(JsonNode params) {
    JsonNode message = params.get("message");
    if (message == null || !message.isObject()) {
      throw new TaskHost.Refused(A2aWire.INVALID_PARAMS, "params.message is missing");
    }
    try {
      return Json.mapper().treeToValue(message, Message.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      throw new TaskHost.Refused(
          A2aWire.INVALID_PARAMS, "params.message is not an A2A message: " + e.getMessage());
    }
  }

  private ServedTask task(JsonNode params) {
    String id = params.path("id").asText("");
    return host.task(id)
        .orElseThrow(
            () -> new TaskHost.Refused(A2aWire.TASK_NOT_FOUND, "task '" + id + "' is not known"));
  }

  private Task cancel(JsonNode params) {
    ServedTask task = host.cancel(params.path("id").asText(""));
    // The run stops at its next step: wait a while for it to say so.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!A2aWire.terminal(task.state()) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return task.snapshot();
  }

  private void sendMessage(HttpExchange exchange, JsonNode id, JsonNode params, boolean v03)
      throws IOException {
    TaskHost.Started started = host.send(message(params));
    boolean returnImmediately = params.path("configuration").path("returnImmediately").asBoolean();
    if (!returnImmediately) {
      try {
        for (Object event = started.stream().take(); event != ServedTask.END; ) {
          event = started.stream().take();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        started.task().unfollow(started.stream());
      }
    }
    JsonNode task = Json.mapper().valueToTree(started.task().snapshot());
    JsonNode result = v03 ? A2aV03.task(task) : Json.object().set("task", task);
    send(exchange, 200, Json.write(envelope(id).set("result", result)));
  }

  private void subscribe(HttpExchange exchange, JsonNode id, JsonNode params, boolean v03)
      throws IOException {
    ServedTask task = task(params);
    if (A2aWire.terminal(task.state())) {
      throw new TaskHost.Refused(
          A2aWire.UNSUPPORTED_OPERATION,
          "task '" + task.id + "' is " + task.state() + "; there is nothing to follow");
    }
    stream(exchange, id, new TaskHost.Started(task, task.follow()), v03);
  }

  /** Writes a task's events as server-sent events until the task ends or stops for the client. */
  private void stream(HttpExchange exchange, JsonNode id, TaskHost.Started started, boolean v03)
      throws IOException {
    BlockingQueue<Object> events = started.stream();
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().add("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      while (true) {
        Object event = events.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
        if (event == ServedTask.END) {
          break;
        }
        String frame = ": keep-alive\n\n";
        if (event != null) {
          JsonNode result = Json.mapper().valueToTree(event);
          frame =
              "data: "
                  + Json.write(envelope(id).set("result", v03 ? A2aV03.event(result) : result))
                  + "\n\n";
        }
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // The client may have gone (a write failed): the task goes on, unfollowed.
      started.task().unfollow(events);
    }
  }

  private static ObjectNode envelope(JsonNode id) {
    ObjectNode envelope = Json.object();
    envelope.put("jsonrpc", "2.0");
    envelope.set("id", id);
    return envelope;
  }

  private static String result(JsonNode id, Task task, boolean v03) {
    JsonNode result = Json.mapper().valueToTree(task);
    return Json.write(envelope(id).set("result", v03 ? A2aV03.task(result) : result));
  }

  private static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode envelope = envelope(id);
    envelope.putObject("error").put("code", code).put("message", message);
    return envelope;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** The agent card: who the agent is, what it can do, where and how to call it. */
  ObjectNode card() {
    ObjectNode card = Json.object();
    card.put("name", config.name);
    card.put("description", config.description);
    card.put("version", config.version);
    ArrayNode endpoints = card.putArray("supportedInterfaces");
    for (String version : List.of(A2aWire.VERSION, A2aV03.VERSION)) {
      endpoints
          .addObject()
          .put("url", url)
          .put("protocolBinding", "JSONRPC")
          .put("protocolVersion", version);
    }
    // A 0.3 client reads only these top-level fields; a 1.0 client goes by supportedInterfaces.
    card.put("url", url);
    card.put("preferredTransport", "JSONRPC");
    card.put("protocolVersion", A2aV03.VERSION);
    card.putObject("capabilities").put("streaming", true).put("pushNotifications", false);
    card.set("defaultInputModes", strings(config.inputModes));
    card.set("defaultOutputModes", strings(config.outputModes));
    ArrayNode skills = card.putArray("skills");
    for (Skill skill : config.skills) {
      ObjectNode node = skills.addObject();
      node.put("id", skill.id());
      node.put("name", skill.name());
      node.put("description", skill.description());
      node.set("tags", strings(skill.tags()));
    }
    if (!credentials.isEmpty()) {
      ObjectNode schemes = card.putObject("securitySchemes");
      ArrayNode requirements = card.putArray("securityRequirements");
      for (A2aAuth credential : credentials) {
        if (!schemes.has(credential.schemeName())) {
          schemes.set(credential.schemeName(), credential.schemeJson());
          // Any one scheme will do: each is a requirement of its own.
          requirements
              .addObject()
              .putObject("schemes")
              .putObject(credential.schemeName())
              .putArray("list");
        }
      }
    }
    return card;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = Json.mapper().createArrayNode();
    values.forEach(array::add);
    return array;
  }

  /**
   * A skill the card advertises.
   *
   * @param id unique within the card
   * @param name what a person reads
   * @param description what the skill does, for a client's model choosing an agent
   * @param tags keywords
   */
  public record Skill(String id, String name, String description, List<String> tags) {
    /** Checks and copies the components. */
    public Skill {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      tags = tags == null ? List.of() : List.copyOf(tags);
    }
  }

  /** Configures and starts an {@link A2aServer}. */
  public static final class Builder {
    private final String name;
    private String description = "";
    private String version = "1.0.0";
    private final List<Skill> skills = new ArrayList<>();
    private List<String> inputModes = List.of("text/plain", "application/json");
    private List<String> outputModes = List.of("text/plain", "application/json");
    private final List<A2aAuth> credentials = new ArrayList<>();
    private Function<HumanInput, ? extends ChatAgent> agents;
    private Supplier<Team> durable;
    private InetAddress host = InetAddress.getLoopbackAddress();
    private String publicUrl;
    private int maxTasks = 10_000;
    private int port;

    private Builder(String name) {
      this.name = ChatAgent.requireValidName("A2A agent", Objects.requireNonNull(name, "name"));
    }

    /** What the agent does, for the card. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** The agent's version, for the card; 1.0.0 by default. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /** Adds a skill to the card. */
    public Builder skill(String id, String name, String description, String... tags) {
      skills.add(new Skill(id, name, description, List.of(tags)));
      return this;
    }

    /** The media types the agent takes and gives; text and JSON by default. */
    public Builder modes(List<String> input, List<String> output) {
      this.inputModes = List.copyOf(input);
      this.outputModes = List.copyOf(output);
      return this;
    }

    /**
     * Requires every JSON-RPC request to carry one of these credentials (a bearer token, an API
     * key); the card declares their schemes.
     */
    public Builder auth(A2aAuth... credentials) {
      this.credentials.addAll(List.of(credentials));
      return this;
    }

    /**
     * Serves the agent or team that {@code agents} builds, one per A2A conversation (context), kept
     * for the conversation's later tasks. The {@link HumanInput} it is given reaches the client:
     * give it to the user proxies and tool approvers of what it builds, and their questions make
     * the task {@code input-required}.
     */
    public Builder agent(Function<HumanInput, ? extends ChatAgent> agents) {
      this.agents = Objects.requireNonNull(agents, "agents");
      return this;
    }

    /**
     * Serves a durable team: each task runs as a durable run whose id is the task's. {@code teams}
     * builds the team on its checkpoint store, its user proxies on {@link HumanInput#pause()}: a
     * question pauses the run ({@code input-required}), and the client's next message resumes it,
     * also after the server restarted on the same store.
     */
    public Builder durable(Supplier<Team> teams) {
      this.durable = Objects.requireNonNull(teams, "teams");
      return this;
    }

    /** The address to listen on; the loopback address by default. */
    public Builder host(InetAddress host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /**
     * The URL clients reach the server at, for the card: behind a proxy, or when listening on all
     * addresses. By default the address and port listened on.
     */
    public Builder publicUrl(String publicUrl) {
      this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
      return this;
    }

    /**
     * How many tasks the server holds; beyond it, the oldest finished ones (and their
     * conversations) are forgotten, and asking for them gives "task not found". 10,000 by default.
     * A durable team's tasks are read back from its store when asked for again.
     */
    public Builder maxTasks(int maxTasks) {
      if (maxTasks < 1) {
        throw new IllegalArgumentException("maxTasks must be at least 1: " + maxTasks);
      }
      this.maxTasks = maxTasks;
      return this;
    }

    /** The port to listen on; 0 (any free port) by default. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * Starts the server.
     *
     * @throws IOException if the port cannot be bound
     * @throws IllegalStateException unless exactly one of {@link #agent} and {@link #durable} was
     *     given
     */
    public A2aServer start() throws IOException {
      if ((agents == null) == (durable == null)) {
        throw new IllegalStateException(
            "A2A server '" + name + "': give either agent(...) or durable(...), exactly one");
      }
      return new A2aServer(this);
    }
  }
}
