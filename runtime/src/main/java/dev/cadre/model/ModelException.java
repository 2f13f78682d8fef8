package dev.cadre.model;

/**
 * A model call failed. The message names the provider, the HTTP status when there was one, the
 * provider's own explanation, at most {@value #MAX_QUOTED} characters of what the provider sent,
 * and the provider's request id when it gave one. It never contains an API key: the model clients
 * mask keys and other configured secrets in the message, the body and the causes.
 */
public class ModelException extends RuntimeException {

  /** The most characters of a provider's body the message quotes; {@link #body()} has it all. */
  public static final int MAX_QUOTED = 2000;

  // The provider's own explanation is a line or two; a longer one is cut here, not quoted whole.
  private static final int MAX_DETAIL = 500;

  /** The provider's name. */
  private final String provider;
  /** The HTTP status, or 0 when there was none. */
  private final int status;
  /** Whether trying again may help. */
  private final boolean retryable;
  /** The provider's own explanation, cut short. */
  private final String detail;
  /** What the provider sent, keys masked. */
  private final String body;
  /** The provider's request id, or null. */
  private final String requestId;

  /** A failure of {@code provider} with HTTP {@code status} (0 for none). */
  public ModelException(String provider, int status, String message, boolean retryable) {
    this(provider, status, message, retryable, null);
  }

  /**
   * A failure of {@code provider} with HTTP {@code status} (0 for none), caused by {@code cause}.
   */
  public ModelException(
      String provider, int status, String message, boolean retryable, Throwable cause) {
    this(provider, status, message, retryable, cause, null, null);
  }

  /**
   * A failure that quotes what the provider sent.
   *
   * @param detail what went wrong, without the body
   * @param body what the provider sent, or null; the message quotes its first {@value #MAX_QUOTED}
   *     characters
   * @param requestId the provider's id for the request ({@code x-request-id}), or null
   */
  public ModelException(
      String provider,
      int status,
      String detail,
      boolean retryable,
      Throwable cause,
      String body,
      String requestId) {
    super(describe(provider, status, detail, body, requestId), cause);
    this.provider = provider;
    this.status = status;
    this.retryable = retryable;
    this.detail = detail;
    this.body = body;
    this.requestId = requestId;
  }

  private static String describe(
      String provider, int status, String detail, String body, String requestId) {
    StringBuilder message = new StringBuilder(provider);
    if (status > 0) {
      message.append(" returned HTTP ").append(status);
    }
    message.append(": ").append(cut(String.valueOf(detail), MAX_DETAIL));
    if (body != null) {
      message.append(": ").append(quote(body));
    }
    if (requestId != null) {
      message.append(" (request id ").append(requestId).append(')');
    }
    return message.toString();
  }

  /** The body's first {@value #MAX_QUOTED} characters, saying how much more there was. */
  static String quote(String body) {
    String flat = body.strip();
    if (flat.isEmpty()) {
      return "(empty body)";
    }
    String cut = cut(flat, MAX_QUOTED);
    return cut.length() == flat.length()
        ? flat
        : cut
            + " ("
            + (flat.length() - cut.length() + 1)
            + " more characters in ModelException.body())";
  }

  /** {@code text} cut to {@code max} characters and an ellipsis, never inside a surrogate pair. */
  private static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "…";
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

  /** What went wrong, without the quoted body or the request id. */
  public String detail() {
    return detail;
  }

  /** Everything the provider sent that the failure concerns, secrets masked; null if nothing. */
  public String body() {
    return body;
  }

  /**
   * The provider's id for the failed request, from its {@code x-request-id} or {@code request-id}
   * header, to quote to its support; null when it sent none.
   */
  public String requestId() {
    return requestId;
  }
}
