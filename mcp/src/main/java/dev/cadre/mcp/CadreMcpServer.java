package dev.cadre.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.core.Json;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolArguments;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolExecutor;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetSocketAddress;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cadre tools, and agents as tools, served to any MCP client over stdio.
 *
 * <pre>{@code
 * public static void main(String[] args) throws InterruptedException {
 *   CadreMcpServer.builder("weather", "1.0")
 *       .tool(weatherTool)
 *       .agent(forecaster)          // an AssistantAgent, offered as a tool taking a "task"
 *       .build()
 *       .serveStdio();              // returns when the client closes stdin
 * }
 * }</pre>
 *
 * <p>Calls run through Cadre's {@link ToolExecutor}: arguments are checked against the tool's
 * schema by a full JSON Schema validator (draft-07 or 2020-12, {@code $ref} followed), each
 * tool's timeout holds, and whatever goes wrong comes back as a tool result with
 * {@code isError: true} and a message the client's model can act on. While serving, {@link
 * System#out} is pointed at {@link System#err}: stdout carries the protocol only, so a stray print
 * cannot corrupt it.
 */
public final class CadreMcpServer {

  private final String name;
  private final String version;
  private final List<Tool> tools;
  private final ToolExecutor executor;
  private final Map<String, ArgumentSchema> schemas = new HashMap<>();
  private final AtomicLong calls = new AtomicLong();
  private final InboundCalls inbound = new InboundCalls();
  private final ServedContent served;
  private final Map<String, Running> running;

  private static final McpJsonMapper MAPPER = new JacksonMcpJsonMapper(Json.mapper());

  private CadreMcpServer(Builder b) {
    this.name = b.name;
    this.version = b.version;
    this.tools = List.copyOf(b.tools);
    this.served = b.served;
    this.running = b.running;
    this.executor = new ToolExecutor(tools);
    for (Tool tool : tools) {
      schemas.put(tool.name(), ArgumentSchema.of(tool.name(), tool.spec().parameters()));
    }
  }

  /** Starts a server that tells clients it is {@code name} at {@code version}. */
  public static Builder builder(String name, String version) {
    return new Builder(name, version);
  }

  /** The tools this server offers, agents included. */
  public List<Tool> tools() {
    return tools;
  }

  /**
   * Serves on this process's stdin and stdout until the client closes stdin.
   *
   * @throws InterruptedException if this thread is interrupted while serving
   */
  public void serveStdio() throws InterruptedException {
    PrintStream protocol = System.out;
    System.setOut(System.err);
    serve(System.in, protocol);
  }

