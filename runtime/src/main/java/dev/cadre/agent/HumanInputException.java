package dev.cadre.agent;

/** A person's answer could not be had: the input failed or ended. Names the asking participant. */
public final class HumanInputException extends RuntimeException {

  private final String agent;

  public HumanInputException(String agent, String message, Throwable cause) {
    super(message, cause);
    this.agent = agent;
  }

  /** The participant that asked. */
  public String agent() {
    return agent;
  }
}
