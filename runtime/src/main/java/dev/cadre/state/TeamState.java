package dev.cadre.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentMessage;
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
 * @param seen per participant, how many transcript messages it has been handed so far
 * @param lastSpeakers who spoke in the last turn, in the order they were chosen
 * @param lastTurn what the last turn added (or the last task)
 * @param selector the speaker selector's document
 * @param termination the termination condition's document, or null for a team without one
 * @param participants each participant's document, by name, in the team's order
 */
public record TeamState(
    String name,
    List<AgentMessage> messages,
    Map<String, Integer> seen,
    List<String> lastSpeakers,
    List<AgentMessage> lastTurn,
    JsonNode selector,
    JsonNode termination,
    Map<String, JsonNode> participants) {

  public static final String KIND = "team";

  public TeamState {
    State.require(name, "name");
    messages = List.copyOf(State.require(messages, "messages"));
    seen = Collections.unmodifiableMap(new LinkedHashMap<>(State.require(seen, "seen")));
    lastSpeakers = List.copyOf(State.require(lastSpeakers, "lastSpeakers"));
    lastTurn = List.copyOf(State.require(lastTurn, "lastTurn"));
    State.require(selector, "selector");
    participants =
        Collections.unmodifiableMap(new LinkedHashMap<>(State.require(participants, "participants")));
  }
}
