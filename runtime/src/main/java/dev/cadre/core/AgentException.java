package dev.cadre.core;

/**
 * A message could not be handled by an agent: its type has no factory, its factory failed, or its
 * handler threw (the handler's exception is the cause). The message names the agent.
 */
public class AgentException extends RuntimeException {

  /** The agent that failed. */
  private final AgentId agent;
  /** The type of the message it failed on. */
  private final String messageType;

  /**
   * A failure of {@code agent} handling a message of {@code messageType}; {@code message} names the
   * agent.
   */
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
