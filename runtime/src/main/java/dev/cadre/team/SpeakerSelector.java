package dev.cadre.team;

import dev.cadre.core.CancellationToken;
import java.util.List;
import java.util.function.Consumer;

/**
 * A team pattern: who speaks next. Round robin, a model's choice, handoffs and graphs are each one
 * of these; the team does the rest (delivering messages, running the speakers, termination).
 *
 * <p>A selector may keep state across turns (whose turn it is, which graph nodes are done); the
 * team calls {@link #reset()} when it is reset.
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

  /** Forgets the conversation's state. */
  default void reset() {}
}
