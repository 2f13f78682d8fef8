package dev.cadre.agent;

import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolSpec;
import java.util.Objects;

/**
 * A tool call waiting for approval.
 *
 * @param agent the agent whose model asked for the call
 * @param call the call, arguments as the model wrote them
 * @param spec the tool it calls
 */
public record ApprovalRequest(String agent, ToolCall call, ToolSpec spec) {
  /** Checks the components. */
  public ApprovalRequest {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(spec, "spec");
  }
}
