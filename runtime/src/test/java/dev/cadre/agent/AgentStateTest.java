package dev.cadre.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.model.replay.ReplayChatModel;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import org.junit.jupiter.api.Test;

/** An assistant's saved model context, loaded into a fresh agent, carries the conversation on. */
class AgentStateTest {

  private static AssistantAgent agent(String name, ReplayChatModel model) {
    return AssistantAgent.builder(name).systemMessage("Be brief.").model(model).build();
  }

  @Test
  void aFreshAgentContinuesWithTheSameModelRequests() {
    ReplayChatModel originalModel = ReplayChatModel.ofTexts("Paris", "About 2 million");
    AssistantAgent original = agent("guide", originalModel);
    original.run("Capital of France?");
    String saved = Json.write(original.saveState());
    original.run("Population?");

    ReplayChatModel freshModel = ReplayChatModel.ofTexts("About 2 million");
    AssistantAgent fresh = agent("guide", freshModel);
    fresh.loadState(State.parse(saved));
    AgentResponse answer = fresh.run("Population?");

    assertThat(answer.text()).isEqualTo("About 2 million");
    assertThat(freshModel.lastRequest()).isEqualTo(originalModel.lastRequest());
    assertThat(fresh.context().history()).isEqualTo(original.context().history());
  }

  @Test
  void badStateIsRejectedAndTheAgentKeepsItsConversation() {
    AssistantAgent agent = agent("guide", ReplayChatModel.ofTexts("Paris"));
    agent.run("Capital of France?");
    JsonNode before = agent.saveState();
    ObjectNode otherAgent = before.deepCopy();
    otherAgent.put("name", "clerk");
    ObjectNode newer = before.deepCopy();
    newer.put("format", 3);
    ObjectNode noHistory = before.deepCopy();
    noHistory.remove("history");

    assertThatThrownBy(() -> agent.loadState(otherAgent))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("agent 'clerk'")
        .hasMessageContaining("agent 'guide'");
    assertThatThrownBy(() -> agent.loadState(newer))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("at 'format': version 3 is not understood; this Cadre reads version 1")
        .hasMessageContaining("newer Cadre");
    assertThatThrownBy(() -> agent.loadState(noHistory))
        .isInstanceOfSatisfying(
            StateException.class, e -> assertThat(e.path()).isEqualTo("history"))
        .hasMessageContaining("missing");
    assertThat(agent.saveState()).isEqualTo(before);
  }

  @Test
  void stateRefersToTheAgentsMemoriesAndLoadsOnlyWhereTheyAre() {
    dev.cadre.memory.ListMemory notes = new dev.cadre.memory.ListMemory("notes");
    AssistantAgent withNotes =
        AssistantAgent.builder("guide")
            .model(ReplayChatModel.ofTexts("Paris"))
            .memory(notes)
            .build();
    withNotes.run("Capital of France?");
    JsonNode saved = withNotes.saveState();

    assertThat(saved.path("memories").toString()).isEqualTo("[\"notes\"]");
    AssistantAgent sameMemories =
        AssistantAgent.builder("guide").model(ReplayChatModel.ofTexts()).memory(notes).build();
    sameMemories.loadState(saved);
    assertThat(sameMemories.context().history()).isEqualTo(withNotes.context().history());

    AssistantAgent noMemories = agent("guide", ReplayChatModel.ofTexts());
    assertThatThrownBy(() -> noMemories.loadState(saved))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("[notes]")
        .hasMessageContaining("give it the same memories");
    assertThat(noMemories.context().history()).isEmpty();
  }
}
