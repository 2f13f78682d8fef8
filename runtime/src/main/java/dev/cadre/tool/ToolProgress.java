package dev.cadre.tool;

import java.util.Objects;

/**
 * How far a running tool call has got, as the tool reports it through {@link
 * ToolContext#progress(double, Double, String)} (an MCP server's {@code notifications/progress}).
 *
 * @param callId the model's id for the call
 * @param progress how much is done, growing with each report
 * @param total how much there is to do, or null when unknown
 * @param message what it is doing, or null
 */
public record ToolProgress(String callId, double progress, Double total, String message) {
  /** Checks the components. */
  public ToolProgress {
    Objects.requireNonNull(callId, "callId");
  }
}
