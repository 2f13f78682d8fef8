package dev.cadre.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.AssistantAgent;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.model.Usage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.TeamRunException;
import dev.cadre.team.TeamSpec;
import dev.cadre.team.Terminations;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cadre's A2A client against Cadre's A2A server, with credentials. */
@Timeout(60)
class JavaPeersTest {

  private static final String TOKEN = "desk-token-0123456789";
  private A2aServer server;

  @BeforeEach
  void serve() throws Exception {
    server =
        A2aServer.builder("archivist")
            .description("Finds old records")
            .auth(A2aAuth.bearer(TOKEN))
            .agent(
                input ->
                    AssistantAgent.builder("archivist")
                        .systemMessage(null)
                        .model(ReplayChatModel.ofTexts("Record 1907", "Record 1908"))
                        .build())
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Team team(A2aRemoteAgent remote) {
    return new Team(
        new TeamSpec(
            "desk", "", List.of(remote), new RoundRobin(), Terminations.maxMessages(2), 5, null));
  }

  @Test
  void theRightTokenReachesTheServedAgent() {
    A2aRemoteAgent remote =
        A2aRemoteAgent.builder(server.url()).auth(A2aAuth.bearer(TOKEN)).build();

    try (Team team = team(remote)) {
      TaskResult result = team.run("bridge");

      assertThat(result.lastMessage()).isEqualTo(new AgentMessage.Text("archivist", "Record 1907"));
    }
  }

  @Test
  void aWrongTokenFailsTheTurnWithoutShowingTheToken() {
    String wrong = "not-the-desk-token-42";
    A2aRemoteAgent remote =
        A2aRemoteAgent.builder(server.url()).auth(A2aAuth.bearer(wrong)).build();

    try (Team team = team(remote)) {
      Throwable thrown = catchThrowable(() -> team.run("bridge"));

      assertThat(thrown).isInstanceOf(TeamRunException.class);
      assertThat(thrown.getCause())
          .isInstanceOf(A2aException.class)
          .hasMessageContaining("remote agent 'archivist' at " + server.url())
          .hasMessageContaining("401")
          .hasMessageNotContaining(wrong);
    }
  }

  @Test
  void pollingAlsoWorksAgainstCadresServer() {
    A2aRemoteAgent remote =
        A2aRemoteAgent.builder(server.url()).auth(A2aAuth.bearer(TOKEN)).streaming(false).build();

    try (Team team = team(remote)) {
      assertThat(remote.streams()).isFalse();
      assertThat(team.run("bridge").lastMessage().content()).isEqualTo("Record 1907");
    }
  }

  @Test
  void structuredOutputCrossesAsADataPartAndComesBackStructured() throws Exception {
    JsonNode record = Json.object().put("year", 1907).put("event", "bridge opened");
    try (A2aServer extractor =
        A2aServer.builder("extractor")
            .agent(
                input ->
                    new ChatAgent() {
                      @Override
                      public String name() {
                        return "extractor";
                      }

                      @Override
                      public String description() {
                        return "Extracts records";
                      }

                      @Override
                      public AgentResponse onMessages(
                          List<? extends AgentMessage> messages,
                          CancellationToken cancellation,
                          Consumer<AgentEvent> listener) {
                        return new AgentResponse(
                            new AgentMessage.Structured("extractor", record),
                            List.of(),
                            Usage.ZERO,
                            record);
                      }

                      @Override
                      public void reset() {}
                    })
            .start()) {
      A2aRemoteAgent remote = A2aRemoteAgent.connect(extractor.url());

      AgentResponse response =
          remote.onMessages(
              List.of(AgentMessage.user("the bridge")), CancellationToken.none(), event -> {});

      assertThat(response.message()).isEqualTo(new AgentMessage.Structured("extractor", record));
      assertThat(response.value(JsonNode.class)).isEqualTo(record);
    }
  }
}
