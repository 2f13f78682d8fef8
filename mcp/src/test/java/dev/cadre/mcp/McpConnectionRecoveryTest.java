package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolExecutor;
import dev.cadre.tool.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cadre's MCP client against stdio servers that go wrong in ways that once hung or leaked: one
 * stopped while a call too big for its stdin is sent, one slow to start or to restart, one run
 * through {@code sh -c}, one that crashes with a long stderr, one whose list never ends.
 */
class McpConnectionRecoveryTest {

  private McpConnection connection;
  private final List<ProcessHandle> stopped = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    // Whatever a failed test left frozen goes first: closing could wait on it.
    for (ProcessHandle process : stopped) {
      TestServers.signal("CONT", process);
      process.destroyForcibly();
    }
    if (connection != null) {
      connection.close();
    }
  }

  private McpConnection open(McpServerConfig.Builder config) {
    connection = McpConnection.open(config.build());
    return connection;
  }

  private void stop(ProcessHandle process) throws Exception {
    stopped.add(process);
    TestServers.signal("STOP", process);
  }

  private static ToolResult run(List<Tool> tools, String name, String arguments) {
    return new ToolExecutor(tools)
        .execute(new ToolCall("c1", name, arguments), CancellationToken.none());
  }

  /**
   * {@code body} on a thread of its own, failing the test if it has not finished within {@code
   * bound}: a thread blocked writing to a pipe cannot be interrupted, so only this ends the test.
   */
  private static <T> T within(Duration bound, Supplier<T> body) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(body.get());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            "recovery-test-call");
    thread.setDaemon(true);
    thread.start();
    return result.get(bound.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A command line that runs {@code command} after {@code shell} (sh -c), arguments intact. */
  private static List<String> shell(String script, String name, List<String> command) {
    List<String> line = new ArrayList<>(List.of("sh", "-c", script, name));
    line.addAll(command);
    return line;
  }

  @Test
  void aCallTooBigForAStoppedServersStdinFailsInTimeAndTheNextCallStartsItAgain() throws Exception {
    List<Tool> tools =
        open(McpServerConfig.stdio("everything", TestServers.everything("stdio"))
                .callTimeout(Duration.ofSeconds(2)))
            .tools();
    ProcessHandle frozen = TestServers.everythingProcess();
    stop(frozen);
    // Far more than a pipe holds (64 KB): the write blocks until the server reads, which it never
    // will.
    String big = Json.write(Json.object().put("message", "x".repeat(300_000)));

    long start = System.nanoTime();
    ToolResult hung = within(Duration.ofSeconds(40), () -> run(tools, "echo", big));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(hung.error()).isTrue();
    assertThat(hung.content())
        .contains("MCP server 'everything' did not answer tool 'echo' within 2s")
        .contains("does not answer pings either, so it was dropped")
        .contains("the next call starts the server again");
    // The call timeout, then the ping's own 5 s, and no more.
    assertThat(took).isLessThan(Duration.ofSeconds(2 + 5 + 4));
    assertThat(frozen.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();

    ToolResult after =
        within(Duration.ofSeconds(40), () -> run(tools, "echo", "{\"message\": \"new one\"}"));

    assertThat(after.error()).as(after.content()).isFalse();
    assertThat(after.content()).isEqualTo("Echo: new one");
    assertThat(TestServers.everythingProcess().pid()).isNotEqualTo(frozen.pid());
  }

  @Test
  void aServerSlowerToStartThanTheCallTimeoutOpensWithinTheInitializeTimeout() throws Exception {
    // Longer than callTimeout and the SDK's margin over it, well within initializeTimeout.
    List<String> slow =
        shell("sleep 5; exec \"$@\"", "slow-start", TestServers.everything("stdio"));

    long start = System.nanoTime();
    McpConnection opened =
        within(
            Duration.ofSeconds(40),
            () ->
                open(
                    McpServerConfig.stdio("slow", slow)
                        .callTimeout(Duration.ofSeconds(1))
                        .initializeTimeout(Duration.ofSeconds(30))));

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    McpToolResult echo =
        opened.callTool("echo", Json.object().put("message", "at last"), CancellationToken.none());
    assertThat(echo.text()).isEqualTo("Echo: at last");
  }

  @Test
  void aToolsTimeLimitLeavesRoomToRestartACrashedServer(@TempDir Path dir) throws Exception {
    // The first start is quick; every later one takes 12 s, more than the old limit of the tool
    // (call timeout + 10 s) and well within initializeTimeout.
    List<String> restartsSlowly =
        shell(
            "if [ -e \"$MARK\" ]; then sleep 12; fi; touch \"$MARK\"; exec \"$@\"",
            "restarts-slowly",
            TestServers.everything("stdio"));
    List<Tool> tools =
        open(McpServerConfig.stdio("restarts-slowly", restartsSlowly)
                .env("MARK", dir.resolve("started").toString())
                .callTimeout(Duration.ofSeconds(1))
                .initializeTimeout(Duration.ofSeconds(30)))
            .tools();
    ProcessHandle first = TestServers.everythingProcess();
    first.destroyForcibly();
    first.onExit().get(10, TimeUnit.SECONDS);

    long start = System.nanoTime();
    ToolResult after =
        within(Duration.ofSeconds(60), () -> run(tools, "echo", "{\"message\": \"back\"}"));

    assertThat(after.error()).as(after.content()).isFalse();
    assertThat(after.content()).isEqualTo("Echo: back");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(12));
    assertThat(tools.get(0).timeout()).isGreaterThan(Duration.ofSeconds(30 + 1 + 5));
  }

  @Test
  void closingStopsWhatTheServerStartedToo() throws Exception {
    // Not exec: sh stays, and node runs as its child, as the real server runs under npx.
    List<String> wrapped = shell("\"$@\"; true", "wrapped-server", TestServers.everything("stdio"));
    open(McpServerConfig.stdio("wrapped", wrapped));
    List<ProcessHandle> shells = TestServers.processesRunning("; true wrapped-server");
    assertThat(shells).hasSize(1);
    List<ProcessHandle> descendants = shells.get(0).descendants().toList();
    assertThat(descendants).isNotEmpty();
    // Frozen, the server cannot exit by itself when its stdin closes, as a stuck one would not.
    for (ProcessHandle descendant : descendants) {
      stop(descendant);
    }

    connection.close();

    for (ProcessHandle descendant : descendants) {
      // Killed by close(); init reaps an orphan within a moment.
      assertThat(descendant.onExit())
          .as("process %s, started by the server's sh", descendant.pid())
          .succeedsWithin(Duration.ofSeconds(5));
      assertThat(descendant.isAlive()).isFalse();
    }
    assertThat(shells.get(0).isAlive()).isFalse();
  }

  @Test
  void aCrashedServersStderrInTheErrorIsCutToItsLastLinesAndCharacters() {
    String script =
        "for (let i = 0; i < 40; i++) console.error('line ' + i + ': ' + 'x'.repeat(300));"
            + " process.exit(3)";
    McpServerConfig noisy = McpServerConfig.stdio("noisy", "node", "-e", script).build();

    assertThatThrownBy(() -> McpConnection.open(noisy))
        .isInstanceOf(McpException.class)
        .hasMessageContaining("MCP server 'noisy'")
        .hasMessageContaining("exited with code 3")
        .satisfies(
            e -> {
              String message = e.getMessage();
              String marker = "its last lines on stderr:\n";
              assertThat(message).contains(marker);
              String tail = message.substring(message.indexOf(marker) + marker.length());
              assertThat(tail).contains("line 39: xxx").doesNotContain("line 19:");
              assertThat(tail.length()).isLessThanOrEqualTo(2_010);
            });
  }

  @Test
  void aServerThatRepeatsItsNextCursorFailsTheListingNamingServerAndList() throws Exception {
    Path script = TestServers.nodeScript("repeat-cursor-server.mjs");
    McpConnection looper = open(McpServerConfig.stdio("looper", "node", script.toString()));

    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            assertThatThrownBy(looper::tools)
                .isInstanceOf(McpException.class)
                .hasMessageContaining("MCP server 'looper' sent nextCursor 'page-again' a second")
                .hasMessageContaining("tools/list")
                .hasMessageContaining("after 2 pages"));
  }
}
