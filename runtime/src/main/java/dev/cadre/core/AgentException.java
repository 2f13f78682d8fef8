package dev.cadre.core;

/**
 * A message could not be handled by an agent: its type has no factory, its factory failed, or its
 * handler threw (the handler's exception is the cause). The message names the agent.
 */
public class AgentException extends RuntimeException {

  private final AgentId agent;
  private final String messageType;

  public AgentException(AgentId agent, String messageType, String message, Throwable cause) {
    super(message, cause);
    this.agent = agent;
    this.messageType = messageType;
  }

  /** The agent that was to handle the message. */
  public AgentId agent() {
    return agent;
  }

  /** The class name of the message. */
  public String messageType() {
    return messageType;
  }
}
