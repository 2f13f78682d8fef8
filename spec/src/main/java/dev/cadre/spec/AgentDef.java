package dev.cadre.spec;

import java.util.List;

/**
 * An assistant agent in a spec.
 *
 * @param name its name
 * @param description what it is good at (selector teams need one), or null
 * @param systemMessage its system message, or null
 * @param model its model, or null to take its team's
 * @param tools the names of its tools, from tool libraries or the spec's MCP servers
 * @param handoffs the agents it may hand over to
 * @param approval which of its tool calls wait for approval, and who gives it; null for none
 * @param memory what it remembers and recalls; null for none
 * @param a2a the URL of the remote A2A agent this participant is (it then has no system message,
 *     model, tools or handoffs of its own), or null for a local assistant
 * @param codeExecutor the code executor that runs the code its model writes, which makes it a
 *     code executor agent rather than an assistant; null for an assistant
 * @param where where it is written, or null
 */
public record AgentDef(
    String name,
    String description,
    String systemMessage,
    ModelRef model,
    List<ToolRef> tools,
    List<HandoffDef> handoffs,
    ApprovalDef approval,
    MemoryDef memory,
    String a2a,
    CodeExecutorDef codeExecutor,
    SpecLocation where)
    implements ParticipantDef {

  public AgentDef {
    tools = List.copyOf(tools);
    handoffs = List.copyOf(handoffs);
  }

  /**
   * The code executor of a code executor agent: its model writes code in fenced blocks, the
   * executor runs them, and the model answers from their output.
   *
   * @param executor the executor's name for {@link dev.cadre.code.CodeExecutors#byName}: {@code
   *     bubblewrap} (the sandbox, also {@code sandboxed}), {@code docker:<image>} or {@code
   *     unsandboxed}
   * @param files files copied into its working directory before the team runs, relative to the
   *     spec
   * @param where where it is written, or null
   */
  public record CodeExecutorDef(String executor, List<String> files, SpecLocation where) {
    public CodeExecutorDef {
      files = List.copyOf(files);
    }
  }

  /**
   * A tool named in a spec.
   *
   * @param name the tool's name
   * @param where where it is named, or null
   */
  public record ToolRef(String name, SpecLocation where) {}

  /**
   * A handoff in a spec.
   *
   * @param target the agent handed over to
   * @param description what the handoff tool tells the model, or null for the default
   * @param where where it is written, or null
   */
  public record HandoffDef(String target, String description, SpecLocation where) {}

  /** Who approves a tool call that waits for approval. */
  public enum Approver {
    /**
     * A person: on the console when run in place, and in a durable run the run pauses until the
     * answer comes ({@code cadre answer}, {@code Team.resume(runId, answer)}). Who is asked is the
     * loader's {@link SpecOptions#person}.
     */
    PERSON,
    /** Every call runs: for tests, and for turning approval off without editing the tools. */
    ALLOW,
    /** Every call is refused, so it never runs and the model is told why. */
    DENY
  }

  /**
   * Tool approval: calls to these tools wait for {@code by} before they run; a refused call does
   * not run, and the model sees the refusal.
   *
   * @param tools the tools whose calls wait, all of them among the agent's; empty for every tool
   * @param by who approves
   * @param where where it is written, or null
   */
  public record ApprovalDef(List<ToolRef> tools, Approver by, SpecLocation where) {
    public ApprovalDef {
      tools = List.copyOf(tools);
    }
  }
}
