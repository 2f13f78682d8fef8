package dev.cadre.model.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The credentials a model client holds, and the one place where text bound for an exception is
 * cleaned of them.
 *
 * <p>{@link #mask} hides every secret whole, and also every piece of one that is 8 characters or
 * longer, since providers echo keys cut short ("Incorrect API key provided: sk-proj-abc…") and a
 * cut excerpt may end inside a key. It runs on the whole text before any excerpt is taken.
 */
public final class Secrets {

  /** The shortest piece of a secret that is hidden on its own. */
  static final int PIECE = 8;

  private static final String HIDDEN = "***";

  private final List<String> values;
  private final Set<String> pieces = new HashSet<>();

  private Secrets(List<String> values) {
    this.values = List.copyOf(values);
    for (String value : values) {
      for (int i = 0; i + PIECE <= value.length(); i++) {
        pieces.add(value.substring(i, i + PIECE));
      }
    }
  }

  /**
   * Secrets made of these values; a {@code Bearer } prefix is dropped, short values are kept.
   * Public so that whatever else writes a model's exchanges down (the test kit's cassettes) masks
   * with this one masker.
   */
  public static Secrets of(Iterable<String> values) {
    List<String> kept = new ArrayList<>();
    for (String value : values) {
      if (value == null) {
        continue;
      }
      String bare = value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7) : value;
      bare = bare.strip();
      // Shorter ones would hide ordinary words; no real credential is this short.
      if (bare.length() >= 4) {
        kept.add(bare);
      }
    }
    return new Secrets(kept);
  }

  /** {@code text} with every secret, and every 8-character piece of one, replaced by ***. */
  public String mask(String text) {
    if (text == null || values.isEmpty()) {
      return text;
    }
    boolean[] hidden = new boolean[text.length()];
    boolean any = false;
    for (String value : values) {
      for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
        Arrays.fill(hidden, at, at + value.length(), true);
        any = true;
      }
    }
    for (int i = 0; !pieces.isEmpty() && i + PIECE <= text.length(); i++) {
      if (pieces.contains(text.substring(i, i + PIECE))) {
        Arrays.fill(hidden, i, i + PIECE, true);
        any = true;
      }
    }
    if (!any) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      if (!hidden[i]) {
        out.append(text.charAt(i));
      } else if (i == 0 || !hidden[i - 1]) {
        out.append(HIDDEN);
      }
    }
    return out.toString();
  }

  /**
   * {@code cause} itself when no message in its chain holds a secret; otherwise a stand-in that
   * shows the same classes, masked messages and stack traces, so a printed trace stays useful.
   */
  public Throwable maskCause(Throwable cause) {
    if (cause == null || !holdsSecret(cause, 0)) {
      return cause;
    }
    return standIn(cause, 0);
  }

  private boolean holdsSecret(Throwable t, int depth) {
    if (t == null || depth > 20) {
      return false;
    }
    String message = t.getMessage();
    if (message != null && !mask(message).equals(message)) {
      return true;
    }
    for (Throwable suppressed : t.getSuppressed()) {
      if (holdsSecret(suppressed, depth + 1)) {
        return true;
      }
    }
    return holdsSecret(t.getCause(), depth + 1);
  }

  private Throwable standIn(Throwable t, int depth) {
    Throwable cause = t.getCause() == null || depth > 20 ? null : standIn(t.getCause(), depth + 1);
    Masked masked = new Masked(t.getClass().getName(), mask(t.getMessage()), cause);
    masked.setStackTrace(t.getStackTrace());
    return masked;
  }

  /** A throwable whose message held a secret, shown as its class with the message masked. */
  static final class Masked extends Exception {
    private final String type;

    Masked(String type, String message, Throwable cause) {
      super(message, cause);
      this.type = type;
    }

    @Override
    public String toString() {
      return getMessage() == null ? type : type + ": " + getMessage();
    }
  }

  /**
   * Whether a header of this name carries a credential, so its value is masked like a key:
   * Authorization, cookies, and any name that mentions auth, a credential, key, token, secret or
   * password.
   */
  public static boolean isCredentialHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.equals("authorization")
        || lower.equals("proxy-authorization")
        || lower.equals("cookie")
        || lower.contains("auth")
        || lower.contains("credential")
        || lower.contains("key")
        || lower.contains("token")
        || lower.contains("secret")
        || lower.contains("password");
  }

  /**
   * Checks a credential or header value before OkHttp sees it (OkHttp's own check repeats the value
   * in its message). Returns the value stripped of surrounding whitespace, such as the newline a
   * key read from a file ends with.
   *
   * @param what names the value in the message, such as {@code apiKey} or {@code header
   *     'anthropic-beta'}
   * @throws IllegalArgumentException naming {@code what} and the offending character's position,
   *     never the value
   */
  static String checkValue(String what, String value) {
    String stripped = value.strip();
    for (int i = 0; i < stripped.length(); i++) {
      char c = stripped.charAt(i);
      if (c == '\r' || c == '\n') {
        throw new IllegalArgumentException(
            what + " contains a line break at position " + (i + 1) + "; it cannot be sent");
      }
      if (c != '\t' && (c < 0x20 || c > 0x7e)) {
        throw new IllegalArgumentException(
            what
                + " contains "
                + (c > 0x7e ? "a non-ASCII" : "a control")
                + " character (U+"
                + String.format("%04X", (int) c)
                + ") at position "
                + (i + 1)
                + "; it cannot be sent in an HTTP header");
      }
    }
    return stripped;
  }

  /**
   * Checks an API key as {@link #checkValue} does, and also refuses whitespace inside it, which no
   * provider's key has; returns it stripped.
   */
  public static String checkKey(String what, String key) {
    String stripped = checkValue(what, key);
    for (int i = 0; i < stripped.length(); i++) {
      if (Character.isWhitespace(stripped.charAt(i))) {
        throw new IllegalArgumentException(
            what + " contains whitespace at position " + (i + 1) + "; check how it was copied");
      }
    }
    return stripped;
  }

  /**
   * A URL fit to show: its user name and password, and the values of query parameters that look
   * like credentials ({@code key}, {@code api_key}, {@code token}, {@code sig}...), become ***.
   * Text that is not a URL is returned as it is.
   */
  public static String redactUrl(String url) {
    if (url == null) {
      return null;
    }
    HttpUrl parsed = HttpUrl.parse(url.strip());
    if (parsed == null) {
      return url;
    }
    HttpUrl.Builder shown = parsed.newBuilder();
    if (!parsed.encodedUsername().isEmpty()) {
      shown.username(HIDDEN);
    }
    if (!parsed.encodedPassword().isEmpty()) {
      shown.password(HIDDEN);
    }
    shown.query(null);
    for (int i = 0; i < parsed.querySize(); i++) {
      String name = parsed.queryParameterName(i);
      shown.addQueryParameter(
          name, isCredentialParameter(name) ? HIDDEN : parsed.queryParameterValue(i));
    }
    return shown.build().toString();
  }

  /** The credentials a URL carries: its password and its credential-like query values. */
  static List<String> inUrl(HttpUrl url) {
    List<String> found = new ArrayList<>();
    if (!url.password().isEmpty()) {
      found.add(url.password());
    }
    for (String name : url.queryParameterNames()) {
      if (isCredentialParameter(name)) {
        for (String value : url.queryParameterValues(name)) {
          if (value != null) {
            found.add(value);
          }
        }
      }
    }
    return found;
  }

  private static boolean isCredentialParameter(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.equals("sig")
        || lower.equals("signature")
        || lower.equals("code")
        || isCredentialHeader(lower);
  }
}
