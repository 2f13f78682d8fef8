package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.HumanInput;
import dev.cadre.core.Json;
import dev.cadre.model.ChatModel;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.store.SqliteCheckpointStore;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's MCP example, run as written (ReadmeExamplesTest checks that the README shows this
 * file's region word for word): a resource, a prompt, sampling, and an elicitation that pauses a
 * durable run, against Cadre's own MCP server over streamable HTTP.
 */
class ReadmeMcpTest {

  @TempDir Path dir;

  private final List<String> filed = new CopyOnWriteArrayList<>();

  /** A notes server: a resource, a prompt, and a tool that samples a title, then asks where. */
  private McpHttpServer notesServer() throws java.io.IOException {
    Map<String, Object> project =
        Map.of("type", "object", "properties", Map.of("project", Map.of("type", "string")));
    return CadreMcpServer.builder("notes", "1")
        .resource("docs://readme", "readme", "text/markdown", () -> "# Notes\nFile them daily.")
        .prompt(
            "review", "Reviews a file", List.of("file"), args -> "Review " + args.get("file"))
        .tool(
            "file_note",
            "Files today's note under a project",
            Json.object().put("type", "object"),
            (arguments, context) -> {
              String title = context.sample("A title for today's note", 20);
              Map<String, Object> answer = context.elicit("Which project?", project);
              if (answer == null) {
                return "not filed";
              }
              filed.add(title + " -> " + answer.get("project"));
              return "filed '" + title + "' under " + answer.get("project");
            })
        .build()
        .serveHttp(new InetSocketAddress("127.0.0.1", 0), "/mcp");
  }

  @Test
  void theReadmesExampleReadsAResourceAndAPromptSamplesAndPausesOnTheServersQuestion()
      throws Exception {
    // The paused turn runs again on resume: the model is asked again and calls the tool again,
    // and the server samples a title again before it asks its question again.
    ChatModel model =
        ReplayChatModel.builder()
            .toolCall("file_note", "{}")
            .toolCall("file_note", "{}")
            .text("Filed.")
            .build();
    ChatModel titles = ReplayChatModel.builder().text("Standup").text("Standup").build();
    try (McpHttpServer server = notesServer()) {
      String url = server.url().toString();
      Path runs = dir.resolve("runs.db");
      // README:begin
      McpConnection notes = McpConnection.open(
          McpServerConfig.http("notes", url).build(),
          McpClientOptions.builder()
              .sampling(titles)                    // the server's sampling requests: this model
              .elicitation(HumanInput.pause())     // its questions pause a durable run
              .build());
      String readme = notes.readResource("docs://readme").get(0).text();          // a resource
      List<McpPrompt.Message> review = notes.getPrompt("review", Map.of("file", "Main.java"));

      AssistantAgent scribe = AssistantAgent.builder("scribe").model(model)
          .tools(notes.toolSource())               // follows the server's tools/list_changed
          .build();
      Team team = new Team(
          new TeamSpec("notes", "", List.of(scribe), new RoundRobin(), null, 1, null),
          SqliteCheckpointStore.open(runs));
      TaskResult paused = team.runDurable("note-1", "File today's note", event -> {});
      String question = paused.waiting().prompt();  // "MCP server 'notes' asks: Which project?..."
      // later, maybe in another process, with the same team built again (or: cadre answer):
      TaskResult done = team.resume("note-1", "Alpha");
      // README:end
      try (notes;
          team) {
        assertThat(readme).startsWith("# Notes");
        assertThat(review).extracting(McpPrompt.Message::text).containsExactly("Review Main.java");
        assertThat(question).contains("MCP server 'notes' asks: Which project?");
        assertThat(done.waiting()).isNull();
        assertThat(filed).containsExactly("Standup -> Alpha");
        assertThat(done.messages())
            .extracting(m -> m.source() + ": " + m.toText())
            .containsExactly("user: File today's note", "scribe: Filed.");
      }
    }
  }
}
