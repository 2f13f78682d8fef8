package dev.cadre.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cadre.a2a.A2aServer;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Cadre#remoteAgent}: an agent served over A2A joins teams the builders check. */
@Timeout(60)
class RemoteAgentDslTest {

  private A2aServer archive;

  @BeforeEach
  void serve() throws Exception {
    archive =
        A2aServer.builder("archivist")
            .description("Finds old records")
            .agent(
                input ->
                    AssistantAgent.builder("archivist")
                        .systemMessage(null)
                        .model(ReplayChatModel.ofTexts("Record 1907: the bridge opened"))
                        .build())
            .start();
  }

  @AfterEach
  void stop() {
    archive.close();
  }

  private static AssistantAgent.Builder agent(String name, String... answers) {
    return Cadre.assistant(name).systemMessage(null).model(ReplayChatModel.ofTexts(answers));
  }

  private static List<String> transcript(TaskResult result) {
    return result.messages().stream()
        .map(m -> m.source() + ": " + m.content())
        .collect(Collectors.toList());
  }

  @Test
  void aSelectorChecksAndPicksTheRemoteAgentByItsCard() {
    try (Team team =
        Cadre.selector("desk", ReplayChatModel.ofTexts("archivist", "writer"))
            .participant(Cadre.remoteAgent(archive.url()))
            .participant(agent("writer", "The bridge opened in 1907.").description("Writes"))
            .termination(Terminations.maxMessages(3))
            .build()) {

      assertThat(transcript(team.run("When did the bridge open?")))
          .containsExactly(
              "user: When did the bridge open?",
              "archivist: Record 1907: the bridge opened",
              "writer: The bridge opened in 1907.");
    }
  }

  @Test
  void aGraphRoutesToTheRemoteAgent() {
    try (Team team =
        Cadre.graph("flow")
            .participant(agent("planner", "Find the bridge's opening"))
            .participant(Cadre.remoteAgent(archive.url()))
            .entry("planner")
            .edge("planner", "archivist")
            .build()) {

      TaskResult result = team.run("bridge");

      assertThat(result.lastMessage())
          .isEqualTo(new AgentMessage.Text("archivist", "Record 1907: the bridge opened"));
    }
  }
}
