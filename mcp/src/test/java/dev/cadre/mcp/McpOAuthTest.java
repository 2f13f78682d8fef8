package dev.cadre.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cadre's client against an MCP server that requires OAuth, and its authorization server, both
 * real HTTP servers in this test: discovery, registration, PKCE, the token, refresh.
 */
class McpOAuthTest {

  private static final String TOKEN = "tok-secret-123456";

  private HttpServer server;
  private String base;
  private volatile String challenge;
  private final List<String> grants = new CopyOnWriteArrayList<>();
  private final List<String> resources = new CopyOnWriteArrayList<>();
  private final AtomicInteger issued = new AtomicInteger();
  private volatile int expiresIn = 3600;
  private volatile String prmResource;
  private volatile String authMethods = "\"none\"";
  private final List<Map<String, String>> tokenForms = new CopyOnWriteArrayList<>();
  private final List<String> tokenAuthorizations = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> idpForms = new CopyOnWriteArrayList<>();
  private volatile PublicKey clientKey; // verifies private_key_jwt assertions
  private volatile boolean idpRefuses;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      switch (path) {
        case "/.well-known/oauth-protected-resource/mcp" ->
            json(exchange, 200,
                "{\"resource\":\""
                    + (prmResource != null ? prmResource : base + "/mcp")
                    + "\",\"authorization_servers\":[\"" + base + "\"],"
                    + "\"scopes_supported\":[\"notes:read\"]}");
        case "/.well-known/oauth-authorization-server" ->
            json(exchange, 200,
                "{\"issuer\":\"" + base + "\","
                    + "\"authorization_endpoint\":\"" + base + "/authorize\","
                    + "\"token_endpoint\":\"" + base + "/token\","
                    + "\"registration_endpoint\":\"" + base + "/register\","
                    + "\"code_challenge_methods_supported\":[\"S256\"],"
                    + "\"token_endpoint_auth_methods_supported\":[" + authMethods + "]}");
        case "/register" -> json(exchange, 201, "{\"client_id\":\"client-1\"}");
        case "/authorize" -> {
          Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
          challenge = query.get("code_challenge");
          resources.add(query.get("resource"));
          exchange.getResponseHeaders().add(
              "Location", query.get("redirect_uri") + "?code=code-1&state=" + query.get("state"));
          exchange.sendResponseHeaders(302, -1);
        }
        case "/token" -> token(exchange);
        case "/idp/token" -> idpToken(exchange);
        case "/mcp" -> mcp(exchange);
        default -> exchange.sendResponseHeaders(404, -1);
      }
    }
  }

  private void token(HttpExchange exchange) throws IOException {
    Map<String, String> form =
        parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    grants.add(form.get("grant_type"));
    resources.add(form.get("resource"));
    tokenForms.add(form);
    tokenAuthorizations.add(
        String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
    if (form.containsKey("client_assertion") && !verified(form.get("client_assertion"))) {
      json(exchange, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    if (form.get("grant_type").equals("urn:ietf:params:oauth:grant-type:jwt-bearer")
        && !"id-jag-1".equals(form.get("assertion"))) {
      json(exchange, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    if (form.get("grant_type").equals("authorization_code")
        && !s256(form.get("code_verifier")).equals(challenge)) {
      json(exchange, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    json(exchange, 200,
        "{\"access_token\":\"" + TOKEN + issued.incrementAndGet() + "\",\"token_type\":\"Bearer\","
            + "\"expires_in\":" + expiresIn + ",\"refresh_token\":\"refresh-1\"}");
  }

  /** The identity provider's token exchange: an ID token for an ID-JAG. */
  private void idpToken(HttpExchange exchange) throws IOException {
    Map<String, String> form =
        parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    idpForms.add(form);
    if (idpRefuses) {
      json(exchange, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    json(exchange, 200,
        "{\"access_token\":\"id-jag-1\",\"token_type\":\"N_A\","
            + "\"issued_token_type\":\"urn:ietf:params:oauth:token-type:id-jag\"}");
  }

  /** Whether {@code jwt} is signed by the client's key (ES256: r and s, 32 bytes each). */
  private boolean verified(String jwt) {
    try {
      String[] parts = jwt.split("\\.");
      Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
      signature.initVerify(clientKey);
      signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
    } catch (Exception e) {
      return false;
    }
  }

  private static JsonNode jwtPart(String jwt, int part) throws IOException {
    return Json.parse(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[part]),
        StandardCharsets.UTF_8));
  }

  private void mcp(HttpExchange exchange) throws IOException {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.startsWith("Bearer " + TOKEN)) {
      exchange.getResponseHeaders().add(
          "WWW-Authenticate",
          "Bearer resource_metadata=\"" + base + "/.well-known/oauth-protected-resource/mcp\"");
      exchange.sendResponseHeaders(401, -1);
      return;
    }
    if (exchange.getRequestMethod().equals("GET")) {
      exchange.sendResponseHeaders(405, -1);
      return;
    }
    JsonNode message =
        Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String id = message.path("id").toString();
    switch (message.path("method").asText()) {
      case "initialize" ->
          json(exchange, 200, result(id,
              "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
                  + "\"serverInfo\":{\"name\":\"notes\",\"version\":\"1\"}}"));
      case "tools/call" ->
          json(exchange, 200, result(id,
              "{\"content\":[{\"type\":\"text\",\"text\":\"" + auth.substring(7) + "\"}]}"));
      case "ping" -> json(exchange, 200, result(id, "{}"));
      default -> exchange.sendResponseHeaders(202, -1);
    }
  }

  private static String result(String id, String result) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
  }

  private static void json(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> parse(String query) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : query == null ? new String[0] : query.split("&")) {
      int eq = pair.indexOf('=');
      values.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  private static String s256(String verifier) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Stands in for a person: follows the authorization server's redirect without a browser. */
  private static URI follow(URI url) throws Exception {
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(url).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    return URI.create(response.headers().firstValue("Location").orElseThrow());
  }

  @Test
  void a401IsAnsweredByDiscoveryRegistrationAndAPkceAuthorization() {
    String url = base + "/mcp";
    // The README shows this region word for word (ReadmeExamplesTest).
    // README:begin
    McpOAuth oauth = McpOAuth.builder()
        .authorizer(McpOAuthTest::follow)  // show the person the URL; return where they landed
        .build();                          // or .clientCredentials(id, secret) for a machine
    McpConnection notes =                  // on a 401: discovery, registration, PKCE, a token
        McpConnection.open(McpServerConfig.http("notes", url).oauth(oauth).build());
    // README:end
    try (notes) {
      String seen = notes.callTool("whoami", Json.object(), CancellationToken.none()).text();

      assertThat(seen).isEqualTo(TOKEN + "1");
      assertThat(grants).containsExactly("authorization_code");
      assertThat(resources).containsOnly(base + "/mcp"); // RFC 8707: the token is for this server
      assertThat(oauth.tokens().get(base + "/mcp").toString()).doesNotContain(TOKEN);
    }
  }

  @Test
  void clientCredentialsWithASignedJwtNeedNoSecretAndNoPerson() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    clientKey = pair.getPublic();
    authMethods = "\"private_key_jwt\"";
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    McpOAuth oauth =
        McpOAuth.builder().clientCredentials("robot-1", McpOAuth.privateKey(pem)).build();
    try (McpConnection notes =
        McpConnection.open(McpServerConfig.http("notes", base + "/mcp").oauth(oauth).build())) {
      String seen = notes.callTool("whoami", Json.object(), CancellationToken.none()).text();

      assertThat(seen).isEqualTo(TOKEN + "1");
    }
    Map<String, String> form = tokenForms.get(0);
    assertThat(form)
        .containsEntry("grant_type", "client_credentials")
        .containsEntry(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        .doesNotContainKey("client_secret");
    assertThat(tokenAuthorizations).containsExactly("null");
    JsonNode header = jwtPart(form.get("client_assertion"), 0);
    JsonNode claims = jwtPart(form.get("client_assertion"), 1);
    assertThat(header.path("alg").asText()).isEqualTo("ES256");
    assertThat(claims.path("iss").asText()).isEqualTo("robot-1");
    assertThat(claims.path("sub").asText()).isEqualTo("robot-1");
    assertThat(claims.path("aud").asText()).isEqualTo(base); // the authorization server's issuer
    assertThat(claims.path("exp").asLong()).isGreaterThan(claims.path("iat").asLong());
    assertThat(claims.path("jti").asText()).isNotBlank();
  }

  @Test
  void aKeyThatIsNotAPrivateKeyIsRefusedWithoutQuotingIt() {
    String pem = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ5dGVz\n-----END PRIVATE KEY-----";

    assertThatThrownBy(() -> McpOAuth.privateKey(pem))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PKCS #8")
        .hasMessageNotContaining("c2VjcmV0LWJ5dGVz");
  }

  private static final String ID_TOKEN = "eyJ.id-token-of-ada.sig";

  /** Cross-app access through this test's identity provider, as client notes-app. */
  private McpOAuth crossAppAccess() {
    return McpOAuth.builder()
        .client("notes-app", "app-secret")
        .crossAppAccess(URI.create(base + "/idp/token"), "idp-client", () -> ID_TOKEN)
        .build();
  }

  @Test
  void crossAppAccessExchangesTheIdTokenForAnIdJagAndThatForAToken() {
    authMethods = "\"client_secret_basic\"";
    McpOAuth oauth = crossAppAccess();
    try (McpConnection notes =
        McpConnection.open(McpServerConfig.http("notes", base + "/mcp").oauth(oauth).build())) {
      String seen = notes.callTool("whoami", Json.object(), CancellationToken.none()).text();

      assertThat(seen).isEqualTo(TOKEN + "1");
    }
    assertThat(idpForms).hasSize(1);
    assertThat(idpForms.get(0))
        .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
        .containsEntry("requested_token_type", "urn:ietf:params:oauth:token-type:id-jag")
        .containsEntry("subject_token", ID_TOKEN)
        .containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:id_token")
        .containsEntry("audience", base)
        .containsEntry("resource", base + "/mcp")
        .containsEntry("client_id", "idp-client");
    assertThat(tokenForms).hasSize(1);
    assertThat(tokenForms.get(0))
        .containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
        .containsEntry("assertion", "id-jag-1");
    assertThat(tokenAuthorizations)
        .containsExactly(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString("notes-app:app-secret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aRefusedTokenExchangeNamesTheStepAndNeverTheIdToken() {
    idpRefuses = true;
    McpOAuth oauth = crossAppAccess();

    assertThatThrownBy(
            () ->
                McpConnection.open(
                    McpServerConfig.http("notes", base + "/mcp").oauth(oauth).build()))
        .isInstanceOf(McpException.class)
        .hasMessageContaining("MCP server 'notes'")
        .hasMessageContaining("token exchange at the identity provider answered HTTP 400")
        .hasMessageNotContaining(ID_TOKEN);
    assertThat(tokenForms).isEmpty();
  }

  @Test
  void crossAppAccessWithoutAClientIsRefusedWhenBuilt() {
    assertThatThrownBy(
            () ->
                McpOAuth.builder()
                    .crossAppAccess(URI.create(base + "/idp/token"), "idp-client", () -> "t")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("client(id, secret)");
  }

  @Test
  void anExpiredTokenIsRefreshed() {
    expiresIn = 1; // expired at once, given the 5 s of margin the client keeps
    McpOAuth oauth = McpOAuth.builder().authorizer(McpOAuthTest::follow).build();
    try (McpConnection notes =
        McpConnection.open(McpServerConfig.http("notes", base + "/mcp").oauth(oauth).build())) {
      notes.callTool("whoami", Json.object(), CancellationToken.none());

      assertThat(grants).contains("authorization_code", "refresh_token");
    }
  }

  @Test
  void metadataForAnotherResourceIsRefusedBeforeAnyTokenIsAskedFor() {
    prmResource = "https://elsewhere.example/mcp";
    McpOAuth oauth = McpOAuth.builder().authorizer(McpOAuthTest::follow).build();

    assertThatThrownBy(
            () ->
                McpConnection.open(
                    McpServerConfig.http("notes", base + "/mcp").oauth(oauth).build()))
        .isInstanceOf(McpException.class)
        .hasMessageContaining("https://elsewhere.example/mcp")
        .hasMessageContaining("not for this server");
    assertThat(grants).isEmpty();
  }

  @Test
  void aFailedAuthorizationNamesTheServerAndNeverTheSecret() {
    McpOAuth oauth =
        McpOAuth.builder()
            .authorizer(url -> URI.create("http://localhost/callback?error=access_denied"))
            .build();

    assertThatThrownBy(
            () -> McpConnection.open(McpServerConfig.http("notes", base + "/mcp").oauth(oauth)
                .initializeTimeout(java.time.Duration.ofSeconds(20)).build()))
        .isInstanceOf(McpException.class)
        .hasMessageContaining("MCP server 'notes'")
        .hasMessageContaining("authorization ended without a code (access_denied)")
        .hasMessageNotContaining(TOKEN);
  }
}
