package dev.cadre.code;

import dev.cadre.agent.ApprovalDecision;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.CancelledException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a turn's blocks and words the outcome for the model, for the code executor agent and the
 * {@code run_code} tool alike: approval first, then the blocks in order until one fails, then
 * AutoGen's sentences for no output, an error, and a refusal.
 */
final class CodeRuns {

  private CodeRuns() {}

  /**
   * What running a turn's blocks gave.
   *
   * @param exitCode 0 when every block ran and exited with 0, else the first failure's code
   * @param text what the model reads
   * @param results one per block that ran
   */
  record Report(int exitCode, String text, List<CodeResult> results) {}

  static Report run(
      String agent,
      CodeExecutor executor,
      CodeApprover approver,
      List<CodeBlock> blocks,
      CancellationToken cancellation) {
    if (approver != null) {
      ApprovalDecision decision = approve(approver, new CodeApprovalRequest(agent, blocks),
          cancellation);
      if (!decision.approved()) {
        return new Report(
            1, "Code execution was not approved. Reason: " + decision.reason(), List.of());
      }
    }
    List<CodeResult> results = new ArrayList<>();
    StringBuilder output = new StringBuilder();
    List<String> files = new ArrayList<>();
    int exitCode = 0;
    for (CodeBlock block : blocks) {
      CodeResult result;
      try {
        result = executor.execute(block, cancellation);
      } catch (CodeExecutionException e) {
        return new Report(
            1, "The code could not be run: " + e.getMessage(), List.copyOf(results));
      }
      results.add(result);
      if (output.length() > 0 && output.charAt(output.length() - 1) != '\n') {
        output.append('\n');
      }
      output.append(result.output());
      files.addAll(result.filesCreated());
      if (!result.succeeded()) {
        exitCode = result.exitCode() == 0 ? 1 : result.exitCode();
        break;
      }
    }
    cancellation.throwIfCancelled();
    String text;
    if (output.toString().isBlank()) {
      text =
          "The script ran but produced no output to console. The POSIX exit code was: "
              + exitCode
              + ". If you were expecting output, consider revising the script to ensure content is"
              + " printed to stdout.";
    } else if (exitCode != 0) {
      text =
          "The script ran, then exited with an error (POSIX exit code: "
              + exitCode
              + ")\nIts output was:\n"
              + output;
    } else {
      text = output.toString();
    }
    if (!files.isEmpty()) {
      text += (text.endsWith("\n") ? "" : "\n") + "Files created: " + String.join(", ", files);
    }
    return new Report(exitCode, text, results);
  }

  /** Asks {@code approver}; what it throws refuses the code, saying what went wrong. */
  private static ApprovalDecision approve(
      CodeApprover approver, CodeApprovalRequest request, CancellationToken cancellation) {
    try {
      ApprovalDecision decision = approver.approve(request, cancellation);
      return decision == null ? ApprovalDecision.refuse("the approver gave no decision") : decision;
    } catch (CancelledException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ApprovalDecision.refuse("the approval was interrupted");
    } catch (Exception e) {
      return ApprovalDecision.refuse("the approver failed: " + e.getMessage());
    }
  }
}
