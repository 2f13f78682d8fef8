package dev.cadre.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentTool;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.agent.HumanInput;
import dev.cadre.core.Json;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.ChatGraph;
import dev.cadre.team.GraphFlow;
import dev.cadre.team.ModelSelector;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.SpeakerSelector;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamEvent;
import dev.cadre.team.TeamRunException;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.TerminationCondition;
import dev.cadre.team.Terminations;
import dev.cadre.tool.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote agent written with the A2A JavaScript SDK (src/test/js/scripted-agent.mjs) as a
 * participant of Cadre teams: what it is sent, what it answers, its questions, cancellation and
 * failures, against the real SDK server over HTTP.
 */
@Timeout(180)
class RemoteAgentTest {

  @TempDir Path dir;
  private Path log;
  private NodePeer peer;
  private String url;
  private final List<Team> teams = new ArrayList<>();

  @BeforeEach
  void startPeer() throws Exception {
    start(Map.of());
  }

  private void start(Map<String, String> env) throws Exception {
    if (peer != null) {
      peer.close();
    }
    log = dir.resolve("agent-" + System.nanoTime() + ".jsonl");
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("A2A_LOG", log.toString());
    peer = NodePeer.start("scripted-agent.mjs", all);
    url = peer.ready();
  }

  @AfterEach
  void stop() throws Exception {
    teams.forEach(Team::close);
    if (peer != null) {
      peer.close();
    }
  }

  /** What the JavaScript agent logged: each message it got, each cancel. */
  private List<JsonNode> received() throws Exception {
    List<JsonNode> entries = new ArrayList<>();
    if (Files.exists(log)) {
      for (String line : Files.readAllLines(log)) {
        entries.add(Json.parse(line));
      }
    }
    return entries;
  }

