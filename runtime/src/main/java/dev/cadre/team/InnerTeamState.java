package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.state.State;
import dev.cadre.state.StateException;

/**
 * The state document of an agent that thinks with a team of its own ({@link NestedChatAgent},
 * {@link SocietyOfMindAgent}): its kind, the agent's name, and its team's state under {@code team}.
 */
final class InnerTeamState {

  private InnerTeamState() {}

  /** A document of {@code kind} for the agent {@code name}, with {@code team}'s state. */
  static ObjectNode write(String kind, String name, Team team) {
    ObjectNode document = State.document(kind);
    document.put("name", name);
    document.set("team", team.saveState());
    return document;
  }

  /**
   * Checks a document {@link #write} wrote for the agent {@code name}, which {@code what} names in
   * errors ("nested chat"), and returns it; its team's state is its {@code team}.
   *
   * @throws StateException naming what is wrong
   */
  static ObjectNode open(JsonNode state, String kind, String what, String name) {
    ObjectNode document = State.open(state, kind);
    String saved = State.text(document, "name");
    if (!saved.equals(name)) {
      throw new StateException(
          "name",
          "the state is " + what + " '" + saved + "'s, and cannot be loaded into " + what + " '"
              + name + "'");
    }
    JsonNode team = document.get("team");
    if (team == null || !team.isObject()) {
      throw new StateException("team", "the " + what + "'s team state is missing");
    }
    return document;
  }
}
