package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.EventLog;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.TeamSpec;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server's progress reaches the run as events, and its tool-list changes reach the agent before
 * its next model call: against a real MCP server (the TypeScript SDK's) over stdio.
 */
class McpRunEventsTest {

  @TempDir Path dir;

  private static McpConnection open() throws Exception {
    Path script = TestServers.nodeScript("changing-tools-server.mjs");
    return McpConnection.open(
        McpServerConfig.stdio("changing", "node", script.toString())
            .callTimeout(Duration.ofSeconds(60))
            .toolPrefix("ch_")
            .build());
  }

  private static List<String> offered(ChatRequest request) {
    return request.tools().stream().map(ToolSpec::name).toList();
  }

  @Test
  void overStreamableHttpTooACallsProgressBecomesEventsOfTheAgentThatMadeIt() throws Exception {
    CadreMcpServer studio =
        CadreMcpServer.builder("studio", "1")
            .tool(
                "draw",
                "Draws a picture",
                dev.cadre.core.Json.object().put("type", "object"),
                (arguments, context) -> {
                  context.progress(1, 2.0, "sketching");
                  context.progress(2, 2.0, "inking");
                  return "drawn";
                })
            .build();
    ReplayChatModel model =
        ReplayChatModel.builder().toolCall("draw", "{}").text("Here it is.").build();
    try (McpHttpServer http =
            studio.serveHttp(new java.net.InetSocketAddress("127.0.0.1", 0), "/mcp");
        McpConnection client =
            McpConnection.open(McpServerConfig.http("studio", http.url().toString()).build())) {
      AssistantAgent artist =
          AssistantAgent.builder("artist").model(model).tools(client.toolSource()).build();

      List<AgentEvent> events = artist.run("Draw me a cat").events();

      assertThat(
              events.stream()
                  .filter(AgentEvent.ToolProgress.class::isInstance)
                  .map(e -> (AgentEvent.ToolProgress) e)
                  .map(p -> p.tool() + " " + p.progress() + "/" + p.total() + " " + p.message()))
          .containsExactly("draw 1.0/2.0 sketching", "draw 2.0/2.0 inking");
    }
  }

  @Test
  void progressBecomesRunEventsKeptInTheLogAndAChangedToolListReachesTheModel() throws Exception {
    ReplayChatModel model =
        ReplayChatModel.builder()
            .toolCall("ch_work", "{}")
            .toolCall("ch_swap", "{}")
            .toolCall("ch_old_tool", "{}")
            .toolCall("ch_new_tool", "{}")
            .text("Done.")
            .build();
    List<TeamEvent> seen = new CopyOnWriteArrayList<>();
    Path logFile = dir.resolve("events.jsonl");
    try (McpConnection server = open();
        EventLog log = EventLog.open(logFile)) {
      AssistantAgent agent =
          AssistantAgent.builder("worker")
              .model(model)
              .tools(server.toolSource())
              .maxToolIterations(10)
              .build();
      try (Team team =
          new Team(
              new TeamSpec("crew", "", List.of(agent), new RoundRobin(), null, 1, null))) {
        team.run(
            List.of(AgentMessage.user("Work, then swap the tools")),
            event -> {
              seen.add(event);
              log.accept(event);
            });
      }
    }

    List<AgentEvent.ToolProgress> progress =
        seen.stream()
            .filter(TeamEvent.Activity.class::isInstance)
            .map(e -> ((TeamEvent.Activity) e).event())
            .filter(AgentEvent.ToolProgress.class::isInstance)
            .map(AgentEvent.ToolProgress.class::cast)
            .toList();
    assertThat(progress)
        .extracting(AgentEvent.ToolProgress::message)
        .containsExactly("step 1", "step 2", "step 3");
    assertThat(progress)
        .allSatisfy(
            p -> {
              assertThat(p.tool()).isEqualTo("ch_work");
              assertThat(p.total()).isEqualTo(3.0);
              assertThat(p.source()).isEqualTo("worker");
            });
    assertThat(Files.readAllLines(logFile).stream().filter(l -> l.contains("\"tool_progress\"")))
        .hasSize(3)
        .allSatisfy(line -> assertThat(line).contains("\"tool\":\"ch_work\""));

    List<ChatRequest> requests = model.requests();
    assertThat(offered(requests.get(0))).containsExactly("ch_work", "ch_swap", "ch_old_tool");
    assertThat(offered(requests.get(1))).containsExactly("ch_work", "ch_swap", "ch_old_tool");
    // The swap's answer came after the server's list_changed: the next model call sees the change.
    assertThat(offered(requests.get(2))).containsExactly("ch_work", "ch_swap", "ch_new_tool");
    List<ToolResult> results =
        seen.stream()
            .filter(TeamEvent.Activity.class::isInstance)
            .map(e -> ((TeamEvent.Activity) e).event())
            .filter(AgentEvent.ToolCallsExecuted.class::isInstance)
            .flatMap(e -> ((AgentEvent.ToolCallsExecuted) e).results().stream())
            .toList();
    assertThat(results).extracting(ToolResult::content).startsWith("worked", "swapped");
    assertThat(results.get(2).error()).isTrue();
    assertThat(results.get(2).content()).contains("unknown tool 'ch_old_tool'", "ch_new_tool");
    assertThat(results.get(3).error()).isFalse();
    assertThat(results.get(3).content()).isEqualTo("new_tool ran");
  }
}
