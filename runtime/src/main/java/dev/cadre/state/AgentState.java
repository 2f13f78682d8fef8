package dev.cadre.state;

import dev.cadre.model.ChatMessage;
import java.util.List;

/**
 * What an {@link dev.cadre.agent.AssistantAgent} remembers, as saved in a document of kind {@code
 * agent}: its whole model-context history (not only the trimmed view a model call sees).
 *
 * @param name the agent's name; state loads only into an agent of the same name
 * @param history the conversation as the agent's model has seen it, oldest first
 */
public record AgentState(String name, List<ChatMessage> history) {

  public static final String KIND = "agent";

  public AgentState {
    State.require(name, "name");
    history = List.copyOf(State.require(history, "history"));
  }
}