  /**
   * Waits (a minute at most: the machine may be loaded) until the agent's log satisfies {@code
   * done}.
   */
  private void awaitReceived(Predicate<List<JsonNode>> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!done.test(received()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private Team team(SpeakerSelector selector, TerminationCondition end, ChatAgent... participants) {
    Team team = new Team(new TeamSpec("desk", "", List.of(participants), selector, end, 10, null));
    teams.add(team);
    return team;
  }

  private static AssistantAgent local(String name, String description, String... answers) {
    return AssistantAgent.builder(name)
        .description(description)
        .systemMessage(null)
        .model(ReplayChatModel.ofTexts(answers))
        .build();
  }

  private static List<String> transcript(TaskResult result) {
    return result.messages().stream()
        .map(m -> m.source() + ": " + m.content())
        .collect(Collectors.toList());
  }

  @Test
  void readsTheCardAndTakesItsNameDescriptionAndStreaming() {
    A2aRemoteAgent remote = A2aRemoteAgent.connect(url);

    assertThat(remote.name()).isEqualTo("Scripted_Researcher");
    assertThat(remote.description()).startsWith("Looks facts up");
    assertThat(remote.streams()).isTrue();
  }

  @Test
  void aSelectorPicksTheRemoteAgentWhichStreamsAndKeepsOneContextPerRun() throws Exception {
    A2aRemoteAgent remote = A2aRemoteAgent.builder(url).name("researcher").build();
    ReplayChatModel selector = ReplayChatModel.ofTexts("researcher", "writer", "researcher");
    Team team =
        team(
            ModelSelector.builder(selector).allowRepeatedSpeaker(true).build(),
            Terminations.maxMessages(4),
            remote,
            local("writer", "Writes the answer up", "At what altitude?"));
    List<TeamEvent> events = new CopyOnWriteArrayList<>();

    TaskResult result = team.run(List.of(AgentMessage.user("boiling point of water")), events::add);

    assertThat(transcript(result))
        .containsExactly(
            "user: boiling point of water",
            "researcher: FACT 1: boiling point of water",
            "writer: At what altitude?",
            "researcher: FACT 2: At what altitude?");
    // Streaming: the agent's working status arrived as the remote agent's inner message.
    assertThat(events)
        .filteredOn(TeamEvent.Activity.class::isInstance)
        .map(e -> ((TeamEvent.Activity) e).event())
        .filteredOn(AgentEvent.InnerMessage.class::isInstance)
        .map(e -> ((AgentEvent.InnerMessage) e).message().content())
        .contains("looking up: boiling point of water");
    List<JsonNode> got = received();
    assertThat(got).hasSize(2);
    assertThat(got.get(0).path("sources").get(0).asText()).isEqualTo("user");
    assertThat(got.get(1).path("sources").get(0).asText()).isEqualTo("writer");
    // Two tasks, one conversation: the context id is the run's.
    assertThat(got.get(0).path("taskId").asText()).isNotEqualTo(got.get(1).path("taskId").asText());
    assertThat(got.get(0).path("contextId").asText())
        .isNotEmpty()
        .isEqualTo(got.get(1).path("contextId").asText());
  }

  @Test
  void aGraphRoutesToTheRemoteAgentWhichGetsTheLocalAgentsMessage() throws Exception {
    A2aRemoteAgent remote = A2aRemoteAgent.builder(url).name("researcher").build();
    ChatGraph graph =
        ChatGraph.builder()
            .node("planner")
            .entry("planner")
            .node("researcher")
            .node("writer")
            .edge("planner", "researcher")
            .edge("researcher", "writer")
            .build();
    Team team =
        team(
            new GraphFlow(graph),
            null,
            local("planner", "Plans", "Look up the melting point of iron"),
            remote,
            local("writer", "Writes", "Iron melts at 1538 C."));

    TaskResult result = team.run("iron");

    assertThat(transcript(result))
        .containsExactly(
            "user: iron",
            "planner: Look up the melting point of iron",
            "researcher: FACT 1: iron\nLook up the melting point of iron",
            "writer: Iron melts at 1538 C.");
    // Everything it had not seen, one part per message, each naming its source.
    assertThat(received())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.path("text").asText())
                  .isEqualTo("iron\nLook up the melting point of iron");
              assertThat(m.path("sources").toString()).isEqualTo("[\"user\",\"planner\"]");
            });
  }

  @Test
  void pollsWhenTheCardDoesNotStream() throws Exception {
    start(Map.of("A2A_STREAMING", "false"));
    A2aRemoteAgent remote =
        A2aRemoteAgent.builder(url).name("researcher").pollInterval(Duration.ofMillis(50)).build();
    assertThat(remote.streams()).isFalse();
    Team team = team(new RoundRobin(), Terminations.maxMessages(2), remote);

    TaskResult result = team.run("copper");

    assertThat(transcript(result)).containsExactly("user: copper", "researcher: FACT 1: copper");
  }

  @Test
  void cancellingTheRunCancelsTheRemoteTask() throws Exception {
    A2aRemoteAgent remote = A2aRemoteAgent.builder(url).name("researcher").build();
    Team team = team(new RoundRobin(), Terminations.maxMessages(2), remote);

    CompletableFuture<TaskResult> run = team.runAsync("SLOW lookup");
    awaitReceived(got -> !got.isEmpty());
    assertThat(received()).isNotEmpty();
    team.cancel();

    Throwable thrown = catchThrowable(() -> run.get(60, TimeUnit.SECONDS));
    assertThat(thrown).isInstanceOf(CancellationException.class);
    String task = received().get(0).path("taskId").asText();
    awaitReceived(got -> got.size() >= 2);
    assertThat(received())
        .anySatisfy(
            e -> {
              assertThat(e.path("event").asText()).isEqualTo("cancel");
              assertThat(e.path("taskId").asText()).isEqualTo(task);
            });
  }

  @Test
  void aRemoteQuestionGoesToHumanInput() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    A2aRemoteAgent remote =
        A2aRemoteAgent.builder(url)
            .name("weather")
            .humanInput(
                HumanInput.callback(
                    question -> {
                      asked.add(question.agent() + " asks " + question.prompt());
                      return "Paris";
                    }))
            .build();
    Team team = team(new RoundRobin(), Terminations.maxMessages(2), remote);

    TaskResult result = team.run("ASK about the weather");

    assertThat(asked).containsExactly("weather asks Which city?");
    assertThat(transcript(result))
        .containsExactly("user: ASK about the weather", "weather: Weather in Paris: sunny");
    List<JsonNode> got = received();
    assertThat(got).hasSize(2);
    assertThat(got.get(1).path("followUp").asBoolean()).isTrue();
    assertThat(got.get(1).path("taskId").asText()).isEqualTo(got.get(0).path("taskId").asText());
  }

  @Test
  void withoutHumanInputTheTeamAnswersTheRemoteQuestion() throws Exception {
    A2aRemoteAgent remote = A2aRemoteAgent.builder(url).name("weather").build();
    Team team =
        team(
            new RoundRobin(),
            Terminations.maxMessages(4),
            remote,
            local("planner", "Plans", "Lyon"));

    TaskResult result = team.run("ASK about the weather");

    assertThat(transcript(result))
        .containsExactly(
            "user: ASK about the weather",
            "weather: Which city?",
            "planner: Lyon",
            "weather: Weather in Lyon: sunny");
  }

  @Test
  void aRemoteFailureFailsTheTurnNamingTheAgentAndItsUrl() {
    A2aRemoteAgent remote = A2aRemoteAgent.builder(url).name("researcher").build();
    Team team = team(new RoundRobin(), Terminations.maxMessages(2), remote);

    Throwable thrown = catchThrowable(() -> team.run("FAIL please"));

    assertThat(thrown).isInstanceOf(TeamRunException.class);
    assertThat(((TeamRunException) thrown).participant()).isEqualTo("researcher");
    assertThat(thrown.getCause())
        .isInstanceOf(A2aException.class)
        .hasMessageContaining("remote agent 'researcher' at " + url)
        .hasMessageContaining("TASK_STATE_FAILED")
        .hasMessageContaining("no data for that");
  }

  @Test
  void aTurnPastItsTimeLimitFailsAndCancelsTheRemoteTask() throws Exception {
    A2aRemoteAgent remote =
        A2aRemoteAgent.builder(url).name("researcher").timeout(Duration.ofSeconds(2)).build();
    Team team = team(new RoundRobin(), Terminations.maxMessages(2), remote);

    Throwable thrown = catchThrowable(() -> team.run("SLOW lookup"));

    assertThat(thrown.getCause())
        .isInstanceOf(A2aException.class)
        .hasMessageContaining("'researcher'")
        .hasMessageContaining("no answer within PT2S");
    awaitReceived(got -> got.stream().anyMatch(e -> e.path("event").asText().equals("cancel")));
    assertThat(received()).anyMatch(e -> e.path("event").asText().equals("cancel"));
  }

  @Test
  void anUnreachableAgentIsNamedByItsUrlWithoutItsCredential() {
    String secretUrl = "http://user:hunter2secret@127.0.0.1:1/";
    Throwable thrown =
        catchThrowable(
            () ->
                A2aRemoteAgent.builder(secretUrl)
                    .name("ghost")
                    .auth(A2aAuth.bearer("tok-very-secret-123"))
                    .build());

    assertThat(thrown)
        .isInstanceOf(A2aException.class)
        .hasMessageContaining("remote agent 'ghost' at http://***:***@127.0.0.1:1/")
        .hasMessageNotContaining("hunter2secret")
        .hasMessageNotContaining("tok-very-secret-123");
  }

  @Test
  void theRemoteAgentIsAToolOfAnAssistant() throws Exception {
    A2aRemoteAgent remote = A2aRemoteAgent.builder(url).name("researcher").build();
    Tool tool = AgentTool.of(remote);
    AssistantAgent assistant =
        AssistantAgent.builder("host")
            .systemMessage(null)
            .tools(List.of(tool))
            .model(
                ReplayChatModel.builder()
                    .toolCall("researcher", "{\"task\":\"speed of light\"}")
                    .text("It is 299792 km/s.")
                    .build())
            .build();

    var response =
        assistant.onMessages(
            List.of(AgentMessage.user("how fast is light?")),
            dev.cadre.core.CancellationToken.none(),
            event -> {});

    assertThat(response.text()).isEqualTo("It is 299792 km/s.");
    assertThat(received())
        .singleElement()
        .satisfies(m -> assertThat(m.path("text").asText()).isEqualTo("speed of light"));
  }
}
