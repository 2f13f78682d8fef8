package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.state.State;
import java.util.List;
import java.util.function.Consumer;

/** Participants speak in their declared order, one a turn, round and round. */
public final class RoundRobin implements SpeakerSelector {

  private static final String TYPE = "roundRobin";

  private int next;

  @Override
  public synchronized List<String> next(
      Conversation conversation, CancellationToken cancellation, Consumer<TeamEvent> events) {
    List<Conversation.Participant> participants = conversation.participants();
    String speaker = participants.get(next % participants.size()).name();
    next = (next + 1) % participants.size();
    return List.of(speaker);
  }

  @Override
  public synchronized void reset() {
    next = 0;
  }

  /** Saves whose turn is next: {@code {"selector": "roundRobin", "next": 1}}. */
  @Override
  public synchronized JsonNode saveState() {
    ObjectNode state = SpeakerSelector.stateDocument(TYPE);
    state.put("next", next);
    return state;
  }

  @Override
  public void loadState(JsonNode state) {
    int saved = State.integer(SpeakerSelector.openState(state, TYPE), "next", 0);
    synchronized (this) {
      next = saved;
    }
  }

  @Override
  public String toString() {
    return "round robin";
  }
}
