package dev.cadre.code;

import java.util.List;
import java.util.Objects;

/**
 * Code waiting for approval before it runs.
 *
 * @param agent the agent that would run it
 * @param blocks the blocks, in the order they would run
 */
public record CodeApprovalRequest(String agent, List<CodeBlock> blocks) {

  /** Checks and copies the components. */
  public CodeApprovalRequest {
    Objects.requireNonNull(agent, "agent");
    blocks = List.copyOf(blocks);
  }

  /** The blocks as fenced markdown, one after another, as a person or a model reviews them. */
  public String code() {
    StringBuilder text = new StringBuilder();
    for (CodeBlock block : blocks) {
      if (text.length() > 0) {
        text.append("\n\n");
      }
      text.append("```")
          .append(block.language().name().toLowerCase(java.util.Locale.ROOT))
          .append('\n')
          .append(block.code());
      if (!block.code().endsWith("\n")) {
        text.append('\n');
      }
      text.append("```");
    }
    return text.toString();
  }
}
