package dev.cadre.code;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.ApprovalDecision;
import dev.cadre.agent.ApprovalRequest;
import dev.cadre.agent.HumanInput;
import dev.cadre.agent.ToolApprover;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.IdGenerator;
import dev.cadre.core.Json;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolSpec;

/**
 * Decides whether code may run, before it runs: a person, a function, a reviewing model. A refused
 * request is not run; the reason goes back to the model. An exception it throws refuses the code.
 */
@FunctionalInterface
public interface CodeApprover {

  /** Whether the blocks of {@code request} may run. */
  ApprovalDecision approve(CodeApprovalRequest request, CancellationToken cancellation)
      throws Exception;

  /**
   * Asks a person through {@code input}, showing the code, as a tool call's approval is asked
   * ({@link ToolApprover#askPerson}): an answer in {@link ToolApprover#YES} approves; any other
   * refuses, the answer being the reason.
   */
  static CodeApprover askPerson(HumanInput input) {
    return askPerson(input, IdGenerator.RANDOM);
  }

  /** Like {@link #askPerson(HumanInput)}, the questions' ids taken from {@code questionIds}. */
  static CodeApprover askPerson(HumanInput input, IdGenerator questionIds) {
    ToolApprover person = ToolApprover.askPerson(input, questionIds);
    return (request, cancellation) -> {
      ObjectNode arguments = Json.mapper().createObjectNode().put("code", request.code());
      ToolCall call = new ToolCall("code", RunCodeTool.NAME, arguments.toString());
      ToolSpec spec =
          new ToolSpec(
              RunCodeTool.NAME,
              "runs code",
              Json.mapper().createObjectNode().put("type", "object"));
      return person.approve(new ApprovalRequest(request.agent(), call, spec), cancellation);
    };
  }

  /** Approves everything: for tests, and to say in code that nobody reviews. */
  static CodeApprover approveAll() {
    return (request, cancellation) -> ApprovalDecision.approve();
  }
}
