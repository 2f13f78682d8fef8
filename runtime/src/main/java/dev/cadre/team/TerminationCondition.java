package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentEvent;
import dev.cadre.agent.AgentMessage;
import java.util.List;
import java.util.Optional;

/**
 * Decides when a team's run stops. A team checks its condition first with the task messages, then
 * after every turn with what that turn added, and stops as soon as the condition fires.
 *
 * <p>Conditions keep state (a count, a start time, which parts of an {@code and} have fired) and
 * are {@link #reset()} by the team when a run stops on them, on its maximum of turns or at the end
 * of a graph, as AutoGen resets them, so one instance serves many runs. A run that fails or is
 * cancelled leaves them as they were, and the run that continues the conversation counts on. They
 * compose with {@link #and} and {@link #or}.
 */
public interface TerminationCondition {

  /**
   * Looks at what happened since the last check.
   *
   * @param messages the chat messages added (the task, or the turn's answers)
   * @param events the agents' inner events of the turn (tool calls and results, usage, chunks)
   * @return why the run should stop, or empty to go on
   */
  Optional<String> check(List<AgentMessage> messages, List<AgentEvent> events);

  /** Forgets everything seen, ready for a new run. */
  void reset();

  /**
   * Whether the condition has fired and not been reset since. A team whose condition has fired
   * before a run starts stops at once ({@link StopReason#ALREADY_TERMINATED}). The default says
   * no: a condition written by hand need not track it.
   */
  default boolean terminated() {
    return false;
  }

  /**
   * What the condition has seen in the current run (counts, start time, which parts fired), as a
   * state document of kind {@code termination} that {@link #loadState} takes back. The built-in
   * conditions implement it; a team saves its condition's state with its own.
   *
   * @throws UnsupportedOperationException unless the condition overrides it
   */
  default JsonNode saveState() {
    throw new UnsupportedOperationException(
        "termination condition "
            + this
            + " ("
            + getClass().getName()
            + ") cannot save its state: implement TerminationCondition.saveState and loadState");
  }

  /**
   * Replaces what the condition has seen with a document {@link #saveState} wrote for an equal
   * condition. Checks the whole document first: when it is rejected, nothing has changed.
   *
   * @throws dev.cadre.state.StateException naming what is wrong with the document
   * @throws UnsupportedOperationException unless the condition overrides it
   */
  default void loadState(JsonNode state) {
    throw new UnsupportedOperationException(
        "termination condition "
            + this
            + " ("
            + getClass().getName()
            + ") cannot load state: implement TerminationCondition.saveState and loadState");
  }

  /** Fires once both this and {@code other} have fired, each at some point in the run. */
  default TerminationCondition and(TerminationCondition other) {
    return Terminations.and(this, other);
  }

  /** Fires as soon as this or {@code other} fires. */
  default TerminationCondition or(TerminationCondition other) {
    return Terminations.or(this, other);
  }
}
