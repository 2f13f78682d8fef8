package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The common shape of the built-in conditions: remembers the reason once fired and keeps
 * returning it until reset. Synchronized because a team may check and reset from different
 * threads between runs. Also what every built-in condition's state document and description are
 * made of.
 */
abstract class BuiltInCondition implements TerminationCondition {

  private static final String KIND = "termination";

  private String fired;

  @Override
  public final synchronized Optional<String> check(
      List<AgentMessage> messages, List<AgentEvent> events) {
    Terminations.requireInputs(messages, events);
    if (fired == null) {
      fired = evaluate(messages, events);
    }
    return Optional.ofNullable(fired);
  }

  @Override
  public final synchronized void reset() {
    fired = null;
    clear();
  }

  @Override
  public final synchronized boolean terminated() {
    return fired != null;
  }

  /** Returns the reason to stop, or null to go on. Runs only while not yet fired. */
  abstract String evaluate(List<AgentMessage> messages, List<AgentEvent> events);

  /** Forgets the run's state beyond the fired reason. */
  void clear() {}

  @Override
  public final synchronized JsonNode saveState() {
    ObjectNode state = document(this);
    putFired(state, fired);
    saveFields(state);
    return state;
  }

  @Override
  public final void loadState(JsonNode state) {
    prepare(state).run();
  }

  /**
   * Checks {@code state} through and returns what loads it, so a composite can check all its
   * parts before it changes any.
   */
  final Runnable prepare(JsonNode state) {
    ObjectNode document = open(state, this);
    String reason = State.optionalText(document, "fired");
    Runnable fields = prepareFields(document);
    return () -> {
      synchronized (this) {
        fired = reason;
        fields.run();
      }
    };
  }

  /** Adds the run's state beyond the fired reason. */
  void saveFields(ObjectNode state) {}

  /** Checks the fields {@link #saveFields} wrote and returns what loads them. */
  Runnable prepareFields(ObjectNode state) {
    return () -> {};
  }

  /** A new state document of {@code condition}, which names it by its description. */
  static ObjectNode document(TerminationCondition condition) {
    ObjectNode state = State.document(KIND);
    // The description identifies the condition, so state loads only into an equal one.
    state.put("condition", condition.toString());
    return state;
  }

  /** Records the reason a condition fired, unless it has not. */
  static void putFired(ObjectNode state, String fired) {
    if (fired != null) {
      state.put("fired", fired);
    }
  }

  /**
   * Checks a condition's state document and that it was saved by a condition described as {@code
   * into} is.
   *
   * @throws StateException naming what is wrong
   */
  static ObjectNode open(JsonNode state, TerminationCondition into) {
    ObjectNode document = State.open(state, KIND);
    String condition = State.text(document, "condition");
    if (!condition.equals(into.toString())) {
      throw new StateException(
          "condition",
          "the state is of the condition "
              + condition
              + " and cannot be loaded into "
              + into
              + "; load it into a team whose termination condition is the same");
    }
    return document;
  }

  /**
   * A text in double quotes, a quote or backslash in it escaped with a backslash, so a spec's
   * termination reads any text back (a {@code textMention} of {@code "recommendation"} with its
   * quotes, for one).
   */
  static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  static String quoteAll(List<String> values) {
    return values.stream().map(BuiltInCondition::quote).collect(Collectors.joining(", "));
  }
}
