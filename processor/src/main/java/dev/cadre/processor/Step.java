package dev.cadre.processor;

import java.util.Set;
import javax.lang.model.element.Element;

/**
 * One kind of annotated type, taken from model to validation to generated code. The processor
 * hands each step the elements carrying its annotation, every round.
 */
public interface Step {

  /** The qualified names of the annotations this step processes. */
  Set<String> annotations();

  /**
   * Processes the elements annotated with this step's annotations in this round, and the ones it
   * deferred before. A deferred element comes back as the type that encloses it, so a step whose
   * annotation sits on methods must accept their types too.
   *
   * @return elements that refer to types not yet generated (by another processor); they come back
   *     in the next round; those still waiting when processing ends are left to javac, which
   *     reports the missing type where it is written
   */
  Set<Element> process(Set<? extends Element> elements);

  /**
   * Called once when processing is over, after the last round: for what sums up every round, such
   * as a {@code META-INF/services} file.
   */
  default void finish() {}
}
