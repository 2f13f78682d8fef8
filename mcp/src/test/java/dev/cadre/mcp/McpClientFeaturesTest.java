package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cadre.agent.HumanInput;
import dev.cadre.agent.Question;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolExecutor;
import dev.cadre.tool.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What Cadre's client offers beyond tools, against the MCP reference server (everything, stdio):
 * resources, roots, sampling, elicitation, progress, logging, structured results.
 */
class McpClientFeaturesTest {

  private McpConnection connection;

  @AfterEach
  void close() {
    if (connection != null) {
      connection.close();
    }
  }

  private McpConnection everything(McpClientOptions options) {
    connection =
        McpConnection.open(
            McpServerConfig.stdio("everything", TestServers.everything("stdio"))
                .callTimeout(Duration.ofSeconds(60))
                .build(),
            options);
    return connection;
  }

  private static String call(McpConnection connection, String tool, String arguments)
      throws Exception {
    return connection.callTool(tool, (com.fasterxml.jackson.databind.node.ObjectNode)
        Json.parse(arguments), CancellationToken.none()).text();
  }

  private static ToolResult run(List<Tool> tools, String name, String arguments) {
    return new ToolExecutor(tools)
        .execute(new ToolCall("c1", name, arguments), CancellationToken.none());
  }

  @Test
  void resourcesAreListedReadAndOfferedToTheModelAsTools() {
    McpConnection everything = everything(McpClientOptions.none());

    List<McpResource> resources = everything.resources();
    List<McpResource.Template> templates = everything.resourceTemplates();
    assertThat(resources).isNotEmpty();
    assertThat(templates).isNotEmpty();
    assertThat(templates.get(0).uriTemplate()).contains("{");

    McpResource text =
        resources.stream()
            .filter(r -> everything.readResource(r.uri()).get(0).text() != null)
            .findFirst()
            .orElseThrow();
    List<Tool> tools = everything.resourceTools();
    ToolResult listed = run(tools, "list_resources", "{}");
    ToolResult read = run(tools, "read_resource", "{\"uri\":\"" + text.uri() + "\"}");

    assertThat(listed.content()).contains(text.uri()).contains("(template)");
    assertThat(read.error()).isFalse();
    assertThat(read.content()).isEqualTo(everything.readResource(text.uri()).get(0).text());
  }

  @Test
  void aSubscribedResourceReportsItsUpdates() throws Exception {
    List<String> updated = new CopyOnWriteArrayList<>();
    McpConnection everything =
        everything(McpClientOptions.builder().onResourceUpdated(updated::add).build());
    String uri = everything.resources().get(0).uri();

    everything.subscribe(uri);
    call(everything, "toggle-subscriber-updates", "{}");

    for (int i = 0; i < 300 && updated.isEmpty(); i++) {
      TimeUnit.MILLISECONDS.sleep(100); // the server sends updates every 5 seconds
    }
    assertThat(updated).contains(uri);
    everything.unsubscribe(uri);
  }

  @Test
  void theServerSeesTheRootsDeclaredAndTheirChanges() throws Exception {
    McpConnection everything =
        everything(McpClientOptions.builder().root("file:///srv/project", "project").build());

    assertThat(call(everything, "get-roots-list", "{}")).contains("file:///srv/project");

    everything.addRoot("file:///srv/other", "other");
    String seen = "";
    for (int i = 0; i < 100 && !seen.contains("file:///srv/other"); i++) {
      seen = call(everything, "get-roots-list", "{}"); // the server re-reads them on its own time
      TimeUnit.MILLISECONDS.sleep(100);
    }
    assertThat(seen).contains("file:///srv/project").contains("file:///srv/other");
  }

  @Test
  void samplingIsAnsweredByTheUsersModelOnceAPersonAllowsIt() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    McpConnection everything =
        everything(
            McpClientOptions.builder()
                .sampling(ReplayChatModel.ofTexts("a haiku about rain"))
                .samplingApproval(
                    HumanInput.callback(
                        q -> {
                          asked.add(q.prompt());
                          return "yes";
                        }))
                .build());

