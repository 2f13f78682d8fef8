package dev.cadre.a2a;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A credential of one of the two A2A security schemes Cadre supports: a bearer token ({@code
 * Authorization: Bearer ...}) or an API key in a header. A server is given the credentials it
 * accepts and declares their schemes in its agent card; a client is given the one it sends.
 *
 * <p>{@link #toString()} never shows the secret.
 */
public final class A2aAuth {

  private final String scheme;
  private final String header;
  private final String secret;

  private A2aAuth(String scheme, String header, String secret) {
    this.scheme = scheme;
    this.header = header;
    this.secret = secret;
  }

  /** A bearer token, sent as {@code Authorization: Bearer <token>}. */
  public static A2aAuth bearer(String token) {
    return new A2aAuth("bearer", "Authorization", requireSecret(token, "bearer token"));
  }

  /** An API key sent in header {@code header} (such as {@code X-API-Key}). */
  public static A2aAuth apiKey(String header, String key) {
    Objects.requireNonNull(header, "header");
    if (header.isBlank() || !header.matches("[A-Za-z0-9-]+")) {
      throw new IllegalArgumentException("API key header '" + header + "' is not a header name");
    }
    return new A2aAuth("apiKey", header, requireSecret(key, "API key"));
  }

  private static String requireSecret(String secret, String what) {
    Objects.requireNonNull(secret, what);
    if (secret.isBlank()) {
      throw new IllegalArgumentException("the " + what + " is blank");
    }
    return secret;
  }

  /** The header the credential travels in. */
  String header() {
    return header;
  }

  /** The header's value. */
  String headerValue() {
    return scheme.equals("bearer") ? "Bearer " + secret : secret;
  }

  /** The secret, for masking it out of errors. */
  String secret() {
    return secret;
  }

  /** The name of the scheme in an agent card. */
  String schemeName() {
    return scheme.equals("bearer") ? "bearer" : "apiKey_" + header.toLowerCase();
  }

  /** The scheme as an agent card declares it. */
  ObjectNode schemeJson() {
    ObjectNode scheme = Json.object();
    if (this.scheme.equals("bearer")) {
      scheme.putObject("httpAuthSecurityScheme").put("scheme", "Bearer");
    } else {
      scheme.putObject("apiKeySecurityScheme").put("location", "header").put("name", header);
    }
    return scheme;
  }

  /** Whether a request's header value carries this credential; compared in constant time. */
  boolean accepts(String value) {
    if (value == null) {
      return false;
    }
    String given = value.trim();
    if (scheme.equals("bearer")) {
      // The scheme's name is case-insensitive (RFC 9110); the token is not.
      if (!given.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return false;
      }
      given = given.substring(7).trim();
    }
    return MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "A2aAuth[" + scheme + " in " + header + "]";
  }
}
