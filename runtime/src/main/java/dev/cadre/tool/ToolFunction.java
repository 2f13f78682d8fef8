package dev.cadre.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of a tool: JSON arguments in, a result out. Generated tool bindings and the DSL both
 * implement it.
 *
 * <p>The arguments have already been checked against the tool's schema (required fields present,
 * JSON types right). A {@link String} result goes to the model as it is; any other result is
 * written as JSON; {@code null} becomes an empty result. An exception becomes an error result the
 * model can read; it never ends the run.
 */
@FunctionalInterface
public interface ToolFunction {

  /** Runs the tool with the model's arguments; what it returns is the result the model reads. */
  Object call(ObjectNode arguments, ToolContext context) throws Exception;
}
