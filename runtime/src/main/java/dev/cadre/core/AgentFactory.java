package dev.cadre.core;

/** Makes the agent for an {@link AgentId}; the runtime calls it on the first message to the id. */
@FunctionalInterface
public interface AgentFactory {

  /**
   * @param id the id of the agent to make; its key usually selects the conversation or tenant
   * @param runtime the runtime the agent lives in, for sending and publishing
   */
  Agent create(AgentId id, AgentRuntime runtime) throws Exception;
}
