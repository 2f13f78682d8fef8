package dev.cadre.state;

import dev.cadre.model.ChatMessage;
import java.util.List;

/**
 * What an {@link dev.cadre.agent.AssistantAgent} remembers, as saved in a document of kind {@code
 * agent}: its whole model-context history (not only the trimmed view a model call sees), and
 * which memories it recalls from. A memory keeps its own contents; the state refers to it by name,
 * so it loads only into an agent wired to the same memories.
 *
 * @param name the agent's name; state loads only into an agent of the same name
 * @param history the conversation as the agent's model has seen it, oldest first
 * @param memories the names of the agent's memories, in order; empty when it has none
 */
public record AgentState(String name, List<ChatMessage> history, List<String> memories) {

  /** The kind a saved agent state document declares. */
  public static final String KIND = "agent";

  /** Checks the name and copies the lists. */
  public AgentState {
    State.require(name, "name");
    history = List.copyOf(State.require(history, "history"));
    // Documents written before memories were recorded have none.
    memories = memories == null ? List.of() : List.copyOf(memories);
  }
}
