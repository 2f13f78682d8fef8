package dev.cadre.agent;

import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolExecutor;
import dev.cadre.tool.ToolProgress;
import dev.cadre.tool.ToolResult;
import dev.cadre.tool.ToolResultLog;
import dev.cadre.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@link AssistantAgent.Builder#toolApproval tool approval} of one agent: which of its calls
 * must be approved, putting them to the {@link ToolApprover} one at a time in the model's order,
 * and running what it allows. It fails closed: a call nobody could approve does not run. Waiting
 * for a person in a durable run ({@link HumanInputPending}) is no refusal: it goes up to the run,
 * which pauses and, resumed with the answer, runs the turn again.
 */
final class ToolApprovalGate {

  private final String agent;
  private final ToolApprover approver; // null when the agent runs its calls without asking
  private final Set<String> approvalTools; // empty: every tool asks

  /**
   * @throws IllegalArgumentException naming the agent and the tool, when {@code approvalTools}
   *     names a tool that {@code tools} has not
   */
  ToolApprovalGate(
      String agent, ToolApprover approver, Set<String> approvalTools, ToolExecutor tools) {
    this.agent = agent;
    this.approver = approver;
    this.approvalTools = Set.copyOf(approvalTools);
    for (String tool : this.approvalTools) {
      if (tools.find(tool).isEmpty()) {
        throw new IllegalArgumentException(
            "agent '"
                + agent
                + "' asks approval for tool '"
                + tool
                + "', which it does not have; its tools are "
                + tools.specs().stream().map(ToolSpec::name).toList());
      }
    }
  }

  /**
   * Runs the calls that need no approval or are approved, concurrently, on {@code tools}; a refused
   * call's result is the error that tells the model why. Results in call order.
   *
   * @throws CancelledException when {@code cancellation} is cancelled, also while an approver waits
   * @throws HumanInputPending when the approver pauses the run for a person's answer
   */
  List<ToolResult> execute(
      ToolExecutor tools,
      List<ToolCall> calls,
      CancellationToken cancellation,
      ToolResultLog toolLog,
      Consumer<ToolProgress> progress,
      Consumer<AgentEvent> events) {
    if (approver == null) {
      return tools.executeAll(calls, cancellation, toolLog, progress);
    }
    List<ToolResult> refusals = new ArrayList<>(calls.size());
    List<ToolCall> allowed = new ArrayList<>();
    for (ToolCall call : calls) {
      ToolResult refusal = approve(tools, call, cancellation, events);
      refusals.add(refusal);
      if (refusal == null) {
        allowed.add(call);
      }
    }
    List<ToolResult> ran = tools.executeAll(allowed, cancellation, toolLog, progress);
    List<ToolResult> results = new ArrayList<>(calls.size());
    int next = 0;
    for (ToolResult refusal : refusals) {
      results.add(refusal != null ? refusal : ran.get(next++));
    }
    return results;
  }

  /** Null when {@code call} may run, else the error result that answers it instead. */
  private ToolResult approve(
      ToolExecutor tools,
      ToolCall call,
      CancellationToken cancellation,
      Consumer<AgentEvent> events) {
    // A call to an unknown tool is left for the executor to answer: there is nothing to approve.
    Tool tool = tools.find(call.name()).orElse(null);
    if (tool == null || (!approvalTools.isEmpty() && !approvalTools.contains(tool.name()))) {
      return null;
    }
    cancellation.throwIfCancelled();
    events.accept(new AgentEvent.ApprovalRequested(agent, call));
    ApprovalDecision decision;
    try {
      decision = approver.approve(new ApprovalRequest(agent, call, tool.spec()), cancellation);
      if (decision == null) {
        decision = ApprovalDecision.refuse("the approver gave no decision");
      }
    } catch (CancelledException | HumanInputPending e) {
      // A pause is not a refusal: a durable run waits for the person's answer.
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException(
          "agent '"
              + agent
              + "' was interrupted waiting for approval of tool '"
              + tool.name()
              + "'");
    } catch (Exception e) {
      // Failing closed: a call nobody could approve does not run.
      decision =
          ApprovalDecision.refuse(
              "approval could not be obtained ("
                  + e.getClass().getSimpleName()
                  + (e.getMessage() == null ? "" : ": " + e.getMessage())
                  + ")");
    }
    // The approver may have returned because the run was cancelled while it waited.
    cancellation.throwIfCancelled();
    events.accept(
        new AgentEvent.ApprovalDecided(agent, call, decision.approved(), decision.reason()));
    if (decision.approved()) {
      return null;
    }
    return ToolResult.failure(
        call,
        "the call to tool '"
            + tool.name()
            + "' was refused, so it did not run: "
            + decision.reason()
            + ". Do not call it again with the same arguments; change the request or ask why.");
  }
}
