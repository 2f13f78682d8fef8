package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolContext;
import dev.cadre.tool.ToolExecutor;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cadre's MCP client against the reference "everything" server, run by node over stdio. */
class McpConnectionStdioTest {

  private McpConnection connection;

  @AfterEach
  void close() {
    if (connection != null) {
      connection.close();
    }
  }

  private McpConnection everything(
      Function<McpServerConfig.Builder, McpServerConfig.Builder> tune) {
    connection =
        McpConnection.open(
            tune.apply(McpServerConfig.stdio("everything", TestServers.everything("stdio")))
                .build());
    return connection;
  }

  private static ToolResult run(List<Tool> tools, String name, String arguments) {
    return new ToolExecutor(tools)
        .execute(new ToolCall("c1", name, arguments), CancellationToken.none());
  }

  @Test
  void toolSchemasAreTheServersOwnUnchanged() throws Exception {
    JsonNode own = RawMcp.listTools(TestServers.everything("stdio"));
    List<Tool> tools = everything(b -> b).tools();

    Map<String, ToolSpec> specs =
        tools.stream().map(Tool::spec).collect(Collectors.toMap(ToolSpec::name, s -> s));
    assertThat(specs)
        .hasSize(own.size())
        .containsKeys("echo", "get-sum", "trigger-long-running-operation");
    for (JsonNode tool : own) {
      ToolSpec spec = specs.get(tool.path("name").asText());
      assertThat(spec).as(tool.path("name").asText()).isNotNull();
      // The same JSON object, key for key and in the same order: nothing dropped, nothing added.
      assertThat(spec.parameters()).as(spec.name()).isEqualTo(tool.path("inputSchema"));
      assertThat(Json.write(spec.parameters())).isEqualTo(Json.write(tool.path("inputSchema")));
      assertThat(spec.description()).isEqualTo(tool.path("description").asText());
    }
    assertThat(specs.get("get-sum").parameters().path("$schema").asText())
        .contains("json-schema.org");
  }

  @Test
  void callsAToolWithValidArguments() {
    List<Tool> tools = everything(b -> b).tools();

    ToolResult sum = run(tools, "get-sum", "{\"a\": 2, \"b\": 3}");
    ToolResult echo = run(tools, "echo", "{\"message\": \"hello MCP\"}");

    assertThat(sum.error()).isFalse();
    assertThat(sum.content()).contains("5");
    assertThat(echo.error()).isFalse();
    assertThat(echo.content()).isEqualTo("Echo: hello MCP");
  }

  @Test
  void structuredContentIsTheResultWhenAskedFor() {
    connection =
        McpConnection.open(
            McpServerConfig.stdio("everything", TestServers.everything("stdio")).build(),
            McpClientOptions.builder().structuredResults(true).build());
    ToolResult weather =
        run(connection.tools(), "get-structured-content", "{\"location\": \"Chicago\"}");

    assertThat(weather.error()).isFalse();
    // Asked for: the structured content, as JSON, not the text block beside it.
    JsonNode parsed = parse(weather.content());
    assertThat(parsed.isObject()).isTrue();
    assertThat(parsed.has("temperature")).isTrue();
    assertThat(parsed.has("conditions")).isTrue();
    assertThat(parsed.has("humidity")).isTrue();
  }

  @Test
  void invalidArgumentsBecomeToolErrorsTheModelReads() {
    List<Tool> tools = everything(b -> b).tools();

    // Wrong type: Cadre checks the server's schema first and does not call the server.
    ToolResult wrongType = run(tools, "get-sum", "{\"a\": 2, \"b\": \"three\"}");
    // Out of range: Cadre's check ignores "maximum", so the server is asked and says no (isError).
    ToolResult outOfRange = run(tools, "get-resource-links", "{\"count\": 500}");

    assertThat(wrongType.error()).isTrue();
    assertThat(wrongType.content()).contains("get-sum", "'b'", "number");
    assertThat(outOfRange.error()).isTrue();
    assertThat(outOfRange.content())
        .contains("MCP server 'everything' reported an error from tool 'get-resource-links'")
        .contains("count");
  }

  @Test
  void aServerErrorResultIsAToolErrorWhenCalledDirectlyToo() {
    Tool sum = everything(b -> b).tools("get-sum").get(0);
    ObjectNode wrong = Json.object().put("a", 1).put("b", "x");

    McpToolResult raw = connection.callTool("get-sum", wrong, CancellationToken.none());

    assertThat(raw.error()).isTrue();
    assertThat(raw.text()).contains("Invalid arguments for tool get-sum");
    assertThatThrownBy(
            () -> sum.function().call(wrong, new ToolContext("c1", CancellationToken.none())))
        .isInstanceOf(McpException.class)
        .hasMessageContaining("MCP server 'everything' reported an error from tool 'get-sum'")
        .hasMessageContaining("expected number");
  }

