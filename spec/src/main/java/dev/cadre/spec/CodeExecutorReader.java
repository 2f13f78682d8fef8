package dev.cadre.spec;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an agent's {@code codeExecutor}, and checks that the agent brings nothing a code executor
 * does not take.
 */
final class CodeExecutorReader {

  private static final Set<String> KEYS = Set.of("executor", "files");

  private final TreeReader tree;

  CodeExecutorReader(TreeReader tree) {
    this.tree = tree;
  }

  /**
   * An agent's {@code codeExecutor}, or null. A code executor agent has no tools, handoffs,
   * approval or memory: it answers by running its model's code.
   */
  AgentDef.CodeExecutorDef read(Map<String, Node> agent) {
    Node node = agent.get("codeExecutor");
    if (node == null || node.kind == Node.Kind.NULL) {
      return null;
    }
    for (String other : List.of("tools", "handoffs", "approval", "memory")) {
      if (agent.containsKey(other)) {
        tree.error(
            "Cadre/SpecCodeExecutor",
            agent.get(other),
            agent.get(other).path
                + ": a code executor agent (codeExecutor:) runs the code its model writes and"
                + " takes no "
                + other
                + "; give tools to an assistant, or offer run_code as a tool");
      }
    }
    Map<String, Node> fields = tree.map(node, KEYS);
    if (fields == null) {
      return null;
    }
    // The name is checked where the executor is made, by the one code that knows the names.
    String executor = tree.optionalText(fields, "executor");
    return new AgentDef.CodeExecutorDef(
        executor == null ? "bubblewrap" : executor, tree.textList(fields.get("files")), node.where);
  }
}
