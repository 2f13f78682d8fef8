package dev.cadre.team;

import dev.cadre.core.CancellationToken;
import java.util.List;
import java.util.function.Consumer;

/** Participants speak in their declared order, one a turn, round and round. */
public final class RoundRobin implements SpeakerSelector {

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

  @Override
  public String toString() {
    return "round robin";
  }
}