  @Test
  void anAgentTakesAllToolsOfTheServer() {
    List<Tool> tools = everything(b -> b).tools();
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(new ToolCall("c1", "get-sum", "{\"a\": 40, \"b\": 2}"))
            .text("It is 42.")
            .build();
    AssistantAgent agent = AssistantAgent.builder("calculator").model(model).tools(tools).build();

    AgentResponse response = agent.run("What is 40 + 2?");

    assertThat(response.text()).isEqualTo("It is 42.");
    assertThat(model.lastRequest().tools()).extracting(ToolSpec::name).contains("get-sum", "echo");
    ChatMessage.ToolResults results =
        model.lastRequest().messages().stream()
            .filter(ChatMessage.ToolResults.class::isInstance)
            .map(ChatMessage.ToolResults.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(results.results().get(0).error()).isFalse();
    assertThat(results.results().get(0).content()).contains("42");
  }

  @Test
  void aServerKilledMidCallIsAToolErrorAtOnceAndTheNextCallStartsItAgain() throws Exception {
    List<Tool> tools = everything(b -> b.callTimeout(Duration.ofSeconds(30))).tools();
    ProcessHandle first = TestServers.everythingProcess();

    long start = System.nanoTime();
    CompletableFuture<ToolResult> slow =
        CompletableFuture.supplyAsync(
            () -> run(tools, "trigger-long-running-operation", "{\"duration\": 20, \"steps\": 4}"));
    Thread.sleep(1000);
    first.destroyForcibly();
    ToolResult killed = slow.get();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(killed.error()).isTrue();
    assertThat(killed.content())
        .contains(
            "MCP server 'everything'", "exited with code", "tool 'trigger-long-running-operation'")
        .contains("the next call starts the server again");
    assertThat(took).isLessThan(Duration.ofSeconds(10));

    ToolResult after = run(tools, "echo", "{\"message\": \"back\"}");

    assertThat(after.error()).isFalse();
    assertThat(after.content()).isEqualTo("Echo: back");
    assertThat(TestServers.everythingProcess().pid()).isNotEqualTo(first.pid());
  }

  @Test
  void anAgentRunGoesOnAfterTheServerCrashesUnderItsToolCall() throws Exception {
    List<Tool> tools = everything(b -> b).tools();
    ProcessHandle first = TestServers.everythingProcess();
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCalls(new ToolCall("c1", "trigger-long-running-operation", "{\"duration\": 20}"))
            .toolCalls(new ToolCall("c2", "echo", "{\"message\": \"after the crash\"}"))
            .text("Recovered.")
            .build();
    AssistantAgent agent = AssistantAgent.builder("operator").model(model).tools(tools).build();
    CompletableFuture<Void> killer =
        CompletableFuture.runAsync(
            () -> {
              try {
                Thread.sleep(1500);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              first.destroyForcibly();
            });

    AgentResponse response = agent.run("Run the long operation, then echo.");
    killer.get(10, TimeUnit.SECONDS);

    assertThat(response.text()).isEqualTo("Recovered.");
    List<ToolResult> results =
        model.lastRequest().messages().stream()
            .filter(ChatMessage.ToolResults.class::isInstance)
            .flatMap(m -> ((ChatMessage.ToolResults) m).results().stream())
            .toList();
    assertThat(results).hasSize(2);
    assertThat(results.get(0).error()).isTrue();
    assertThat(results.get(0).content())
        .contains("MCP server 'everything'", "exited", "tool 'trigger-long-running-operation'");
    assertThat(results.get(1).error()).isFalse();
    assertThat(results.get(1).content()).isEqualTo("Echo: after the crash");
  }

  @Test
  void aSlowCallTimesOutAndTheServerThatStillAnswersIsKept() {
    List<Tool> tools = everything(b -> b.callTimeout(Duration.ofSeconds(1))).tools();
    long pid = TestServers.everythingProcess().pid();

    long start = System.nanoTime();
    ToolResult slow =
        run(tools, "trigger-long-running-operation", "{\"duration\": 10, \"steps\": 2}");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(slow.error()).isTrue();
    assertThat(slow.content())
        .contains(
            "MCP server 'everything' did not answer tool 'trigger-long-running-operation' within"
                + " 1s")
        .contains("still answers pings");
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(run(tools, "echo", "{\"message\": \"still here\"}").content())
        .isEqualTo("Echo: still here");
    assertThat(TestServers.everythingProcess().pid()).isEqualTo(pid);
  }

  @Test
  void aServerThatStopsAnsweringIsReplacedOnTheNextCall() throws Exception {
    List<Tool> tools = everything(b -> b.callTimeout(Duration.ofSeconds(1))).tools();
    ProcessHandle frozen = TestServers.everythingProcess();
    // SIGSTOP: the process lives on but answers nothing, not even pings.
    new ProcessBuilder("kill", "-STOP", Long.toString(frozen.pid())).start().waitFor();

    ToolResult hung = run(tools, "echo", "{\"message\": \"anyone?\"}");

    assertThat(hung.error()).isTrue();
    assertThat(hung.content())
        .contains("did not answer tool 'echo' within 1s")
        .contains(
            "does not answer pings either, so it was dropped; the next call starts the server"
                + " again");
    ToolResult after = run(tools, "echo", "{\"message\": \"new one\"}");
    assertThat(after.content()).isEqualTo("Echo: new one");
    assertThat(frozen.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
  }

  @Test
  void cancellingTheRunAbandonsTheCall() throws Exception {
    everything(b -> b);
    CancellationToken token = new CancellationToken();
    CompletableFuture<McpToolResult> call =
        CompletableFuture.supplyAsync(
            () ->
                connection.callTool(
                    "trigger-long-running-operation",
                    Json.object().put("duration", 20).put("steps", 2),
                    token));
    Thread.sleep(500);
    token.cancel();

    assertThatThrownBy(call::join)
        .hasCauseInstanceOf(McpException.class)
        .hasMessageContaining("cancelled");
  }

  @Test
  void readsResources() {
    List<McpResource> resources = everything(b -> b).resources();

    assertThat(resources).isNotEmpty();
    McpResource first = resources.get(0);
    List<McpResource.Contents> contents = connection.readResource(first.uri());
    assertThat(contents).isNotEmpty();
    assertThat(contents.get(0).uri()).isEqualTo(first.uri());
    assertThat(contents.get(0).text() != null || contents.get(0).blob() != null).isTrue();

    List<McpResource.Contents> dynamic = connection.readResource("demo://resource/dynamic/text/1");
    assertThat(dynamic.get(0).text()).isNotBlank();
    assertThatThrownBy(() -> connection.readResource("demo://no/such/thing"))
        .isInstanceOf(McpException.class)
        .hasMessageContaining("MCP server 'everything'")
        .hasMessageContaining("resource 'demo://no/such/thing'");
  }

  @Test
  void readsPrompts() {
    List<McpPrompt> prompts = everything(b -> b).prompts();

    assertThat(prompts).extracting(McpPrompt::name).contains("simple-prompt", "args-prompt");
    McpPrompt args =
        prompts.stream().filter(p -> p.name().equals("args-prompt")).findFirst().orElseThrow();
    assertThat(args.arguments()).extracting(McpPrompt.Argument::name).contains("city", "state");
    assertThat(
            args.arguments().stream()
                .filter(a -> a.name().equals("city"))
                .findFirst()
                .orElseThrow()
                .required())
        .isTrue();

    List<McpPrompt.Message> filled = connection.getPrompt("args-prompt", Map.of("city", "Lyon"));
    assertThat(filled).isNotEmpty();
    assertThat(filled.get(0).role()).isEqualTo("user");
    assertThat(filled.get(0).text()).contains("Lyon");
    assertThatThrownBy(() -> connection.getPrompt("no-such-prompt", Map.of()))
        .isInstanceOf(McpException.class)
        .hasMessageContaining("prompt 'no-such-prompt'");
  }

  @Test
  void aServerSlowToStartFailsWithinTheBoundNamingServerAndCommand() {
    McpServerConfig sleeper =
        McpServerConfig.stdio("sleeper", "sleep", "30")
            .initializeTimeout(Duration.ofSeconds(1))
            .build();

    long start = System.nanoTime();
    assertThatThrownBy(() -> McpConnection.open(sleeper))
        .isInstanceOf(McpException.class)
        .hasMessageContaining(
            "MCP server 'sleeper' (command 'sleep 30') did not answer initialize within 1s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(TestServers.processesRunning("sleep 30")).isEmpty();
  }

  @Test
  void aServerThatExitsAtStartSaysWhyWithItsStderr() {
    McpServerConfig broken =
        McpServerConfig.stdio(
                "broken", "node", "-e", "console.error('no config file'); process.exit(3)")
            .build();
    McpServerConfig missing =
        McpServerConfig.stdio("missing", "no-such-mcp-server-program").build();

    assertThatThrownBy(() -> McpConnection.open(broken))
        .isInstanceOf(McpException.class)
        .hasMessageContaining("MCP server 'broken'")
        .hasMessageContaining("exited with code 3")
        .hasMessageContaining("no config file");
    assertThatThrownBy(() -> McpConnection.open(missing))
        .isInstanceOf(McpException.class)
        .hasMessageContaining(
            "MCP server 'missing' (command 'no-such-mcp-server-program') could not be started")
        .hasMessageContaining("PATH");
  }

  private static JsonNode parse(String json) {
    try {
      return Json.parse(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
