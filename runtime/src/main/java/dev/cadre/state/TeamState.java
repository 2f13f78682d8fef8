package dev.cadre.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link dev.cadre.team.Team} remembers between runs, as saved in a document of kind {@code
 * team}: the manager's conversation, and the documents of its speaker selector, termination
 * condition and participants (each a state document of its own).
 *
 * @param name the team's name
 * @param messages the whole transcript, task messages included, oldest first
 * @param producers for each message of the transcript, the participant that said it (a team that
 *     took part for its inner participants' messages), or null for a task message
 * @param seen per participant, how many transcript messages it has been handed so far
 * @param lastSpeakers who spoke in the last turn, in the order they were chosen
 * @param lastTurn what the last turn added (or the last task)
 * @param turnsSinceStop the turns taken since a run last stopped on its termination condition or
 *     its maximum of turns (AutoGen's {@code current_turn}): the next run counts on from here
 * @param selector the speaker selector's document
 * @param termination the termination condition's document, or null for a team without one
 * @param participants each participant's document, by name, in the team's order
 */
public record TeamState(
    String name,
    List<AgentMessage> messages,
    List<String> producers,
    Map<String, Integer> seen,
    List<String> lastSpeakers,
    List<AgentMessage> lastTurn,
    int turnsSinceStop,
    JsonNode selector,
    JsonNode termination,
    Map<String, JsonNode> participants) {

  /** The kind a saved team state document declares. */
  public static final String KIND = "team";

  /** Checks the name and copies the collections. */
  public TeamState {
    State.require(name, "name");
    messages = List.copyOf(State.require(messages, "messages"));
    State.require(producers, "producers");
    if (producers.size() != messages.size()) {
      throw new StateException(
          "producers",
          "names "
              + producers.size()
              + " producers for the "
              + messages.size()
              + " messages; expected one per message (null for a task message)");
    }
    producers = Collections.unmodifiableList(new ArrayList<>(producers));
    if (turnsSinceStop < 0) {
      throw new StateException("turnsSinceStop", "cannot be negative, was " + turnsSinceStop);
    }
    seen = Collections.unmodifiableMap(new LinkedHashMap<>(State.require(seen, "seen")));
    lastSpeakers = List.copyOf(State.require(lastSpeakers, "lastSpeakers"));
    lastTurn = List.copyOf(State.require(lastTurn, "lastTurn"));
    State.require(selector, "selector");
    participants =
        Collections.unmodifiableMap(new LinkedHashMap<>(State.require(participants, "participants")));
  }
}
