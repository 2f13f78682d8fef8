package dev.cadre.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One MCP server's side of {@link McpOAuth}: discovery, registration, the grants, refresh. Its
 * errors name the server and the step, never a token or a secret.
 */
final class OAuthFlow {

  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
  private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final String ID_JAG = "urn:ietf:params:oauth:token-type:id-jag";

  private final McpServerConfig config;
  private final McpOAuth oauth;
  private final HttpClient http;
  private final URI resource;
  private String clientId;
  private String clientSecret;
  private String authMethod;
  private String tokenEndpoint;
  private String audience; // the authorization server's issuer, for JWTs meant for it

  OAuthFlow(McpServerConfig config, McpOAuth oauth, HttpClient http) {
    this.config = config;
    this.oauth = oauth;
    this.http = http;
    URI url = config.url().orElseThrow();
    this.resource = URI.create(url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath());
    this.clientId = oauth.clientId();
    this.clientSecret = oauth.clientSecret();
  }

  /** The access token to send, refreshed first if it has expired; null if there is none. */
  synchronized String bearer() {
    McpOAuth.Tokens tokens = oauth.tokens().get(resource.toString());
    if (tokens == null) {
      return null;
    }
    long now = System.currentTimeMillis();
    boolean expired = tokens.expiresAtMillis() > 0 && now > tokens.expiresAtMillis() - 5_000;
    if (expired && tokens.refreshToken() != null && tokenEndpoint != null) {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", "refresh_token");
      form.put("refresh_token", tokens.refreshToken());
      form.put("resource", resource.toString());
      try {
        token(form);
        tokens = oauth.tokens().get(resource.toString());
      } catch (McpException e) {
        return null; // authorize again on the 401 that follows
      }
    }
    return tokens.accessToken();
  }

