package dev.cadre.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.Json;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamRunException;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cadre and Google's ADK for JavaScript ({@code @google/adk} 2.0.0, which speaks A2A 0.3) over A2A,
 * both ways, against real ADK processes: a scripted ADK agent served by ADK's {@code toA2a}
 * (src/test/js-adk/adk-agent.mjs) in a Cadre team, and ADK's {@code RemoteA2AAgent}
 * (src/test/js-adk/adk-client.mjs) calling a Cadre team served by {@link A2aServer}.
 */
@Timeout(180)
class AdkPeersTest {

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable each : open) {
      each.close();
    }
  }

  private String startAdkAgent(Path log) throws Exception {
    NodePeer agent = NodePeer.startAdk("adk-agent.mjs", Map.of("A2A_LOG", log.toString()));
    open.add(agent);
    return agent.ready();
  }

  private Team team(int messages, ChatAgent... participants) {
    Team team =
        new Team(
            new TeamSpec(
                "desk",
                "",
                List.of(participants),
                new RoundRobin(),
                Terminations.maxMessages(messages),
                10,
                null));
    open.add(team);
    return team;
  }

  private static List<String> transcript(TaskResult result) {
    return result.messages().stream()
        .map(m -> m.source() + ": " + m.content())
        .collect(Collectors.toList());
  }

  private static List<JsonNode> lines(Path log) throws Exception {
    List<JsonNode> entries = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      entries.add(Json.parse(line));
    }
    return entries;
  }

  @Test
  void anAdkAgentServedByAdkTakesPartInACadreTeamOverA2a03() throws Exception {
    Path log = dir.resolve("adk-agent.jsonl");
    String url = startAdkAgent(log);
    // What Cadre.remoteAgent(url) gives (the dsl module sits above this one).
    A2aRemoteAgent notary = A2aRemoteAgent.connect(url);
    assertThat(notary.name()).isEqualTo("adk_notary");
    assertThat(notary.protocolVersion()).isEqualTo("0.3");
    assertThat(notary.streams()).isTrue();
    AssistantAgent clerk =
        AssistantAgent.builder("clerk")
            .systemMessage(null)
            .model(ReplayChatModel.ofTexts("Filed under C."))
            .build();

    TaskResult result = team(4, notary, clerk).run("the lease contract");

    assertThat(transcript(result))
        .containsExactly(
            "user: the lease contract",
            "adk_notary: ADK noted 1: the lease contract",
            "clerk: Filed under C.",
            "adk_notary: ADK noted 2: Filed under C.");
    // Two A2A tasks of one conversation: ADK keys its session by the context id, the run's.
    List<JsonNode> got = lines(log);
    assertThat(got)
        .extracting(e -> e.path("text").asText())
        .containsExactly("the lease contract", "Filed under C.");
    assertThat(got.get(0).path("session").asText())
        .isNotEmpty()
        .isEqualTo(got.get(1).path("session").asText());
  }

  @Test
  void anAdkAgentThatDoesNotStreamIsPolledOverA2a03() throws Exception {
    String url = startAdkAgent(dir.resolve("adk-agent.jsonl"));
    A2aRemoteAgent notary =
        A2aRemoteAgent.builder(url)
            .name("notary")
            .streaming(false)
            .pollInterval(Duration.ofMillis(50))
            .build();

    TaskResult result = team(2, notary).run("a deed");

    assertThat(transcript(result)).containsExactly("user: a deed", "notary: ADK noted 1: a deed");
  }

  @Test
  void aFailedAdkRunFailsTheTurnNamingTheAgentAndItsUrl() throws Exception {
    String url = startAdkAgent(dir.resolve("adk-agent.jsonl"));
    A2aRemoteAgent notary = A2aRemoteAgent.builder(url).name("notary").build();

    Throwable thrown = catchThrowable(() -> team(2, notary).run("FAIL this one"));

    assertThat(thrown).isInstanceOf(TeamRunException.class);
    assertThat(thrown.getCause())
        .isInstanceOf(A2aException.class)
        .hasMessageContaining("remote agent 'notary' at " + url)
        .hasMessageContaining("TASK_STATE_FAILED")
        .hasMessageContaining("the notary is closed");
  }

  @Test
  void adksRemoteA2aAgentCallsACadreTeamServedOverA2a03() throws Exception {
    AtomicInteger conversations = new AtomicInteger();
    A2aServer server =
        A2aServer.builder("archivist")
            .description("Finds old records")
            .agent(
                input -> {
                  conversations.incrementAndGet();
                  return AssistantAgent.builder("archivist")
                      .systemMessage(null)
                      .model(ReplayChatModel.ofTexts("Record 1907", "Record 1908"))
                      .build();
                })
            .start();
    open.add(server);
    // ADK's card resolver finds the card below the base URL.
    NodePeer caller =
        NodePeer.startAdk("adk-client.mjs", Map.of(), server.url(), "the harbour", "and the mill?");
    open.add(caller);

    assertThat(caller.waitFor()).as("%s", caller.output()).isZero();
    List<String> said = new ArrayList<>();
    List<String> wire = new ArrayList<>();
    for (String line : caller.output()) {
      if (line.startsWith("A2A ")) {
        JsonNode got = Json.parse(line.substring("A2A ".length()));
        wire.add(got.path("kind").asText() + " " + got.path("status").path("state").asText());
      } else if (line.startsWith("EVENT ")) {
        JsonNode event = Json.parse(line.substring("EVENT ".length()));
        assertThat(event.path("error").isNull()).as(line).isTrue();
        if (!event.path("partial").asBoolean() && !event.path("text").asText().isEmpty()) {
          said.add(event.path("author").asText() + ": " + event.path("text").asText());
        }
      } else if (line.startsWith("TURN ")) {
        said.add(line);
      }
    }
    // The answer comes as the artifact and again as the completed status's message (as Cadre
    // serves every client); ADK makes an event of each.
    assertThat(said)
        .containsExactly(
            "cadre_desk: Record 1907",
            "cadre_desk: Record 1907",
            "TURN 1",
            "cadre_desk: Record 1908",
            "cadre_desk: Record 1908",
            "TURN 2");
    // ADK's 0.3 client got 0.3: kinds, and states spelt the 0.3 way.
    assertThat(wire)
        .contains("artifact-update ", "status-update working", "status-update completed");
    // Both turns were one A2A conversation: the served team was built once.
    assertThat(conversations).hasValue(1);
    assertThat(caller.output()).contains("DONE");
  }

  @Test
  void cadresCardOffersA2a03NextTo10() throws Exception {
    try (A2aServer server =
        A2aServer.builder("archivist")
            .agent(
                input ->
                    AssistantAgent.builder("archivist")
                        .systemMessage(null)
                        .model(ReplayChatModel.ofTexts("Record 1907"))
                        .build())
            .start()) {
      JsonNode card = server.card();

      assertThat(card.path("protocolVersion").asText()).isEqualTo("0.3.0");
      assertThat(card.path("url").asText()).isEqualTo(server.url());
      assertThat(card.path("preferredTransport").asText()).isEqualTo("JSONRPC");
      assertThat(card.path("supportedInterfaces").get(0).path("protocolVersion").asText())
          .isEqualTo("1.0");
      // Cadre's own client still speaks 1.0 to Cadre.
      assertThat(A2aRemoteAgent.connect(server.url()).protocolVersion()).isEqualTo("1.0");
    }
  }
}
