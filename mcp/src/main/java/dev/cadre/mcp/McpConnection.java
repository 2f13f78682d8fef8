package dev.cadre.mcp;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.HumanInputPending;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolContext;
import dev.cadre.tool.ToolSource;
import dev.cadre.tool.ToolSpec;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * A connection to one MCP server that gives its tools to Cadre agents, and its resources and
 * prompts to whoever asks.
 *
 * <pre>{@code
 * try (McpConnection files = McpConnection.open(
 *     McpServerConfig.stdio("files", "npx", "-y", "@modelcontextprotocol/server-filesystem", dir)
 *         .build())) {
 *   AssistantAgent agent = AssistantAgent.builder("clerk").model(model)
 *       .tools(files.tools())   // all tools of this server, schemas as the server wrote them
 *       .build();
 * }
 * }</pre>
 *
 * <p>Reliability: every request has a time limit ({@link McpServerConfig#callTimeout()}); starting
 * the server and its {@code initialize} handshake have one too ({@link
 * McpServerConfig#initializeTimeout()}). A stdio server that exits during a request fails that
 * request at once, with its exit code and last stderr lines; an HTTP server that can no longer be
 * reached fails it within about two seconds (a ping every two seconds checks). After a server has
 * crashed, or stopped answering (a request timed out and a ping went unanswered too), the next
 * request starts it again (stdio) or opens a new session (HTTP); a tool made by {@link #tools()}
 * therefore keeps working across restarts. A stdio server that stops reading its stdin cannot hold
 * the caller beyond these limits either: messages to it are written by a thread of its own, and a
 * server found hung is killed, with whatever it started. A failed tool call throws {@link
 * McpException}, which Cadre's tool executor hands to the model as a tool error naming server and
 * tool; the run goes on.
 *
 * <p>Thread-safe: requests from several threads share one session.
 */
public final class McpConnection implements AutoCloseable {

  /** How long a ping after a timed-out call may take before the server counts as hung. */
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How often a call waiting on an HTTP server checks that the server is still there. The SDK's
   * HTTP transport does not fail a request whose server went away; a ping that cannot connect shows
   * it.
   */
  private static final Duration PROBE_EVERY = Duration.ofSeconds(2);

  /**
   * How much longer the SDK's own request limits are than this class's: they are backstops, and
   * this class's errors, which name server, request and setting, should be the ones seen.
   */
  private static final Duration SDK_MARGIN = Duration.ofSeconds(2);

  /**
   * Room in a tool's time limit for stopping a lost or hung server (a few seconds at most) before a
   * restart, and for the result to come back.
   */
  private static final Duration TOOL_MARGIN = Duration.ofSeconds(10);

  private static final Pattern NOT_IN_NAME = Pattern.compile("[^a-zA-Z0-9_-]");

  private final McpServerConfig config;
  private final McpJsonMapper mapper;
  private final AtomicLong calls = new AtomicLong();
  private final McpClientOptions options;
  private final ClientRequests requests;
  private final Map<String, String> roots = new LinkedHashMap<>(); // guarded by this
  /** The agents' tool calls under way, by progress token: their progress goes there. */
  private final Map<Object, InFlight> inFlight = new ConcurrentHashMap<>();
  /** Counts the server's tool-list changes (and new sessions), for {@link #toolSource()}. */
  private final AtomicLong toolsChanged = new AtomicLong();
  private Session session; // guarded by this
  private boolean closed; // guarded by this

  private McpConnection(McpServerConfig config, McpClientOptions options) {
    this.config = Objects.requireNonNull(config, "config");
    this.options = Objects.requireNonNull(options, "options");
    this.requests = new ClientRequests(config, options, this::resumedAnswer, this::pauseCalls);
    options.roots().forEach(r -> roots.put(r.uri(), r.name()));
    // Jackson's own string limit (20 MB by default) must not be what stops a large answer: past
    // it, a message would vanish unparsed. maxMessageSize is the limit, with its own error.
    ObjectMapper json = Json.mapper().copy();
    json.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxStringLength(
                    Math.max(config.maxMessageSize(), StreamReadConstraints.DEFAULT_MAX_STRING_LEN))
                .build());
    this.mapper = new JacksonMcpJsonMapper(json);
  }

  /**
   * Starts the server (stdio) or opens a session (HTTP) and waits, at most {@link
   * McpServerConfig#initializeTimeout()}, for it to answer {@code initialize}.
   *
   * @throws McpException if the server cannot be started or reached, or does not answer in time;
   *     the message names the server and its command or URL
   */
  public static McpConnection open(McpServerConfig config) {
    return open(config, McpClientOptions.none());
  }

  /**
   * Like {@link #open(McpServerConfig)}, offering the server what {@code options} say: roots,
   * sampling, elicitation, and listeners for its notifications.
   */
  public static McpConnection open(McpServerConfig config, McpClientOptions options) {
    McpConnection connection = new McpConnection(config, options);
    connection.session();
    return connection;
  }

  /** The server this connects to. */
  public McpServerConfig config() {
    return config;
  }

  /**
   * All tools of this server as Cadre tools, listed now. Each tool's parameter schema is the
   * server's {@code inputSchema} unchanged; its name is the server's, after {@link
   * McpServerConfig#toolPrefix()}, with characters the model APIs reject replaced by {@code _}.
   * Calling one calls the server, through this connection. Its time limit in Cadre covers a restart
   * of the server (initializeTimeout), the call (callTimeout), the hang check after a timed-out
   * call (a ping) and stopping a lost server, so that this connection's own error, which names the
   * server and what to change, is the one the model reads.
   *
   * @throws McpException if the server cannot be reached or does not list its tools in time
   * @throws IllegalStateException if two tools end up with the same Cadre name
   */
  public List<Tool> tools() {
    List<McpSchema.Tool> listed = listedTools();
    Map<String, Tool> byName = new LinkedHashMap<>();
    for (McpSchema.Tool tool : listed) {
      Tool cadre = toCadre(tool);
      Tool clash = byName.putIfAbsent(cadre.name(), cadre);
      if (clash != null) {
        throw new IllegalStateException(
            "MCP server '"
                + config.name()
                + "' has two tools that are both named '"
                + cadre.name()
                + "' in Cadre; set a different toolPrefix or pick tools with tools(names...)");
      }
    }
    return List.copyOf(byName.values());
  }

  /**
   * This server's tools as they are now, for {@link
   * dev.cadre.agent.AssistantAgent.Builder#tools(ToolSource)}: listed once, and again before the
   * agent's next model call after the server said its tools changed ({@code
   * notifications/tools/list_changed}) or the server was started again. If listing them again
   * fails, the agent keeps the tools it had.
   */
  public ToolSource toolSource() {
    return new ToolSource() {
      private List<Tool> listed; // guarded by this
      private long seen = -1; // guarded by this

      @Override
      public synchronized List<Tool> current() {
        long now = toolsChanged.get();
        if (listed == null || now != seen) {
          listed = tools();
          seen = now;
        }
        return listed;
      }
    };
  }

  /**
   * The tools of this server named {@code names} (their MCP names), in that order.
   *
   * @throws IllegalArgumentException if the server has no tool of one of the names
   */
  public List<Tool> tools(String... names) {
    List<McpSchema.Tool> listed = listedTools();
    Map<String, McpSchema.Tool> byName = new LinkedHashMap<>();
    listed.forEach(t -> byName.put(t.name(), t));
    List<Tool> picked = new ArrayList<>();
    for (String name : names) {
      McpSchema.Tool tool = byName.get(name);
      if (tool == null) {
        throw new IllegalArgumentException(
            "MCP server '"
                + config.name()
                + "' has no tool '"
                + name
                + "'; it has "
                + byName.keySet());
      }
      picked.add(toCadre(tool));
    }
    return List.copyOf(picked);
  }

  /**
   * Calls tool {@code name} (its MCP name) with {@code arguments} and waits for the result.
   *
   * @param cancellation cancelling it abandons the call
   * @return the result, which may be an error the server reported ({@link McpToolResult#error()})
   * @throws McpException if the server cannot be reached, goes away, or does not answer in time
   */
  public McpToolResult callTool(String name, ObjectNode arguments, CancellationToken cancellation) {
    return callTool(name, arguments, cancellation, null);
  }

  /** Like {@link #callTool(String, ObjectNode, CancellationToken)}, its progress to {@code context}. */
  private McpToolResult callTool(
      String name, ObjectNode arguments, CancellationToken cancellation, ToolContext context) {
    Objects.requireNonNull(name, "name");
    Map<String, Object> args =
        arguments == null
            ? Map.of()
            : Json.mapper().convertValue(arguments, new TypeReference<Map<String, Object>>() {});
    // The token lets this connection find the call's JSON-RPC id, to cancel it at the server.
    String token = "cadre-" + config.name() + "-" + calls.incrementAndGet();
    InFlight call = null;
    CancellationToken.Registration linked = null;
    if (context != null) {
      // Its own token, so that a question that pauses the run can stop this call alone.
      call = new InFlight(context, new CancellationToken());
      linked = cancellation.onCancel(call.stop::cancel);
      cancellation = call.stop;
      inFlight.put(token, call);
    }
    McpSchema.CallToolResult result;
    try {
      result =
          request(
              "tool '" + name + "'",
              cancellation,
              token,
              c ->
                  c.callTool(
                      new McpSchema.CallToolRequest(name, args, Map.of("progressToken", token))));
    } catch (McpException e) {
      throw call != null && call.paused != null ? call.paused : e;
    } finally {
      inFlight.remove(token);
      if (linked != null) {
        linked.close();
      }
    }
    if (call != null && call.paused != null) {
      throw call.paused; // the server answered before it saw the cancellation
    }
    JsonNode structured =
        result.structuredContent() == null
            ? null
            : Json.mapper().valueToTree(result.structuredContent());
    return new McpToolResult(
        ContentText.render(result.content()), structured, Boolean.TRUE.equals(result.isError()));
  }

  /** The resources the server lists (not its URI templates), every page of them. */
  public List<McpResource> resources() {
    return paged(
            "resources/list",
            caps -> caps.resources() != null,
            (client, cursor) -> client.listResources(cursor),
            r -> r.resources(),
            r -> r.nextCursor())
        .stream()
        .map(r -> new McpResource(r.uri(), r.name(), r.description(), r.mimeType()))
        .toList();
  }

  /**
   * Reads the resource at {@code uri}: one or more parts, text or base64 binary.
   *
   * @throws McpException if the server does not know the URI or cannot be reached
   */
  public List<McpResource.Contents> readResource(String uri) {
    Objects.requireNonNull(uri, "uri");
    McpSchema.ReadResourceResult result =
        request(
            "resource '" + uri + "'",
            CancellationToken.none(),
            null,
            c -> c.readResource(new McpSchema.ReadResourceRequest(uri)));
    return result.contents().stream().map(ContentText::contents).toList();
  }

  /** The prompts the server offers, every page of them. */
  public List<McpPrompt> prompts() {
    return paged(
            "prompts/list",
            caps -> caps.prompts() != null,
            (client, cursor) -> client.listPrompts(cursor),
            r -> r.prompts(),
            r -> r.nextCursor())
        .stream()
        .map(
            p ->
                new McpPrompt(
                    p.name(),
                    p.description(),
                    p.arguments() == null
                        ? List.of()
                        : p.arguments().stream()
                            .map(
                                a ->
                                    new McpPrompt.Argument(
                                        a.name(),
                                        a.description(),
                                        Boolean.TRUE.equals(a.required())))
                            .toList()))
        .toList();
  }

  /**
   * Gets prompt {@code name} filled in with {@code arguments}.
   *
   * @return its messages, each with its role and its content as text
   * @throws McpException if the server does not know the prompt, rejects the arguments, or cannot
   *     be reached
   */
  public List<McpPrompt.Message> getPrompt(String name, Map<String, String> arguments) {
    Objects.requireNonNull(name, "name");
    Map<String, Object> args = new LinkedHashMap<>(arguments == null ? Map.of() : arguments);
    McpSchema.GetPromptResult result =
        request(
            "prompt '" + name + "'",
            CancellationToken.none(),
            null,
            c -> c.getPrompt(new McpSchema.GetPromptRequest(name, args)));
    return result.messages().stream()
        .map(
            m ->
                new McpPrompt.Message(
                    m.role().name().toLowerCase(java.util.Locale.ROOT),
                    ContentText.render(List.of(m.content()))))
        .toList();
  }

  /** The resource templates the server lists ({@code file:///{path}}...), every page of them. */
  public List<McpResource.Template> resourceTemplates() {
    return paged(
            "resources/templates/list",
            caps -> caps.resources() != null,
            (client, cursor) -> client.listResourceTemplates(cursor),
            r -> r.resourceTemplates(),
            r -> r.nextCursor())
        .stream()
        .map(
            t -> new McpResource.Template(t.uriTemplate(), t.name(), t.description(), t.mimeType()))
        .toList();
  }

  /**
   * Asks the server to say when the resource at {@code uri} changes; {@link
   * McpClientOptions.Builder#onResourceUpdated} hears it.
   *
   * @throws McpException if the server cannot subscribe (it does not declare {@code subscribe})
   */
  public void subscribe(String uri) {
    Objects.requireNonNull(uri, "uri");
    McpSchema.ServerCapabilities capabilities = session().client.getServerCapabilities();
    if (capabilities.resources() == null
        || !Boolean.TRUE.equals(capabilities.resources().subscribe())) {
      throw failure(
          "MCP server '" + config.name() + "' does not offer subscriptions to its resources");
    }
    request(
        "subscription to '" + uri + "'",
        CancellationToken.none(),
        null,
        c -> c.subscribeResource(new McpSchema.SubscribeRequest(uri)).thenReturn(uri));
  }

  /** Stops hearing of changes to the resource at {@code uri}. */
  public void unsubscribe(String uri) {
    Objects.requireNonNull(uri, "uri");
    request(
        "unsubscription from '" + uri + "'",
        CancellationToken.none(),
        null,
        c -> c.unsubscribeResource(new McpSchema.UnsubscribeRequest(uri)).thenReturn(uri));
  }

  /**
   * The server's resources offered to an agent as two tools: {@code <prefix>list_resources} and
   * {@code <prefix>read_resource} (by URI, a listed one or one a template makes). Reading a binary
   * resource gives the model a line saying what it is, not its bytes.
   */
  public List<Tool> resourceTools() {
    Tool list =
        Tool.builder(cadreName(config.toolPrefix(), "list_resources"))
            .description(
                "Lists the resources (files, records, documents) of MCP server '"
                    + config.name()
                    + "', with their URIs, and the URI templates it can also read")
            .function(
                (arguments, context) -> {
                  StringBuilder text = new StringBuilder();
                  for (McpResource r : resources()) {
                    text.append(r.uri()).append(" - ").append(r.name());
                    if (r.description() != null) {
                      text.append(": ").append(r.description());
                    }
                    text.append('\n');
                  }
                  for (McpResource.Template t : resourceTemplates()) {
                    text.append(t.uriTemplate()).append(" (template) - ").append(t.name());
                    text.append('\n');
                  }
                  return capped(text.length() == 0 ? "no resources" : text.toString().strip());
                })
            .build();
    Tool read =
        Tool.builder(cadreName(config.toolPrefix(), "read_resource"))
            .description("Reads a resource of MCP server '" + config.name() + "' by its URI")
            .parameter("uri", String.class, "The resource's URI, as list_resources shows it")
            .function(
                (arguments, context) -> {
                  List<String> parts = new ArrayList<>();
                  for (McpResource.Contents c : readResource(arguments.get("uri").asText())) {
                    parts.add(
                        c.text() != null
                            ? c.text()
                            : "[binary "
                                + c.mimeType()
                                + ", "
                                + ContentText.decodedSize(c.blob())
                                + " bytes]");
                  }
                  return capped(String.join("\n", parts));
                })
            .build();
    return List.of(list, read);
  }

  /**
   * Declares root {@code uri} (a {@code file://} URI) called {@code name} to the server, which is
   * told the roots changed.
   */
  public void addRoot(String uri, String name) {
    Objects.requireNonNull(uri, "uri");
    Session current;
    synchronized (this) {
      roots.put(uri, name);
      current = session;
    }
    if (current != null && current.client.getClientCapabilities().roots() != null) {
      request(
          "roots change",
          CancellationToken.none(),
          null,
          c -> c.addRoot(new McpSchema.Root(uri, name)).thenReturn(uri));
    }
  }

  /** Withdraws root {@code uri}; the server is told the roots changed. */
  public void removeRoot(String uri) {
    Session current;
    synchronized (this) {
      roots.remove(uri);
      current = session;
    }
    if (current != null && current.client.getClientCapabilities().roots() != null) {
      request(
          "roots change", CancellationToken.none(), null, c -> c.removeRoot(uri).thenReturn(uri));
    }
  }

  /**
   * Asks the server to send log messages at {@code level} and above ({@code debug}, {@code info},
   * {@code notice}, {@code warning}, {@code error}...); they go to SLF4J under {@code
   * dev.cadre.mcp.server.<name>}.
   *
   * @throws IllegalArgumentException if {@code level} is not an MCP log level
   */
  public void setLogLevel(String level) {
    McpSchema.LoggingLevel parsed;
    try {
      parsed = McpSchema.LoggingLevel.valueOf(level.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + level + "' is not an MCP log level; use one of "
              + java.util.Arrays.toString(McpSchema.LoggingLevel.values()).toLowerCase(
                  java.util.Locale.ROOT),
          e);
    }
    request(
        "logging/setLevel",
        CancellationToken.none(),
        null,
        c -> c.setLoggingLevel(parsed).thenReturn(level));
  }

  /**
   * The values the server suggests for argument {@code argument} of prompt {@code prompt}, given
   * what has been typed of it ({@code prefix}); empty if the server offers no completions.
   */
  public List<String> complete(String prompt, String argument, String prefix) {
    McpSchema.ServerCapabilities capabilities = session().client.getServerCapabilities();
    if (capabilities == null || capabilities.completions() == null) {
      return List.of();
    }
    McpSchema.CompleteResult result =
        request(
            "completion of '" + prompt + "'",
            CancellationToken.none(),
            null,
            c ->
                c.completeCompletion(
                    new McpSchema.CompleteRequest(
                        new McpSchema.PromptReference(prompt),
                        new McpSchema.CompleteRequest.CompleteArgument(argument, prefix))));
    return result.completion() == null ? List.of() : List.copyOf(result.completion().values());
  }

  /** Stops the server (stdio) or ends the session (HTTP). Tools made from it then fail. */
  @Override
  public void close() {
    Session ending;
    synchronized (this) {
      closed = true;
      ending = session;
      session = null;
    }
    if (ending != null) {
      ending.discard();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private Tool toCadre(McpSchema.Tool tool) {
    ObjectNode schema =
        tool.inputSchema() == null ? Json.object() : Json.mapper().valueToTree(tool.inputSchema());
    if (!schema.has("type")) {
      // MCP requires "type": "object"; a server that leaves it out means it, and Cadre needs it.
      schema.put("type", "object");
    }
    String name = cadreName(config.toolPrefix(), tool.name());
    String description =
        tool.description() != null ? tool.description() : tool.title() != null ? tool.title() : "";
    String mcpName = tool.name();
    // After a crash the call starts the server again first: that time is part of the call.
    Duration limit =
        config.initializeTimeout().plus(config.callTimeout()).plus(PING_TIMEOUT).plus(TOOL_MARGIN);
    return new Tool(
        new ToolSpec(name, description, schema),
        (arguments, context) -> {
          McpToolResult result = callTool(mcpName, arguments, context.cancellation(), context);
          if (result.error()) {
            throw failure(
                "MCP server '"
                    + config.name()
                    + "' reported an error from tool '"
                    + mcpName
                    + "': "
                    + result.text());
          }
          if (options.structuredResults()
              && result.structuredContent() != null
              && Json.write(result.structuredContent()).length() <= config.maxResultChars()) {
            return result.structuredContent();
          }
          return capped(result.text());
        },
        limit);
  }

  /** {@code text} cut to {@link McpServerConfig#maxResultChars()}, saying how much was cut. */
  private String capped(String text) {
    int max = config.maxResultChars();
    if (text.length() <= max) {
      return text;
    }
    return text.substring(0, max)
        + "\n[cut: "
        + (text.length() - max)
        + " more characters of this result were left out (maxResultChars of MCP server '"
        + config.name()
        + "' is "
        + max
        + "); ask the tool for less, or for the part you need]";
  }

  private List<McpSchema.Tool> listedTools() {
    return paged(
        "tools/list",
        caps -> caps.tools() != null,
        (client, cursor) -> client.listTools(cursor),
        r -> r.tools(),
        r -> r.nextCursor());
  }

  /** {@code prefix + mcpName} with what the model APIs reject replaced, cut to 64 characters. */
  static String cadreName(String prefix, String mcpName) {
    String name = NOT_IN_NAME.matcher(prefix + mcpName).replaceAll("_");
    return name.length() <= 64 ? name : name.substring(0, 64);
  }

  /**
   * Follows {@code nextCursor} until the last page; an empty list, without asking, from a server
   * whose declared capabilities ({@code declared}) leave the listing out. Such a server is
   * healthy: asking it anyway would fail in the SDK, and the failure would drop its session.
   *
   * @throws McpException if the server sends a cursor it sent before: the list would never end
   */
  private <R, T> List<T> paged(
      String what,
      Predicate<McpSchema.ServerCapabilities> declared,
      java.util.function.BiFunction<McpAsyncClient, String, Mono<R>> page,
      Function<R, List<T>> items,
      Function<R, String> next) {
    McpSchema.ServerCapabilities capabilities = session().client.getServerCapabilities();
    if (capabilities == null || !declared.test(capabilities)) {
      return List.of();
    }
    List<T> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int pages = 0;
    String cursor = null;
    do {
      String at = cursor;
      R result = request(what, CancellationToken.none(), null, c -> page.apply(c, at));
      List<T> got = items.apply(result);
      if (got != null) {
        all.addAll(got);
      }
      pages++;
      cursor = next.apply(result);
      if (cursor != null && !cursor.isEmpty() && !seen.add(cursor)) {
        throw failure(
            "MCP server '"
                + config.name()
                + "' sent nextCursor '"
                + (cursor.length() <= 100 ? cursor : cursor.substring(0, 97) + "...")
                + "' a second time in its "
                + what
                + " answers (after "
                + pages
                + " pages), so the list would never end; Cadre stopped reading it. The server"
                + " has a bug: its pages must end with no nextCursor");
      }
    } while (cursor != null && !cursor.isEmpty());
    return all;
  }

  /**
   * Sends one request on the current session (starting one if there is none or it was lost) and
   * waits for the answer, the call timeout, the session's loss, or the caller's cancellation. A
   * call abandoned on cancellation or timeout is cancelled at the server too, when it carries a
   * {@code token} (see {@link TrackedTransport}).
   */
  private <T> T request(
      String what,
      CancellationToken cancellation,
      String token,
      Function<McpAsyncClient, Mono<T>> send) {
    try {
      return requestOnce(what, cancellation, token, send);
    } catch (NeverSent e) {
      // The server's process had ended before the request was written (the session did not know
      // yet): the server never saw it, so it goes once more, on a new session.
      try {
        return requestOnce(what, cancellation, token, send);
      } catch (NeverSent again) {
        throw failure(
            "MCP server '" + config.name() + "' (" + config.describe() + ") ended before the"
                + " request for " + what + " could be written, twice; " + nextCall());
      }
    }
  }

  /** A request the transport never wrote, its session forgotten: safe to send again. */
  private static final class NeverSent extends RuntimeException {
    NeverSent() {
      super(null, null, false, false);
    }
  }

  private <T> T requestOnce(
      String what,
      CancellationToken cancellation,
      String token,
      Function<McpAsyncClient, Mono<T>> send) {
    Session current = session();
    CompletableFuture<T> answer = send.apply(current.client).toFuture();
    try (CancellationToken.Registration ignored =
        cancellation.onCancel(
            () -> {
              // The server is told first: the waiting thread forgets the call's id as soon as the
              // answer is cancelled.
              current.tracked.cancel(token, "the Cadre run cancelled the call");
              answer.cancel(true);
            })) {
      return current.awaitCall(answer, config.callTimeout(), what);
    } catch (TimeoutException e) {
      answer.cancel(true);
      current.tracked.cancel(
          token, "no answer within callTimeout " + format(config.callTimeout()));
      String state;
      if (current.answersPing()) {
        state =
            "the server still answers pings, so it is kept; raise callTimeout if the "
                + "call needs longer";
      } else {
        // Killed, not closed: a hung server will not exit by itself, and killing it is what
        // releases a writer blocked on its full stdin.
        kill(current);
        state = "it does not answer pings either, so it was dropped; " + nextCall();
      }
      throw failure(
          "MCP server '"
              + config.name()
              + "' did not answer "
              + what
              + " within "
              + format(config.callTimeout())
              + ": "
              + state);
    } catch (Lost e) {
      forget(current);
      throw failure(
          "MCP server '"
              + config.name()
              + "' ("
              + config.describe()
              + ") "
              + e.getMessage()
              + " during the request for "
              + what
              + "; "
              + nextCall());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof McpError error) {
        throw failure(
            "MCP server '"
                + config.name()
                + "' answered the request for "
                + what
                + " with an error: "
                + error.getMessage(),
            error);
      }
      // Not an answer but a broken transport (connection refused, session unknown to the server):
      // the session is of no more use.
      forget(current);
      if (cause instanceof ProcessTransport.NotRunning) {
        throw new NeverSent();
      }
      throw failure(
          "MCP server '"
              + config.name()
              + "' ("
              + config.describe()
              + ") could not be reached for "
              + what
              + ": "
              + cause
              + "; "
              + nextCall(),
          cause);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw failure(
          "interrupted while waiting for MCP server '" + config.name() + "' to answer " + what);
    } catch (java.util.concurrent.CancellationException e) {
      throw failure(
          "the request to MCP server '" + config.name() + "' for " + what + " was cancelled");
    } finally {
      current.tracked.done(token);
    }
  }

  /**
   * An error about this server, with its secrets masked: messages here quote its command line,
   * its stderr and its own error messages, any of which may hold a key.
   */
  private McpException failure(String message) {
    return new McpException(config.mask(message));
  }

  /** Like {@link #failure(String)}, with the cause's messages masked too. */
  private McpException failure(String message, Throwable cause) {
    return new McpException(config.mask(message), config.mask(cause));
  }

  /**
   * What went wrong under the SDK's wrapping: the message of a Cadre error in the chain (an OAuth
   * step, an HTTP status), which says more than the SDK's "failed to initialize".
   */
  private static String reason(Throwable cause) {
    for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof McpException cadre) {
        return cadre.getMessage();
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (suppressed instanceof McpException cadre) {
          return cadre.getMessage();
        }
      }
    }
    return String.valueOf(cause);
  }

  /** What the next request will do about a lost session, for error messages. */
  private String nextCall() {
    return config.url().isPresent()
        ? "the next call opens a new session"
        : "the next call starts the server again";
  }

  private synchronized Session session() {
    if (closed) {
      throw failure(
          "the connection to MCP server '" + config.name() + "' is closed; open a new one");
    }
    if (session != null && !session.lost.isDone()) {
      return session;
    }
    if (session != null) {
      session.discard();
      session = null;
    }
    session = start();
    return session;
  }

  private synchronized void forget(Session lost) {
    if (session == lost) {
      session = null;
    }
    lost.discard();
  }

  private synchronized void kill(Session hung) {
    if (session == hung) {
      session = null;
    }
    hung.kill();
  }

  private Session start() {
    McpClientTransport transport;
    CompletableFuture<String> lost;
    if (config.url().isPresent()) {
      // Cadre's own transport, not the SDK's: it resumes a broken stream (Last-Event-ID, retry)
      // and keeps to maxMessageSize.
      transport = new HttpTransport(config, mapper);
      lost = new CompletableFuture<>();
    } else {
      ProcessTransport process = new ProcessTransport(config, mapper);
      transport = process;
      lost = process.exited();
    }
    TrackedTransport tracked = new TrackedTransport(transport, this::notified);
    McpClient.AsyncSpec spec =
        McpClient.async(tracked)
            // The SDK's own limits are backstops: this class keeps the time with its own errors
            // (calls at callTimeout). The SDK's request limit bounds `initialize` too, so it must
            // let the slower of the two finish.
            .requestTimeout(max(config.callTimeout(), config.initializeTimeout()).plus(SDK_MARGIN))
            .initializationTimeout(config.initializeTimeout().plus(SDK_MARGIN))
            .clientInfo(new McpSchema.Implementation("cadre", "Cadre", "0.1.0"))
            .capabilities(requests.capabilities())
            .loggingConsumer(requests::log)
            .progressConsumer(
                p -> {
                  options
                      .onProgress()
                      .accept(
                          new McpClientOptions.McpProgress(
                              config.name(), p.progressToken(), p.progress(), p.total(),
                              p.message()));
                  return Mono.empty();
                })
            .toolsChangeConsumer(
                changed -> {
                  options.onToolsChanged().run();
                  return Mono.empty();
                })
            .resourcesUpdateConsumer(
                updated -> {
                  updated.forEach(c -> options.onResourceUpdated().accept(c.uri()));
                  return Mono.empty();
                })
            .applyElicitationDefaults(true);
    synchronized (this) {
      roots.forEach((uri, name) -> spec.roots(new McpSchema.Root(uri, name)));
    }
    if (options.sampling() != null) {
      spec.sampling(requests::sample);
    }
    if (options.elicitation() != null) {
      spec.elicitation(requests::elicit);
    }
    McpAsyncClient client = spec.build();
    toolsChanged.incrementAndGet(); // a server started again may list other tools
    Session started = new Session(client, transport, tracked, lost);
    CompletableFuture<McpSchema.InitializeResult> init = client.initialize().toFuture();
    try {
      started.await(init, config.initializeTimeout(), "initialize");
      if (transport instanceof ProcessTransport process) {
        process.rememberDescendants(); // the real server behind npx or sh -c is running by now
      }
      return started;
    } catch (TimeoutException e) {
      started.discard();
      throw failure(
          "MCP server '"
              + config.name()
              + "' ("
              + config.describe()
              + ") did not answer initialize within "
              + format(config.initializeTimeout())
              + started.stderr()
              + "; check that it is an MCP server and starts, or raise initializeTimeout");
    } catch (Lost e) {
      started.discard();
      throw failure(
          "MCP server '" + config.name() + "' (" + config.describe() + ") " + e.getMessage());
    } catch (ExecutionException e) {
      started.discard();
      Throwable cause = e.getCause();
      if (lost.isDone() && !"was stopped".equals(lost.getNow(""))) {
        // The process could not start or died: that, not the SDK's echo of it, is the news.
        throw failure(
            "MCP server '" + config.name() + "' (" + config.describe() + ") " + lost.getNow(""),
            cause);
      }
      throw failure(
          "MCP server '"
              + config.name()
              + "' ("
              + config.describe()
              + ") could not be initialized: "
              + reason(cause)
              + started.stderr(),
          cause);
    } catch (InterruptedException e) {
      started.discard();
      Thread.currentThread().interrupt();
      throw failure("interrupted while starting MCP server '" + config.name() + "'");
    } catch (RuntimeException e) {
      started.discard();
      throw e;
    }
  }

  /**
   * A notification from the server, seen as it is read (before the answer that follows it): a
   * tool call's progress goes to its tool context, a change of the tool list marks {@link
   * #toolSource()}'s tools stale. What the server sends is untrusted: a progress report that does
   * not parse is dropped.
   */
  private void notified(McpSchema.JSONRPCNotification notification) {
    if (McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED.equals(notification.method())) {
      toolsChanged.incrementAndGet();
    } else if (McpSchema.METHOD_NOTIFICATION_PROGRESS.equals(notification.method())
        && notification.params() instanceof Map<?, ?> params
        && params.get("progressToken") != null
        && params.get("progress") instanceof Number progress) {
      InFlight under = inFlight.get(params.get("progressToken"));
      ToolContext call = under == null ? null : under.context;
      if (call != null) {
        Double total =
            params.get("total") instanceof Number number ? number.doubleValue() : null;
        Object message = params.get("message");
        call.progress(progress.doubleValue(), total, message == null ? null : message.toString());
      }
    }
  }

  /** An agent's tool call under way: where its progress goes, and the question that paused it. */
  private static final class InFlight {
    final ToolContext context;
    final CancellationToken stop;
    volatile HumanInputPending paused;

    InFlight(ToolContext context, CancellationToken stop) {
      this.context = context;
      this.stop = stop;
    }
  }

  /** The answer to {@code questionId} that the run of a tool call under way was resumed with. */
  private Optional<String> resumedAnswer(String questionId) {
    for (InFlight call : inFlight.values()) {
      Optional<String> answer = call.context.answer(questionId);
      if (answer.isPresent()) {
        return answer;
      }
    }
    return Optional.empty();
  }

  /**
   * Stops the agents' tool calls under way, each then throwing {@code pending} so that its run
   * pauses. A server's request does not say which call it belongs to, so every call under way on
   * this connection stops; each runs again when its run resumes.
   */
  private boolean pauseCalls(HumanInputPending pending) {
    boolean any = false;
    for (InFlight call : inFlight.values()) {
      call.paused = pending;
      call.stop.cancel();
      any = true;
    }
    return any;
  }

  /** The session ended under a request: the process exited, or the session was dropped. */
  private static final class Lost extends Exception {
    private static final long serialVersionUID = 1L;

    Lost(String reason) {
      super(reason, null, false, false);
    }
  }

  /** One SDK client on one transport; replaced as a whole when lost. */
  private static final class Session {
    final McpAsyncClient client;
    final McpClientTransport transport;
    final TrackedTransport tracked;
    final CompletableFuture<String> lost;

    Session(
        McpAsyncClient client,
        McpClientTransport transport,
        TrackedTransport tracked,
        CompletableFuture<String> lost) {
      this.client = client;
      this.transport = transport;
      this.tracked = tracked;
      this.lost = lost;
    }

    <T> T await(CompletableFuture<T> answer, Duration timeout, String what)
        throws TimeoutException, Lost, ExecutionException, InterruptedException {
      try {
        CompletableFuture.anyOf(answer, lost).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        // anyOf failed: either the answer (handled below) or, never, the loss signal
      }
      if (answer.isDone()) {
        return answer.get();
      }
      if (lost.isDone()) {
        throw new Lost(lost.getNow("was lost"));
      }
      throw new TimeoutException(what);
    }

    /**
     * Like {@link #await}, for a call: on HTTP, the server is probed every {@link #PROBE_EVERY}
     * while the answer is awaited, and a probe that cannot reach it ends the wait as {@link Lost}.
     * A probe that merely goes unanswered proves nothing (the server may be busy), so only the
     * call's own time limit ends the wait then.
     */
    <T> T awaitCall(CompletableFuture<T> answer, Duration timeout, String what)
        throws TimeoutException, Lost, ExecutionException, InterruptedException {
      if (transport instanceof ProcessTransport) {
        return await(answer, timeout, what); // a process's exit is seen at once
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(what);
        }
        try {
          return await(answer, Duration.ofNanos(Math.min(left, PROBE_EVERY.toNanos())), what);
        } catch (TimeoutException e) {
          probe(
              Duration.ofNanos(
                  Math.max(1, Math.min(deadline - System.nanoTime(), PING_TIMEOUT.toNanos()))));
        }
      }
    }

    private void probe(Duration bound) throws Lost, InterruptedException {
      CompletableFuture<Object> pong = client.ping().toFuture();
      try {
        pong.get(bound.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        pong.cancel(true);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof McpError)) {
          lost.complete("went away (" + e.getCause() + ")");
          throw new Lost(lost.getNow("went away"));
        }
      }
    }

    boolean answersPing() {
      CompletableFuture<Object> pong = client.ping().toFuture();
      try {
        await(pong, PING_TIMEOUT, "ping");
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        pong.cancel(true);
        return false;
      }
    }

    String stderr() {
      return transport instanceof ProcessTransport process ? process.lastStderr() : "";
    }

    /** Kills a hung server at once, with whatever it started, then discards the session. */
    void kill() {
      if (transport instanceof ProcessTransport process) {
        process.kill();
      }
      discard();
    }

    void discard() {
      lost.complete("was stopped");
      try {
        client.close();
      } catch (RuntimeException e) {
        // closing a broken session can fail; the transport is closed below either way
      }
      transport.close();
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