  /**
   * Answers a 401 (or a 403 asking for more scope) with {@code wwwAuthenticate}: finds the
   * authorization server, gets a token, and keeps it.
   */
  synchronized void authorize(String wwwAuthenticate) {
    Map<String, String> challenge = new LinkedHashMap<>();
    Matcher m = PARAM.matcher(wwwAuthenticate == null ? "" : wwwAuthenticate);
    while (m.find()) {
      challenge.put(m.group(1), m.group(2));
    }
    JsonNode prm = protectedResource(challenge.get("resource_metadata"));
    if (prm != null && prm.hasNonNull("resource") && !covers(prm.get("resource").asText())) {
      // RFC 9728: metadata for another resource must not send this server's token elsewhere.
      throw fail(
          "its protected resource metadata is for '"
              + prm.get("resource").asText()
              + "', not for this server: refused");
    }
    String issuer =
        prm != null && prm.path("authorization_servers").size() > 0
            ? prm.path("authorization_servers").get(0).asText()
            : resource.getScheme() + "://" + resource.getRawAuthority();
    JsonNode as = authorizationServer(issuer);
    String base = originOf(URI.create(issuer));
    String authorizationEndpoint = text(as, "authorization_endpoint", base + "/authorize");
    tokenEndpoint = text(as, "token_endpoint", base + "/token");
    String registration =
        as == null ? base + "/register" : text(as, "registration_endpoint", null);
    String scope = challenge.get("scope");
    if (scope == null && prm != null && prm.path("scopes_supported").isArray()) {
      List<String> scopes = new ArrayList<>();
      prm.path("scopes_supported").forEach(s -> scopes.add(s.asText()));
      scope = scopes.isEmpty() ? null : String.join(" ", scopes);
    }
    audience = text(as, "issuer", issuer);
    if (oauth.crossAppAccess() != null) {
      authMethod = clientSecret == null ? "none" : pickMethod(as);
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", JWT_BEARER);
      form.put("assertion", identityGrant(audience, scope));
      if (scope != null) {
        form.put("scope", scope);
      }
      token(form);
      return;
    }
    if (oauth.clientCredentials()) {
      authMethod = oauth.clientKey() != null ? "private_key_jwt" : pickMethod(as);
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", "client_credentials");
      form.put("resource", resource.toString());
      if (scope != null) {
        form.put("scope", scope);
      }
      token(form);
      return;
    }
    if (clientId == null) {
      register(registration, as);
    } else if (authMethod == null) {
      authMethod = clientSecret == null ? "none" : pickMethod(as);
    }
    String verifier = random(48);
    String state = random(16);
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", clientId);
    query.put("redirect_uri", oauth.redirectUri().toString());
    query.put("code_challenge", challenge(verifier));
    query.put("code_challenge_method", "S256");
    query.put("state", state);
    query.put("resource", resource.toString());
    if (scope != null) {
      query.put("scope", scope);
    }
    URI redirected;
    try {
      redirected =
          oauth
              .authorizer()
              .authorize(
                  URI.create(
                      authorizationEndpoint
                          + (authorizationEndpoint.contains("?") ? "&" : "?")
                          + form(query)));
    } catch (Exception e) {
      throw fail("authorization did not complete: " + e.getMessage());
    }
    Map<String, String> back = parse(redirected == null ? null : redirected.getRawQuery());
    if (back.get("code") == null) {
      throw fail("authorization ended without a code" + (back.containsKey("error")
          ? " (" + back.get("error") + ")" : ""));
    }
    if (back.get("state") != null && !state.equals(back.get("state"))) {
      throw fail("authorization came back with another state than was sent: refused");
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", back.get("code"));
    form.put("redirect_uri", oauth.redirectUri().toString());
    form.put("code_verifier", verifier);
    form.put("resource", resource.toString());
    token(form);
  }

  /**
   * The user's ID token exchanged at the identity provider (RFC 8693) for an identity assertion
   * grant (ID-JAG) for {@code audience}, the authorization server, and this server.
   */
  private String identityGrant(String audience, String scope) {
    McpOAuth.CrossAppAccess access = oauth.crossAppAccess();
    String idToken;
    try {
      idToken = access.idToken().get();
    } catch (RuntimeException e) {
      throw fail("the ID token for cross-app access could not be had: " + e.getMessage());
    }
    if (idToken == null || idToken.isBlank()) {
      throw fail("there is no ID token for cross-app access");
    }
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
    form.put("requested_token_type", ID_JAG);
    form.put("audience", audience);
    form.put("resource", resource.toString());
    form.put("subject_token", idToken);
    form.put("subject_token_type", "urn:ietf:params:oauth:token-type:id_token");
    form.put("client_id", access.idpClientId());
    if (scope != null) {
      form.put("scope", scope);
    }
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(access.idpTokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))),
            "token exchange at the identity provider");
    JsonNode answer = readJson(response.body(), "token exchange at the identity provider");
    String grant = answer.path("access_token").asText(null);
    if (grant == null) {
      throw fail("the identity provider's token exchange answered without an access_token");
    }
    String type = answer.path("issued_token_type").asText(ID_JAG);
    if (!type.equals(ID_JAG)) {
      throw fail("the identity provider issued a " + type + ", not an ID-JAG (" + ID_JAG + ")");
    }
    return grant;
  }

  /** The protected resource's metadata: from the challenge, else the well-known places. */
  private JsonNode protectedResource(String fromChallenge) {
    List<String> places = new ArrayList<>();
    if (fromChallenge != null) {
      places.add(fromChallenge);
    }
    String origin = originOf(resource);
    String path = resource.getRawPath() == null ? "" : resource.getRawPath();
    if (!path.isEmpty() && !path.equals("/")) {
      places.add(origin + "/.well-known/oauth-protected-resource" + path);
    }
    places.add(origin + "/.well-known/oauth-protected-resource");
    for (String place : places) {
      JsonNode found = getJson(place);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** The authorization server's metadata, from the places RFC 8414 and OpenID name; or null. */
  private JsonNode authorizationServer(String issuer) {
    URI uri = URI.create(issuer);
    String origin = originOf(uri);
    String path = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
    List<String> places =
        path.isEmpty()
            ? List.of(
                origin + "/.well-known/oauth-authorization-server",
                origin + "/.well-known/openid-configuration")
            : List.of(
                origin + "/.well-known/oauth-authorization-server" + path,
                origin + "/.well-known/openid-configuration" + path,
                origin + path + "/.well-known/openid-configuration");
    for (String place : places) {
      JsonNode found = getJson(place);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private void register(String endpoint, JsonNode as) {
    if (endpoint == null) {
      throw fail(
          "the authorization server offers no dynamic registration; give a client id with"
              + " McpOAuth.builder().client(id, secret)");
    }
    ObjectNode body = Json.object();
    body.put("client_name", oauth.clientName());
    body.putArray("redirect_uris").add(oauth.redirectUri().toString());
    body.putArray("grant_types").add("authorization_code").add("refresh_token");
    body.putArray("response_types").add("code");
    String method = pickMethod(as);
    body.put("token_endpoint_auth_method", method);
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(endpoint))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))),
            "client registration");
    JsonNode registered = readJson(response.body(), "client registration");
    clientId = registered.path("client_id").asText(null);
    clientSecret = registered.path("client_secret").asText(null);
    authMethod = registered.path("token_endpoint_auth_method").asText(method);
    if (clientId == null) {
      throw fail("client registration answered without a client_id");
    }
  }

  /** The token endpoint's client authentication: the first the server supports that we can do. */
  private String pickMethod(JsonNode as) {
    List<String> supported = new ArrayList<>();
    if (as != null) {
      as.path("token_endpoint_auth_methods_supported").forEach(m -> supported.add(m.asText()));
    }
    if (supported.isEmpty()) {
      return oauth.clientCredentials() || clientSecret != null ? "client_secret_basic" : "none";
    }
    for (String method : List.of("client_secret_basic", "client_secret_post", "none")) {
      if (supported.contains(method)) {
        return method;
      }
    }
    return supported.get(0);
  }

  /** Posts {@code form} to the token endpoint, authenticated as the method says; keeps tokens. */
  private void token(Map<String, String> form) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(tokenEndpoint))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    if ("private_key_jwt".equals(authMethod)) {
      long now = System.currentTimeMillis() / 1000;
      ObjectNode claims = Json.object();
      claims.put("iss", clientId).put("sub", clientId).put("aud", audience);
      claims.put("iat", now).put("exp", now + 60).put("jti", random(16));
      form.put("client_id", clientId);
      form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
      form.put("client_assertion", Jwts.sign(claims, oauth.clientKey()));
    } else if ("client_secret_basic".equals(authMethod) && clientSecret != null) {
      String credentials =
          URLEncoder.encode(clientId, StandardCharsets.UTF_8)
              + ":"
              + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
      byte[] basic = credentials.getBytes(StandardCharsets.UTF_8);
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic));
    } else {
      form.put("client_id", clientId);
      if ("client_secret_post".equals(authMethod) && clientSecret != null) {
        form.put("client_secret", clientSecret);
      }
    }
    HttpResponse<String> response =
        send(request.POST(HttpRequest.BodyPublishers.ofString(form(form))), "token request");
    JsonNode tokens = readJson(response.body(), "token request");
    String access = tokens.path("access_token").asText(null);
    if (access == null) {
      throw fail("the token endpoint answered without an access_token");
    }
    long expires =
        tokens.has("expires_in")
            ? System.currentTimeMillis() + tokens.path("expires_in").asLong() * 1000
            : 0;
    McpOAuth.Tokens old = oauth.tokens().get(resource.toString());
    String refresh =
        tokens.path("refresh_token").asText(old == null ? null : old.refreshToken());
    oauth.tokens().put(resource.toString(), new McpOAuth.Tokens(access, refresh, expires));
  }

  private JsonNode getJson(String url) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(STEP_TIMEOUT)
                  .header("Accept", "application/json")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Json.parse(response.body()) : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("interrupted during discovery");
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request, String step) {
    try {
      HttpResponse<String> response =
          http.send(request.timeout(STEP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw fail(step + " answered HTTP " + response.statusCode());
      }
      return response;
    } catch (IOException e) {
      throw fail(step + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("interrupted during " + step);
    }
  }

  private JsonNode readJson(String body, String step) {
    try {
      return Json.parse(body);
    } catch (IOException e) {
      throw fail(step + " answered with something that is not JSON");
    }
  }

  private McpException fail(String what) {
    return new McpException(
        "OAuth for MCP server '" + config.name() + "' (" + config.describe() + "): " + what);
  }

  /** True if the metadata's {@code named} resource is this server's URL or a prefix of it. */
  private boolean covers(String named) {
    String mine = resource.toString();
    String bare = named.endsWith("/") ? named.substring(0, named.length() - 1) : named;
    return mine.equals(bare) || mine.startsWith(bare + "/");
  }

  private static String text(JsonNode node, String field, String otherwise) {
    return node != null && node.hasNonNull(field) ? node.get(field).asText() : otherwise;
  }

  private static String originOf(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private static String random(int bytes) {
    byte[] data = new byte[bytes];
    RANDOM.nextBytes(data);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
  }

  private static String challenge(String verifier) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String form(Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    values.forEach(
        (k, v) -> {
          if (out.length() > 0) {
            out.append('&');
          }
          out.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return out.toString();
  }

  private static Map<String, String> parse(String query) {
    Map<String, String> values = new LinkedHashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          values.put(
              URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return values;
  }
}
