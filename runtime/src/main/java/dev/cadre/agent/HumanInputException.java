package dev.cadre.agent;

/** A person's answer could not be had: the input failed or ended. Names the asking participant. */
public final class HumanInputException extends RuntimeException {

  /** The participant that asked. */
  private final String agent;

  /** A failure of {@code agent}'s input, caused by {@code cause}. */
  public HumanInputException(String agent, String message, Throwable cause) {
    super(message, cause);
    this.agent = agent;
  }

  /** The participant that asked. */
  public String agent() {
    return agent;
  }
}
