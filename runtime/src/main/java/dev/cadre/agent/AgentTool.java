package dev.cadre.agent;

import dev.cadre.core.CancelledException;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Offers an agent, or a team (a team is a {@link ChatAgent}), to another agent's model as a plain
 * {@link Tool}:
 *
 * <pre>{@code
 * AssistantAgent manager = AssistantAgent.builder("manager")
 *     .model(model)
 *     .tool(AgentTool.of(researcher))
 *     .build();
 * }</pre>
 *
 * <p>The tool is named after the agent and described by the agent's description, which is what
 * the model reads to decide when to call it. It takes one required string, {@code task}; a call
 * hands the task to the agent as a message from the user, waits for the answer, and returns its
 * text (a team's answer is the text of its last message). The caller's cancellation reaches the
 * agent's model calls and tools.
 *
 * <p>By default every call is a fresh task: the agent is {@link ChatAgent#reset() reset} first, so
 * it sees only the task it is given, never earlier calls. Calls through one tool run one at a
 * time, so a model asking for the agent twice at once gets two clean runs rather than one mixed
 * conversation. The agent's own events and usage stay inside the tool: the calling agent sees only
 * the answer.
 *
 * <p>An agent's task spans several model calls, so the tool's timeout is {@link #DEFAULT_TIMEOUT},
 * longer than a plain tool's; change it with {@link Tool#withTimeout(Duration)}. When it runs out
 * the agent is cancelled and the model is told the tool timed out.
 */
public final class AgentTool {

  /** How long a call may run unless the tool is given another timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  private AgentTool() {}

  /** {@code agent} as a tool; each call is a fresh task. */
  public static Tool of(ChatAgent agent) {
    return of(agent, true);
  }

  /**
   * {@code agent} as a tool.
   *
   * @param freshTaskEachCall true to reset the agent before each call, so it sees only that call's
   *     task; false to let it remember earlier calls, as a colleague asked several questions would
   * @throws IllegalArgumentException if the agent's name is not a valid tool name or its
   *     description is blank
   */
  public static Tool of(ChatAgent agent, boolean freshTaskEachCall) {
    Objects.requireNonNull(agent, "agent");
    String name = agent.name();
    if (!ToolSpec.isValidName(name)) {
      throw new IllegalArgumentException(
          "agent '"
              + name
              + "' cannot be offered as a tool: its name is the tool's name, and tool names hold 1"
              + " to 64 letters, digits, '_' or '-'; rename the agent");
    }
    String description = agent.description();
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException(
          "agent '"
              + name
              + "' cannot be offered as a tool without a description: the model reads it to decide"
              + " when to call the agent; give the agent a description saying what it is good at");
    }
    ReentrantLock oneAtATime = new ReentrantLock();
    return Tool.builder(name)
        .description(description)
        .parameter(
            "task",
            String.class,
            "The task for "
                + name
                + ", with everything it needs to know: it sees nothing else of this conversation.")
        .timeout(DEFAULT_TIMEOUT)
        .function(
            (arguments, context) -> {
              String task = arguments.get("task").asText();
              if (oneAtATime.isHeldByCurrentThread()) {
                // Its tools run on its own thread: re-entering would mix two tasks in one agent.
                throw new IllegalStateException(
                    "agent '" + name + "' was called as a tool by its own run; it cannot call itself");
              }
              try {
                oneAtATime.lockInterruptibly();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException(
                    "cancelled while waiting for an earlier call of agent '" + name + "'");
              }
              try {
                if (freshTaskEachCall) {
                  agent.reset();
                }
                AgentResponse response =
                    agent.onMessages(
                        List.of(AgentMessage.user(task)), context.cancellation(), event -> {});
                return response.text();
              } finally {
                oneAtATime.unlock();
              }
            })
        .build();
  }
}