    String answer = call(everything, "trigger-sampling-request", "{\"prompt\":\"write a haiku\"}");

    assertThat(answer).contains("a haiku about rain");
    assertThat(asked).singleElement().asString().contains("write a haiku").contains("everything");
  }

  @Test
  void aSamplingRequestThePersonRefusesNeverReachesTheModel() throws Exception {
    McpConnection everything =
        everything(
            McpClientOptions.builder()
                .sampling(ReplayChatModel.ofTexts("must not be used"))
                .samplingApproval(HumanInput.callback(q -> "no"))
                .build());

    String answer = call(everything, "trigger-sampling-request", "{\"prompt\":\"write a haiku\"}");

    assertThat(answer).contains("the user declined the sampling request");
    assertThat(answer).doesNotContain("must not be used");
  }

  @Test
  void elicitationAsksAPersonFieldByFieldAndEmptyAnswersTakeTheDefaults() throws Exception {
    List<Question> questions = new CopyOnWriteArrayList<>();
    McpConnection everything =
        everything(
            McpClientOptions.builder()
                .elicitation(
                    HumanInput.callback(
                        q -> {
                          questions.add(q);
                          return q.prompt().contains("Your full, legal name") ? "Ada Lovelace" : "";
                        }))
                .build());

    String answer = call(everything, "trigger-elicitation-request", "{}");

    assertThat(answer)
        .contains("Ada Lovelace")
        .contains("It was a dark and stormy night.") // a default the person left
        .contains("42");
    assertThat(questions.get(0).prompt()).contains("Please provide inputs");
    assertThat(questions)
        .extracting(Question::prompt)
        .anySatisfy(p -> assertThat(p).contains("one of [Monica, Rachel"));
  }

  @Test
  void elicitationLeftUnansweredIsCancelled() throws Exception {
    McpConnection everything =
        everything(McpClientOptions.builder().elicitation(HumanInput.callback(q -> null)).build());

    assertThat(call(everything, "trigger-elicitation-request", "{}")).contains("cancelled");
  }

  @Test
  void progressNotificationsReachTheListener() throws Exception {
    List<McpClientOptions.McpProgress> progress = new CopyOnWriteArrayList<>();
    McpConnection everything =
        everything(McpClientOptions.builder().onProgress(progress::add).build());

    call(everything, "trigger-long-running-operation", "{\"duration\":1,\"steps\":2}");

    assertThat(progress).isNotEmpty();
    assertThat(progress.get(0).server()).isEqualTo("everything");
    assertThat(progress.get(progress.size() - 1).total()).isEqualTo(2.0);
  }

  @Test
  void theLogLevelIsSetAtTheServerAndABadOneIsNamed() {
    McpConnection everything = everything(McpClientOptions.none());

    everything.setLogLevel("debug");
    assertThatThrownBy(() -> everything.setLogLevel("loud"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'loud' is not an MCP log level");
  }

  @Test
  void theModelReadsTheTextUnlessTheStructuredResultIsAskedFor() throws Exception {
    Path script = TestServers.nodeScript("big-server.mjs");
    McpServerConfig config = McpServerConfig.stdio("weather", "node", script.toString()).build();
    try (McpConnection plain = McpConnection.open(config);
        McpConnection structured =
            McpConnection.open(
                config, McpClientOptions.builder().structuredResults(true).build())) {
      assertThat(run(plain.tools(), "weather", "{}").content())
          .isEqualTo("36 degrees and light rain");
      assertThat(run(structured.tools(), "weather", "{}").content()).isEqualTo("{\"celsius\":36}");
      assertThat(plain.callTool("weather", Json.object(), CancellationToken.none())
              .structuredContent().path("celsius").asInt())
          .isEqualTo(36);
    }
  }
}
