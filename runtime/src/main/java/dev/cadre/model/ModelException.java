package dev.cadre.model;

/**
 * A model call failed. The message names the provider, the HTTP status when there was one, and the
 * provider's own explanation; it never contains an API key.
 */
public class ModelException extends RuntimeException {

  private final String provider;
  private final int status;
  private final boolean retryable;

  public ModelException(String provider, int status, String message, boolean retryable) {
    this(provider, status, message, retryable, null);
  }

  public ModelException(
      String provider, int status, String message, boolean retryable, Throwable cause) {
    super(describe(provider, status, message), cause);
    this.provider = provider;
    this.status = status;
    this.retryable = retryable;
  }

  private static String describe(String provider, int status, String message) {
    return status > 0
        ? provider + " returned HTTP " + status + ": " + message
        : provider + ": " + message;
  }

  /** Which provider failed, such as {@code openai} or {@code anthropic}. */
  public String provider() {
    return provider;
  }

  /** The HTTP status, or 0 when the failure was not an HTTP error response. */
  public int status() {
    return status;
  }

  /** Whether trying the same request again might succeed. */
  public boolean retryable() {
    return retryable;
  }
}
