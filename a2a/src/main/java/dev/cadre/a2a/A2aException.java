package dev.cadre.a2a;

/**
 * A call to a remote A2A agent failed: it could not be reached, refused the call, answered
 * something that is not A2A, took too long, or its task failed. The message names the agent and its
 * URL, never a credential; a team fails the turn with it as it does for a local agent's failure.
 */
public final class A2aException extends RuntimeException {

  private final String agent;
  private final String url;

  /** A failure of remote agent {@code agent} at {@code url} (already free of credentials). */
  A2aException(String agent, String url, String message, Throwable cause) {
    super("remote agent '" + agent + "' at " + url + ": " + message, cause);
    this.agent = agent;
    this.url = url;
  }

  /** The remote agent's name, as its participant is called in Cadre. */
  public String agent() {
    return agent;
  }

  /** The URL that was called, without credentials. */
  public String url() {
    return url;
  }
}
