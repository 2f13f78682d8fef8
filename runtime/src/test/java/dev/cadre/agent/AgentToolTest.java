package dev.cadre.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.WatchedModel;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.core.Json;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.RoundRobin;
import dev.cadre.team.Team;
import dev.cadre.team.TeamSpec;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolContext;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AgentToolTest {

  private static AssistantAgent agent(String name, String description, ReplayChatModel model) {
    return AssistantAgent.builder(name)
        .description(description)
        .systemMessage(null)
        .model(model)
        .build();
  }

  private static ObjectNode task(String task) {
    ObjectNode arguments = Json.object();
    arguments.put("task", task);
    return arguments;
  }

  private static String call(Tool tool, String task) throws Exception {
    return (String)
        tool.function().call(task(task), new ToolContext("call", CancellationToken.none()));
  }

  @Test
  void theManagerDelegatesATaskAndGetsTheAnswerAsTheToolResult() {
    ReplayChatModel researcherModel = ReplayChatModel.ofTexts("Paris has 2.1 million people.");
    AssistantAgent researcher = agent("researcher", "Finds facts on the web", researcherModel);
    ReplayChatModel managerModel =
        ReplayChatModel.builder()
            .toolCall("researcher", "{\"task\":\"How many people live in Paris?\"}")
            .text("About 2.1 million.")
            .build();
    AssistantAgent manager =
        AssistantAgent.builder("manager")
            .systemMessage(null)
            .model(managerModel)
            .tool(AgentTool.of(researcher))
            .build();

    AgentResponse answer = manager.run("What is the population of Paris?");

    assertThat(answer.text()).isEqualTo("About 2.1 million.");
    ToolSpec offered = managerModel.requests().get(0).tools().get(0);
    assertThat(offered.name()).isEqualTo("researcher");
    assertThat(offered.description()).isEqualTo("Finds facts on the web");
    assertThat(offered.parameters().path("properties").path("task").path("type").asText())
        .isEqualTo("string");
    assertThat(offered.parameters().path("required").toString()).isEqualTo("[\"task\"]");
    assertThat(researcherModel.requests()).hasSize(1);
    assertThat(researcherModel.lastRequest().messages())
        .containsExactly(ChatMessage.user("How many people live in Paris?"));
    assertThat(managerModel.lastRequest().messages())
        .contains(
            new ChatMessage.ToolResults(
                List.of(
                    new ToolResult(
                        "call_1", "researcher", "Paris has 2.1 million people.", false))));
  }

  @Test
  void eachCallIsAFreshTaskByDefault() throws Exception {
    ReplayChatModel model = ReplayChatModel.ofTexts("one", "two");
    Tool tool = AgentTool.of(agent("researcher", "Finds facts", model));

    assertThat(call(tool, "first")).isEqualTo("one");
    assertThat(call(tool, "second")).isEqualTo("two");

    assertThat(model.lastRequest().messages()).containsExactly(ChatMessage.user("second"));
  }

  @Test
  void anAgentThatIsNotResetRemembersEarlierCalls() throws Exception {
    ReplayChatModel model = ReplayChatModel.ofTexts("one", "two");
    Tool tool = AgentTool.of(agent("researcher", "Finds facts", model), false);

    call(tool, "first");
    call(tool, "second");

    assertThat(model.lastRequest().messages())
        .containsExactly(
            ChatMessage.user("first"),
            new ChatMessage.Assistant("one", List.of(), "researcher"),
            ChatMessage.user("second"));
  }

  @Test
  void aTeamIsOfferedAsAToolAndAnswersWithItsLastMessage() {
    ReplayChatModel copyeditorModel = ReplayChatModel.ofTexts("fixed commas");
    try (Team editors =
        new Team(
            new TeamSpec(
                "editors",
                "Edits drafts",
                List.of(
                    agent("copyeditor", "Fixes style", copyeditorModel),
                    agent("factchecker", "Checks facts", ReplayChatModel.ofTexts("facts ok"))),
                new RoundRobin(),
                null,
                2,
                null))) {
      ReplayChatModel managerModel =
          ReplayChatModel.builder()
              .toolCall("editors", "{\"task\":\"Edit: the sky is green\"}")
              .text("Edited.")
              .build();
      AssistantAgent manager =
          AssistantAgent.builder("manager")
              .systemMessage(null)
              .model(managerModel)
              .tool(AgentTool.of(editors))
              .build();

      manager.run("Get my draft edited");

      assertThat(managerModel.requests().get(0).tools().get(0).description())
          .isEqualTo("Edits drafts");
      assertThat(copyeditorModel.lastRequest().messages())
          .containsExactly(ChatMessage.user("Edit: the sky is green"));
      assertThat(managerModel.lastRequest().messages())
          .contains(
              new ChatMessage.ToolResults(
                  List.of(new ToolResult("call_1", "editors", "facts ok", false))));
    }
  }

  @Test
  void anAgentWithoutADescriptionIsRejectedByName() {
    AssistantAgent silent =
        AssistantAgent.builder("researcher").model(ReplayChatModel.ofTexts()).build();

    assertThatThrownBy(() -> AgentTool.of(silent))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agent 'researcher'")
        .hasMessageContaining("description");
    AssistantAgent blank =
        AssistantAgent.builder("writer").description("  ").model(ReplayChatModel.ofTexts()).build();
    assertThatThrownBy(() -> AgentTool.of(blank)).hasMessageContaining("agent 'writer'");
  }

  @Test
  void cancellingTheCallerCancelsTheInnerAgentsModelCall() throws Exception {
    WatchedModel researcherModel =
        new WatchedModel(
            ReplayChatModel.builder().text("too late").delayed(Duration.ofMinutes(5)).build());
    AssistantAgent researcher =
        AssistantAgent.builder("researcher")
            .description("Finds facts")
            .model(researcherModel)
            .build();
    AssistantAgent manager =
        AssistantAgent.builder("manager")
            .model(
                ReplayChatModel.builder()
                    .toolCall("researcher", "{\"task\":\"Dig deep\"}")
                    .text("unused")
                    .build())
            .tool(AgentTool.of(researcher))
            .build();
    CancellationToken token = new CancellationToken();

    CompletableFuture<AgentResponse> run =
        CompletableFuture.supplyAsync(
            () -> manager.onMessages(List.of(AgentMessage.user("Go")), token, event -> {}));
    assertThat(researcherModel.started.await(10, TimeUnit.SECONDS)).isTrue();
    token.cancel();

    assertThat(researcherModel.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(CancelledException.class);
  }
}