  /** Serves on {@code in} and {@code out} until {@code in} ends. */
  public void serve(InputStream in, OutputStream out) throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    PipedInputStream filtered;
    PipedOutputStream pump;
    try {
      filtered = new PipedInputStream(1 << 16);
      pump = new PipedOutputStream(filtered);
    } catch (IOException e) {
      throw new IllegalStateException("could not set up the pipe for the client's messages", e);
    }
    // Every message passes through `inbound` on its way to the SDK's server: that is how a call
    // learns its id, and a cancellation reaches the call it names.
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                      new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                  pump) {
                String line;
                while ((line = lines.readLine()) != null) {
                  String passed = inbound.filter(line);
                  if (passed != null) {
                    pump.write((passed + "\n").getBytes(StandardCharsets.UTF_8));
                    pump.flush();
                  }
                }
              } catch (IOException e) {
                // the client went away: the same as the end of its messages
              } finally {
                ended.countDown();
              }
            },
            "mcp-server-" + name + "-in");
    reader.setDaemon(true);
    reader.start();
    InputStream watched = filtered;
    McpSyncServer server =
        configure(McpServer.sync(new StdioServerTransportProvider(MAPPER, watched, out)));
    try {
      ended.await();
    } finally {
      server.closeGracefully();
    }
  }

  /**
   * Serves over MCP's streamable HTTP transport at {@code http://address/path} until the returned
   * server is closed; port 0 picks a free one ({@link McpHttpServer#url()} says which). On a
   * loopback address, requests naming another host are refused (DNS rebinding).
   *
   * @throws IOException if the address cannot be bound
   */
  public McpHttpServer serveHttp(InetSocketAddress address, String path) throws IOException {
    McpHttpServer http = new McpHttpServer(address, path, MAPPER, inbound);
    McpSyncServer server = configure(McpServer.sync(http.provider()));
    http.start(server::closeGracefully);
    return http;
  }

  /** The SDK's server for this one's tools, on whichever transport {@code spec} was made for. */
  private McpSyncServer configure(McpServer.SyncSpecification<?> spec) {
    McpSchema.ServerCapabilities.Builder capabilities =
        McpSchema.ServerCapabilities.builder().tools(false).logging();
    if (!served.resources.isEmpty() || !served.templates.isEmpty()) {
      capabilities.resources(true, false);
    }
    if (!served.prompts.isEmpty()) {
      capabilities.prompts(false);
    }
    if (!served.completions.isEmpty()) {
      capabilities.completions();
    }
    return spec.serverInfo(name, version)
        .jsonMapper(MAPPER)
        .capabilities(capabilities.build())
        // Cadre checks arguments itself and answers with errors its own tools' users know.
        .validateToolInputs(false)
        .tools(tools.stream().map(this::specification).toList())
        .resources(served.resources)
        .resourceTemplates(served.templates)
        .prompts(served.prompts)
        .completions(served.completions)
        .build();
  }

  private McpServerFeatures.SyncToolSpecification specification(Tool tool) {
    Map<String, Object> schema =
        Json.mapper()
            .convertValue(tool.spec().parameters(), new TypeReference<Map<String, Object>>() {});
    McpSchema.Tool described =
        new McpSchema.Tool(tool.name(), null, tool.spec().description(), schema, null, null, null);
    return new McpServerFeatures.SyncToolSpecification(
        described,
        (exchange, request) -> {
          String arguments =
              Json.write(request.arguments() == null ? Map.of() : request.arguments());
          // The executor's own check speaks the model's language ("argument 'b' must be an
          // integer"); the full validator then catches what it skips, such as a $ref.
          ArgumentSchema checked = schemas.get(tool.name());
          JsonNode given =
              Json.mapper()
                  .valueToTree(request.arguments() == null ? Map.of() : request.arguments());
          List<String> problems =
              ToolArguments.validate(given, tool.spec().parameters()).isEmpty()
                  ? checked.problems(given)
                  : List.of();
          if (!problems.isEmpty()) {
            return new McpSchema.CallToolResult(
                List.of(new McpSchema.TextContent(checked.refusal(problems))), true, null, null);
          }
          String callId = "mcp-" + calls.incrementAndGet();
          Object progressToken =
              request.meta() == null ? null : request.meta().get("progressToken");
          Running call = new Running(exchange, progressToken);
          running.put(callId, call);
          ToolResult result;
          try {
            result =
                executor.execute(
                    new ToolCall(callId, request.name(), arguments),
                    inbound.start(request.meta()));
          } finally {
            inbound.end(request.meta());
            running.remove(callId);
          }
          if (!result.error() && call.content != null) {
            return new McpSchema.CallToolResult(call.content.toMcp(), false, null, null);
          }
          return new McpSchema.CallToolResult(
              List.of(new McpSchema.TextContent(result.content())), result.error(), null, null);
        });
  }

  /** What an {@link McpServerTool} needs of its call while it runs, and what it answered. */
  static final class Running {
    final McpSyncServerExchange exchange;
    final Object progressToken;
    volatile McpContent content;

    Running(McpSyncServerExchange exchange, Object progressToken) {
      this.exchange = exchange;
      this.progressToken = progressToken;
    }
  }

  /**
   * {@code agent} as a tool named after it, described by its description, that takes a {@code task}
   * and answers with the agent's final text; each call is one {@link AssistantAgent#run(String)}.
   */
  public static Tool agentTool(AssistantAgent agent) {
    Objects.requireNonNull(agent, "agent");
    return Tool.builder(agent.name())
        .description(agent.description())
        .parameter("task", String.class, "What to ask the agent, in plain words")
        .function((args, context) -> agent.run(args.get("task").asText()).text())
        .build();
  }

  /** Collects the tools and agents a {@link CadreMcpServer} offers. */
  public static final class Builder {
    private final String name;
    private final String version;
    private final List<Tool> tools = new ArrayList<>();
    private final ServedContent served = new ServedContent();
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    private Builder(String name, String version) {
      this.name = Objects.requireNonNull(name, "name");
      this.version = Objects.requireNonNull(version, "version");
    }

    /** Offers {@code tool} under its own name, with its own schema and timeout. */
    public Builder tool(Tool tool) {
      tools.add(Objects.requireNonNull(tool, "tool"));
      return this;
    }

    /** Offers a text resource at {@code uri}, read from {@code text} each time it is asked for. */
    public Builder resource(String uri, String name, String mimeType, Supplier<String> text) {
      served.text(uri, name, mimeType, text);
      return this;
    }

    /** Offers a binary resource at {@code uri}, sent as base64. */
    public Builder binaryResource(
        String uri, String name, String mimeType, Supplier<byte[]> bytes) {
      served.binary(uri, name, mimeType, bytes);
      return this;
    }

    /**
     * Offers the resources a URI template names ({@code users://{id}/profile}): {@code text} gets
     * the template's variables, each matched against one segment of the URI asked for.
     */
    public Builder resourceTemplate(
        String uriTemplate,
        String name,
        String mimeType,
        Function<Map<String, String>, String> text) {
      served.template(uriTemplate, name, mimeType, text);
      return this;
    }

    /**
     * Offers a prompt: one user message, {@code text} filled in with the {@code arguments} (all
     * required) the client gives.
     */
    public Builder prompt(
        String name,
        String description,
        List<String> arguments,
        Function<Map<String, String>, String> text) {
      served.prompt(name, description, List.copyOf(arguments), text);
      return this;
    }

    /**
     * Offers a prompt whose messages carry images or embedded resources: each block of what
     * {@code content} gives is one user message.
     */
    public Builder promptContent(
        String name,
        String description,
        List<String> arguments,
        Function<Map<String, String>, McpContent> content) {
      served.content(name, description, List.copyOf(arguments), content);
      return this;
    }

    /**
     * Completes the arguments of prompt {@code prompt}: {@code complete} gets an argument's name
     * and what has been typed of it, and gives the values to offer (the first 100 are sent).
     */
    public Builder completion(
        String prompt, BiFunction<String, String, List<String>> complete) {
      served.completion(prompt, complete);
      return this;
    }

    /**
     * Offers a tool that talks to its client while it runs (progress, logs, sampling,
     * elicitation) and may answer with images, audio or embedded resources ({@link McpContent}).
     * Its arguments are checked against {@code parameters} like any tool's.
     */
    public Builder tool(
        String name, String description, ObjectNode parameters, McpServerTool function) {
      Objects.requireNonNull(function, "function of tool '" + name + "'");
      Map<String, Running> calls = running;
      return tool(
          new Tool(
              new ToolSpec(name, description, parameters),
              (arguments, context) -> {
                Running call = calls.get(context.callId());
                McpToolContext mcp =
                    new McpToolContext(call.exchange, call.progressToken, context.cancellation());
                Object answer = function.call(arguments, mcp);
                if (answer instanceof McpContent content) {
                  call.content = content;
                  return ContentText.render(content.toMcp());
                }
                return answer;
              },
              Tool.DEFAULT_TIMEOUT));
    }

    /** Offers each of {@code tools}. */
    public Builder tools(List<Tool> tools) {
      tools.forEach(this::tool);
      return this;
    }

    /** Offers {@code agent} as a tool; see {@link CadreMcpServer#agentTool}. */
    public Builder agent(AssistantAgent agent) {
      return tool(agentTool(agent));
    }

    /**
     * @throws IllegalArgumentException if two tools share a name
     */
    public CadreMcpServer build() {
      return new CadreMcpServer(this);
    }
  }
}
