package dev.cadre.team;

import dev.cadre.agent.AgentMessage;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link SpeakerSelector} sees when it chooses: who takes part, everything said so far, and
 * the last turn.
 *
 * <p>Every list is immutable and stays as it was when the selector was called: a selector (or a
 * function it calls, such as {@link ModelSelector.Builder#selectorFunction}) may keep a
 * conversation, or any of its lists, and read it later, on any thread. A team does not copy its
 * transcript for each turn to give this guarantee: it shares the part said so far, which never
 * changes once said, so handing a conversation to the selector costs the same however long the
 * conversation has grown.
 *
 * @param participants the team's participants in their declared order
 * @param messages every chat message of the conversation, earlier runs included (until a reset)
 * @param lastSpeakers who spoke in the last turn; empty before the first turn
 * @param lastTurn the messages of the last turn (the task, before the first turn)
 */
public record Conversation(
    List<Participant> participants,
    List<AgentMessage> messages,
    List<String> lastSpeakers,
    List<AgentMessage> lastTurn) {

  /** Copies the components. */
  public Conversation {
    participants = List.copyOf(participants);
    messages = SharedMessages.immutable(messages);
    lastSpeakers = List.copyOf(lastSpeakers);
    lastTurn = SharedMessages.immutable(lastTurn);
  }

  /** The participant called {@code name}, or null. */
  public Participant participant(String name) {
    for (Participant participant : participants) {
      if (participant.name().equals(name)) {
        return participant;
      }
    }
    return null;
  }

  /** Whether this is the first turn of the conversation. */
  public boolean firstTurn() {
    return lastSpeakers.isEmpty();
  }

  /**
   * A participant as a selector knows it.
   *
   * @param name its name
   * @param description what it is good at
   */
  public record Participant(String name, String description) {
    /** Checks the name; no description is an empty one. */
    public Participant {
      Objects.requireNonNull(name, "name");
      description = description == null ? "" : description;
    }
  }
}
