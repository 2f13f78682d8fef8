package dev.cadre.test;

import dev.cadre.team.TaskResult;

/**
 * Judges a team's result for one evaluation case. {@link Scorers} makes the usual ones. A scorer
 * that throws fails the case, with the exception as the reason; it never stops the evaluation.
 */
@FunctionalInterface
public interface Scorer {

  /** Scores {@code result}, the team's run on {@code evalCase}'s task. */
  Score score(EvalCase evalCase, TaskResult result);
}
