package dev.cadre.tool;

import java.time.Duration;
import java.util.Objects;

/**
 * A tool an agent can offer its model: the spec the model sees, and the function that runs.
 *
 * @param spec name, description and argument schema
 * @param function what runs when the model calls the tool
 * @param timeout how long one call may take before the model is told it timed out
 */
public record Tool(ToolSpec spec, ToolFunction function, Duration timeout) {

  /** How long a tool may run when no timeout is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  public Tool {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(function, "function of tool '" + spec.name() + "'");
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout of tool '" + spec.name() + "' must be positive");
    }
  }

  public static Tool of(ToolSpec spec, ToolFunction function) {
    return new Tool(spec, function, DEFAULT_TIMEOUT);
  }

  public String name() {
    return spec.name();
  }

  /** This tool with another timeout. */
  public Tool withTimeout(Duration timeout) {
    return new Tool(spec, function, timeout);
  }
}
