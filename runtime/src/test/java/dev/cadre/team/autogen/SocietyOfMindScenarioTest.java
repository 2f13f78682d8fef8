package dev.cadre.team.autogen;

import static dev.cadre.team.autogen.AutoGenFixtures.agent;
import static dev.cadre.team.autogen.AutoGenFixtures.echo;
import static dev.cadre.team.autogen.AutoGenFixtures.lines;
import static dev.cadre.team.autogen.AutoGenFixtures.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.agent.AgentResponse;
import dev.cadre.agent.ChatAgent;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.team.SocietyOfMindAgent;
import dev.cadre.team.TaskResult;
import dev.cadre.team.Team;
import dev.cadre.team.Terminations;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** AutoGen's society-of-mind agent: one answer from its model, its team's chat shown alongside. */
@Timeout(30)
class SocietyOfMindScenarioTest extends TeamScenario {




  private static AgentResponse ask(ChatAgent agent, AgentMessage... messages) {
    return agent.onMessages(List.of(messages), CancellationToken.none(), event -> {});
  }

  @Test // AutoGen test_society_of_mind_agent_no_response
  void itSaysNoResponseWhenItsTeamSaidNothing() {
    Team inner = roundRobin("inner", Terminations.maxMessages(1), 10, echo("a1"), echo("a2"));
    ReplayChatModel model = ReplayChatModel.ofTexts();
    SocietyOfMindAgent som =
        SocietyOfMindAgent.builder("society_of_mind").team(inner).model(model).build();

    AgentResponse response = ask(som, AgentMessage.user("Count to 10."));

    assertThat(response.message())
        .isEqualTo(new AgentMessage.Text("society_of_mind", "No response."));
    assertThat(model.requests()).isEmpty();
  }

  @Test // AutoGen: in a team, the inner chat is in the stream and the result, not the thread
  void inATeamItShowsItsInnerChatButOnlyItsAnswerJoinsTheConversation() {
    Team inner =
        roundRobin(
            "inner",
            Terminations.maxMessages(3),
            10,
            agent("w1", ReplayChatModel.ofTexts("1")),
            agent("w2", ReplayChatModel.ofTexts("x")));
    ReplayChatModel somModel = ReplayChatModel.ofTexts("Final");
    AutoGenFixtures.Echo echo = echo("echo");
    Team outer =
        roundRobin(
            "outer",
            null,
            2,
            SocietyOfMindAgent.builder("som").team(inner).model(somModel).build(),
            echo);

    TaskResult result = outer.run("Count");

    assertThat(lines(result)).containsExactly("user: Count", "som: Final", "echo: Count");
    assertThat(timeline(result))
        .containsExactly(
            "msg user: Count", "inner w1: 1", "inner w2: x", "msg som: Final", "msg echo: Count");
    assertThat(somModel.lastRequest().messages())
        .containsExactly(
            ChatMessage.system(SocietyOfMindAgent.DEFAULT_INSTRUCTION),
            new ChatMessage.User("1", "w1"),
            new ChatMessage.User("x", "w2"),
            ChatMessage.system(SocietyOfMindAgent.DEFAULT_RESPONSE_PROMPT));
    assertThat(echo.received)
        .containsExactly(
            List.of(AgentMessage.user("Count"), new AgentMessage.Text("som", "Final")));
  }

  @Test // AutoGen test_society_of_mind_agent_multiple_rounds / _empty_messges
  void itResetsItsTeamAfterEachAnswerAndHandsItTheEarlierMessages() {
    ReplayChatModel worker = ReplayChatModel.ofTexts("1", "2");
    Team inner = roundRobin("inner", Terminations.maxMessages(2), 10, agent("w1", worker));
    ReplayChatModel somModel = ReplayChatModel.ofTexts("A1", "A2");
    SocietyOfMindAgent som =
        SocietyOfMindAgent.builder("society_of_mind").team(inner).model(somModel).build();

    AgentResponse first = ask(som, AgentMessage.user("Count to 10."));
    AgentResponse second = ask(som);

    assertThat(first.message().content()).isEqualTo("A1");
    assertThat(second.message().content()).isEqualTo("A2");
    // The team was reset: w1 starts afresh, with the earlier input handed over as a handoff.
    assertThat(worker.lastRequest().messages())
        .containsExactly(
            ChatMessage.user("Count to 10."),
            new ChatMessage.User(SocietyOfMindAgent.PREVIOUS_MESSAGES, "society_of_mind"));
    assertThat(somModel.lastRequest().messages())
        .containsExactly(
            ChatMessage.system(SocietyOfMindAgent.DEFAULT_INSTRUCTION),
            new ChatMessage.User("2", "w1"),
            ChatMessage.system(SocietyOfMindAgent.DEFAULT_RESPONSE_PROMPT));
    assertThat(second.events())
        .filteredOn(AgentEvent.InnerMessage.class::isInstance)
        .containsExactly(
            new AgentEvent.InnerMessage("society_of_mind", new AgentMessage.Text("w1", "2")));
  }

  @Test // AutoGen SocietyOfMindAgentState: the team's state, and here the earlier messages too
  void itsStateHoldsItsTeamAndTheEarlierMessages() {
    SocietyOfMindAgent original = society(ReplayChatModel.ofTexts("1"), "A1");
    ask(original, AgentMessage.user("Count to 10."));
    JsonNode state = original.saveState();

    SocietyOfMindAgent loaded = society(ReplayChatModel.ofTexts("2"), "A2");
    loaded.loadState(state);

    assertThat(loaded.saveState()).isEqualTo(state);
    assertThat(state.get("previous").get(0).get("content").asText()).isEqualTo("Count to 10.");
  }

  private SocietyOfMindAgent society(ReplayChatModel worker, String answer) {
    Team inner = roundRobin("inner", Terminations.maxMessages(2), 10, agent("w1", worker));
    return SocietyOfMindAgent.builder("society_of_mind")
        .team(inner)
        .model(ReplayChatModel.ofTexts(answer))
        .build();
  }
}
