package dev.cadre.state;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Something whose state can be saved as a state document and put back later. A team's durable
 * runs keep such a thing's state with every snapshot when it is registered with {@link
 * dev.cadre.team.Team#keepWithRuns}: what a resumed run must find as it was at the snapshot though
 * no agent holds it, such as the position of a scripted model ({@link
 * dev.cadre.model.replay.ReplayChatModel}).
 */
public interface Stateful {

  /**
   * Its state now, as a state document ({@link State#document}). Called between a run's turns,
   * when nothing else is using it.
   */
  JsonNode saveState();

  /**
   * Puts back a state that {@link #saveState} returned. The whole document is checked first, so a
   * rejected one leaves this as it was.
   *
   * @throws StateException naming what is wrong with the document
   */
  void loadState(JsonNode state);
}
