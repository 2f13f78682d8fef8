package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.CancellationToken;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A team pattern: who speaks next. Round robin, a model's choice, handoffs and graphs are each one
 * of these; the team does the rest (delivering messages, running the speakers, termination).
 *
 * <p>A selector may keep state across turns (whose turn it is, which graph nodes are done); the
 * team calls {@link #reset()} when it is reset. The team calls it on its manager's thread, one call
 * at a time; the {@link Conversation} it passes is immutable and never changes, so a selector may
 * keep it.
 */
public interface SpeakerSelector {

  /**
   * Chooses the next speakers.
   *
   * @param events where to report problems choosing ({@link TeamEvent.SelectionProblem})
   * @return the names of the participants to run next, all at once when more than one; empty when
   *     no one is left to speak, which ends the run
   */
  List<String> next(
      Conversation conversation, CancellationToken cancellation, Consumer<TeamEvent> events);

  /**
   * Chooses the next speakers, and says what the selector itself adds to the conversation first:
   * an orchestrator's plan and instructions, or its final answer. The team adds {@link
   * Selection#said()} to the conversation (every participant is handed it, as it is handed the
   * task) before the speakers speak. Calls {@link #next} by default, saying nothing.
   *
   * @param events where to report problems choosing and the selector's own progress
   */
  default Selection choose(
      Conversation conversation, CancellationToken cancellation, Consumer<TeamEvent> events) {
    return new Selection(next(conversation, cancellation, events), List.of(), null);
  }

  /**
   * What a selector chose in {@link #choose}.
   *
   * @param speakers who speaks next; empty ends the run
   * @param said messages the selector adds to the conversation before they speak, in order
   * @param stop why the run is complete, when {@code speakers} is empty; null for {@link
   *     StopReason#NO_SPEAKER}
   */
  record Selection(List<String> speakers, List<AgentMessage> said, String stop) {
    /** Copies the components. */
    public Selection {
      speakers = List.copyOf(speakers);
      said = List.copyOf(said);
    }
  }

  /**
   * Checks, before a run's task joins the conversation, that the run can go on from where the
   * conversation is: throw to refuse the run, which then changes nothing (AutoGen's {@code
   * validate_group_state}). A swarm refuses to continue after a handoff to someone outside the
   * team unless the task hands the conversation to a participant. Accepts by default.
   *
   * @param conversation the conversation as it is, before the task
   * @param task the run's task messages; empty when the run continues without a task
   * @throws IllegalStateException saying why the run cannot start and what to do instead
   */
  default void checkStart(Conversation conversation, List<AgentMessage> task) {}

  /**
   * Called after each completed turn, before the termination condition is checked, with the turn
   * as {@link Conversation#lastSpeakers()} and {@link Conversation#lastTurn()}: a reason the run is
   * complete, which ends it whatever the condition would say, or empty to go on. A graph says here
   * that no node is left to run. Empty by default.
   */
  default Optional<String> afterTurn(Conversation conversation) {
    return Optional.empty();
  }

  /** Forgets the conversation's state. */
  default void reset() {}

  /**
   * The selector's own state (not the conversation's: the team saves that), as a state document of
   * kind {@code selector} that {@link #loadState} takes back. A stateless selector returns {@link
   * #stateDocument(String) stateDocument(type)}. The built-in selectors implement it; a team saves
   * its selector's state with its own.
   *
   * @throws UnsupportedOperationException unless the selector overrides it
   */
  default JsonNode saveState() {
    throw new UnsupportedOperationException(
        "speaker selector "
            + this
            + " ("
            + getClass().getName()
            + ") cannot save its state: implement SpeakerSelector.saveState and loadState");
  }

  /**
   * Replaces the selector's state with a document {@link #saveState} wrote. Checks the whole
   * document first: when it is rejected, nothing has changed. A stateless selector checks it with
   * {@link #openState(JsonNode, String)}.
   *
   * @throws StateException naming what is wrong with the document
   * @throws UnsupportedOperationException unless the selector overrides it
   */
  default void loadState(JsonNode state) {
    throw new UnsupportedOperationException(
        "speaker selector "
            + this
            + " ("
            + getClass().getName()
            + ") cannot load state: implement SpeakerSelector.saveState and loadState");
  }

  /** A new selector state document: {@code {"format": 1, "kind": "selector", "selector": type}}. */
  static ObjectNode stateDocument(String type) {
    ObjectNode document = State.document(KIND);
    document.put("selector", type);
    return document;
  }

  /**
   * Checks a selector state document's envelope and that it was saved by a selector of {@code
   * type}.
   *
   * @throws StateException naming what is wrong
   */
  static ObjectNode openState(JsonNode state, String type) {
    ObjectNode document = State.open(state, KIND);
    String found = State.text(document, "selector");
    if (!found.equals(type)) {
      throw new StateException(
          "selector",
          "the state is of a \""
              + found
              + "\" selector and cannot be loaded into a \""
              + type
              + "\" one; load it into a team of the same pattern");
    }
    return document;
  }

  /** The kind of selector state documents. */
  String KIND = "selector";
}
