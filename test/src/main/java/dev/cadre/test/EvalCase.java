package dev.cadre.test;

import java.util.Map;
import java.util.Objects;

/**
 * One case of an evaluation {@link Dataset}: a task for the system, what it should answer, and any
 * other fields of the line (for a predicate or a judge to read).
 *
 * @param id names the case in the table and the page; its line number when the dataset gives none
 * @param task what the team is asked
 * @param expected the expected answer, or null when scorers need none
 * @param fields the line's other fields, by name
 */
public record EvalCase(String id, String task, String expected, Map<String, String> fields) {

  public EvalCase {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(task, "task");
    fields = fields == null ? Map.of() : Map.copyOf(fields);
  }

  /** A case of a task and its expected answer. */
  public static EvalCase of(String id, String task, String expected) {
    return new EvalCase(id, task, expected, Map.of());
  }
}
