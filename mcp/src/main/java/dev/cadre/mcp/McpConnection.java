package dev.cadre.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.HumanInputPending;
import dev.cadre.core.CancellationToken;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolSource;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

  private final McpServerConfig config;
  private final Sessions sessions;
  private final ServerTools tools;

  private McpConnection(McpServerConfig config, McpClientOptions options) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(options, "options");
    ClientRequests requests =
        new ClientRequests(config, options, this::resumedAnswer, this::pauseCalls);
    this.sessions =
        new Sessions(config, options, requests, this::notified, this::sessionStarted);
    this.tools = new ServerTools(config, options, sessions);
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
    connection.sessions.session();
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
    return tools.tools();
  }

  /**
   * This server's tools as they are now, for {@link
   * dev.cadre.agent.AssistantAgent.Builder#tools(ToolSource)}: listed once, and again before the
   * agent's next model call after the server said its tools changed ({@code
   * notifications/tools/list_changed}) or the server was started again. If listing them again
   * fails, the agent keeps the tools it had.
   */
  public ToolSource toolSource() {
    return tools.toolSource();
  }

  /**
   * The tools of this server named {@code names} (their MCP names), in that order.
   *
   * @throws IllegalArgumentException if the server has no tool of one of the names
   */
  public List<Tool> tools(String... names) {
    return tools.tools(names);
  }

  /**
   * Calls tool {@code name} (its MCP name) with {@code arguments} and waits for the result.
   *
   * @param cancellation cancelling it abandons the call
   * @return the result, which may be an error the server reported ({@link McpToolResult#error()})
   * @throws McpException if the server cannot be reached, goes away, or does not answer in time
   */
  public McpToolResult callTool(String name, ObjectNode arguments, CancellationToken cancellation) {
    return tools.callTool(name, arguments, cancellation);
  }

  /** The resources the server lists (not its URI templates), every page of them. */
  public List<McpResource> resources() {
    return sessions.paged(
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
        sessions.request(
            "resource '" + uri + "'",
            CancellationToken.none(),
            null,
            c -> c.readResource(new McpSchema.ReadResourceRequest(uri)));
    return result.contents().stream().map(ContentText::contents).toList();
  }

  /** The prompts the server offers, every page of them. */
  public List<McpPrompt> prompts() {
    return sessions.paged(
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
        sessions.request(
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
    return sessions.paged(
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
    McpSchema.ServerCapabilities capabilities = sessions.session().client.getServerCapabilities();
    if (capabilities.resources() == null
        || !Boolean.TRUE.equals(capabilities.resources().subscribe())) {
      throw sessions.failure(
          "MCP server '" + config.name() + "' does not offer subscriptions to its resources");
    }
    sessions.request(
        "subscription to '" + uri + "'",
        CancellationToken.none(),
        null,
        c -> c.subscribeResource(new McpSchema.SubscribeRequest(uri)).thenReturn(uri));
  }

  /** Stops hearing of changes to the resource at {@code uri}. */
  public void unsubscribe(String uri) {
    Objects.requireNonNull(uri, "uri");
    sessions.request(
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
        Tool.builder(ServerTools.cadreName(config.toolPrefix(), "list_resources"))
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
                  String listed = text.length() == 0 ? "no resources" : text.toString().strip();
                  return tools.capped(listed);
                })
            .build();
    Tool read =
        Tool.builder(ServerTools.cadreName(config.toolPrefix(), "read_resource"))
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
                  return tools.capped(String.join("\n", parts));
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
    Sessions.Session current = sessions.addRoot(uri, name);
    if (current != null && current.client.getClientCapabilities().roots() != null) {
      sessions.request(
          "roots change",
          CancellationToken.none(),
          null,
          c -> c.addRoot(new McpSchema.Root(uri, name)).thenReturn(uri));
    }
  }

  /** Withdraws root {@code uri}; the server is told the roots changed. */
  public void removeRoot(String uri) {
    Sessions.Session current = sessions.removeRoot(uri);
    if (current != null && current.client.getClientCapabilities().roots() != null) {
      sessions.request(
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
    sessions.request(
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
    McpSchema.ServerCapabilities capabilities = sessions.session().client.getServerCapabilities();
    if (capabilities == null || capabilities.completions() == null) {
      return List.of();
    }
    McpSchema.CompleteResult result =
        sessions.request(
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
    sessions.close();
  }

  // Read when the server asks or tells something, by then the constructor has finished.

  private Optional<String> resumedAnswer(String questionId) {
    return tools.resumedAnswer(questionId);
  }

  private boolean pauseCalls(HumanInputPending pending) {
    return tools.pauseCalls(pending);
  }

  private void notified(McpSchema.JSONRPCNotification notification) {
    tools.notified(notification);
  }

  private void sessionStarted() {
    tools.sessionStarted();
  }
}
