package dev.cadre.studio;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The studio's door: every request must carry the access token (the {@code cadre_studio} cookie,
 * set when the printed URL is opened, or the {@code X-Cadre-Token} header), and every request that
 * changes something must also come from the studio's own page (its {@code Origin}) and carry the
 * CSRF token the page got from {@code /api/session} in {@code X-Cadre-Csrf}. Requests naming
 * another host are refused, against DNS rebinding. Every answer carries the strict security
 * headers.
 */
final class Guard {

  static final String COOKIE = "cadre_studio";
  static final String TOKEN_HEADER = "X-Cadre-Token";
  static final String CSRF_HEADER = "X-Cadre-Csrf";

  /**
   * The page's policy: scripts and styles from the studio only, never inline script or style, no
   * frames. A finished run's report is a piece of the page with its stylesheet served beside it.
   */
  static final String PAGE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String token;
  private final String csrf;
  private volatile int port;

  Guard(String token) {
    this.token = token == null ? newSecret() : token;
    this.csrf = newSecret();
  }

  /** A fresh random secret, URL-safe: 32 bytes. */
  static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  void port(int port) {
    this.port = port;
  }

  String token() {
    return token;
  }

  String csrf() {
    return csrf;
  }

  /** Why the request may not go on (a status and a sentence), or null when it may. */
  Refusal check(HttpExchange exchange, String queryToken) {
    Headers headers = exchange.getRequestHeaders();
    if (!localHost(headers.getFirst("Host"))) {
      return new Refusal(403, "the Host header names another host than this machine");
    }
    boolean tokenOk =
        same(queryToken, token)
            || same(headers.getFirst(TOKEN_HEADER), token)
            || same(cookie(headers), token);
    if (!tokenOk) {
      return new Refusal(
          401, "no valid access token: open the URL cadre studio printed (it carries ?token=)");
    }
    if (changesState(exchange.getRequestMethod())) {
      String origin = headers.getFirst("Origin");
      if (origin == null || !ownOrigin(origin)) {
        return new Refusal(403, "a state-changing request must come from the studio's own page");
      }
      if (!same(headers.getFirst(CSRF_HEADER), csrf)) {
        return new Refusal(403, "missing or wrong " + CSRF_HEADER + " header");
      }
    }
    return null;
  }

  /** The headers every answer carries; {@code policy} is the Content-Security-Policy. */
  static void secure(Headers headers, String policy) {
    headers.set("Content-Security-Policy", policy);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("Cache-Control", "no-store");
    headers.set("Cross-Origin-Opener-Policy", "same-origin");
    headers.set("Cross-Origin-Resource-Policy", "same-origin");
  }

  /** The cookie that keeps the token after the page dropped it from its address. */
  String cookieHeader() {
    return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  }

  private static boolean changesState(String method) {
    return !(method.equals("GET") || method.equals("HEAD"));
  }

  private boolean ownOrigin(String origin) {
    try {
      URI uri = URI.create(origin);
      return "http".equals(uri.getScheme()) && localHost(uri.getHost()) && uri.getPort() == port;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private boolean localHost(String host) {
    if (host == null) {
      return false;
    }
    String name = host.toLowerCase(Locale.ROOT);
    int colon = name.lastIndexOf(':');
    if (colon > 0 && !name.endsWith("]")) {
      if (!name.substring(colon + 1).equals(String.valueOf(port))) {
        return false;
      }
      name = name.substring(0, colon);
    }
    return List.of("127.0.0.1", "localhost", "[::1]").contains(name);
  }

  private static String cookie(Headers headers) {
    List<String> cookies = headers.get("Cookie");
    if (cookies == null) {
      return null;
    }
    for (String line : cookies) {
      for (String part : line.split(";")) {
        String pair = part.strip();
        if (pair.startsWith(COOKIE + "=")) {
          return pair.substring(COOKIE.length() + 1);
        }
      }
    }
    return null;
  }

  /** Compares secrets in constant time. */
  private static boolean same(String given, String secret) {
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
  }

  /** A refused request: its status and why. */
  record Refusal(int status, String reason) {}
}
