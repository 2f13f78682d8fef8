package dev.cadre.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.HumanInputPending;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolContext;
import dev.cadre.tool.ToolSource;
import dev.cadre.tool.ToolSpec;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A server's tools as Cadre tools, for {@link McpConnection}: listed, named for the model, called
 * through the connection's {@link Sessions}, their results capped; an agent's call reports its
 * progress to the run and is stopped when a server's question pauses the run.
 */
final class ServerTools {

  /**
   * Room in a tool's time limit for stopping a lost or hung server (a few seconds at most) before a
   * restart, and for the result to come back.
   */
  private static final Duration TOOL_MARGIN = Duration.ofSeconds(10);

  private static final Pattern NOT_IN_NAME = Pattern.compile("[^a-zA-Z0-9_-]");

  private final McpServerConfig config;
  private final McpClientOptions options;
  private final Sessions sessions;
  private final AtomicLong calls = new AtomicLong();
  /** The agents' tool calls under way, by progress token: their progress goes there. */
  private final Map<Object, InFlight> inFlight = new ConcurrentHashMap<>();
  /** Counts the server's tool-list changes (and new sessions), for {@link #toolSource()}. */
  private final AtomicLong toolsChanged = new AtomicLong();

  ServerTools(McpServerConfig config, McpClientOptions options, Sessions sessions) {
    this.config = config;
    this.options = options;
    this.sessions = sessions;
  }

  /** A session was started: the server may list other tools than before. */
  void sessionStarted() {
    toolsChanged.incrementAndGet();
  }

  /** For {@link McpConnection#tools()}; the time limit of each covers a restart of the server. */
  List<Tool> tools() {
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

  /** For {@link McpConnection#toolSource()}. */
  ToolSource toolSource() {
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

  /** For {@link McpConnection#tools(String...)}. */
  List<Tool> tools(String... names) {
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

  /** For {@link McpConnection#callTool}. */
  McpToolResult callTool(String name, ObjectNode arguments, CancellationToken cancellation) {
    return callTool(name, arguments, cancellation, null);
  }

  /** Like {@link #callTool(String, ObjectNode, CancellationToken)}, reporting to {@code context}. */
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
          sessions.request(
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
        config
            .initializeTimeout()
            .plus(config.callTimeout())
            .plus(Sessions.PING_TIMEOUT)
            .plus(TOOL_MARGIN);
    return new Tool(
        new ToolSpec(name, description, schema),
        (arguments, context) -> {
          McpToolResult result = callTool(mcpName, arguments, context.cancellation(), context);
          if (result.error()) {
            throw sessions.failure(
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
  String capped(String text) {
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
    return sessions.paged(
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
   * A notification from the server, seen as it is read (before the answer that follows it): a
   * tool call's progress goes to its tool context, a change of the tool list marks {@link
   * #toolSource()}'s tools stale. What the server sends is untrusted: a progress report that does
   * not parse is dropped.
   */
  void notified(McpSchema.JSONRPCNotification notification) {
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
  Optional<String> resumedAnswer(String questionId) {
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
  boolean pauseCalls(HumanInputPending pending) {
    boolean any = false;
    for (InFlight call : inFlight.values()) {
      call.paused = pending;
      call.stop.cancel();
      any = true;
    }
    return any;
  }
}
