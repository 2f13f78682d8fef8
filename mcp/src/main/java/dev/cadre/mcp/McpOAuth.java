package dev.cadre.mcp;

import java.net.URI;
import java.security.PrivateKey;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * OAuth 2.1 for an HTTP MCP server that asks for it, as the MCP authorization specification says:
 * on a 401 the client discovers the protected resource's metadata and its authorization server's,
 * registers itself (dynamic client registration) unless a client id is given, sends the person
 * to authorize with PKCE, exchanges the code for a token and retries; a 403 naming a wider scope
 * authorizes again with it (step-up); an expired token is refreshed. Tokens are kept by a {@link
 * TokenStore} (in memory unless set) and never logged or put in an error.
 *
 * <p>A machine without a person uses the client credentials grant, authenticated with a secret
 * ({@link Builder#clientCredentials(String, String)}) or a signed JWT ({@link
 * Builder#clientCredentials(String, PrivateKey)}, {@code private_key_jwt}); an enterprise's users
 * reach the server through their identity provider's ID token ({@link Builder#crossAppAccess},
 * the token exchange for an ID-JAG and the JWT bearer grant).
 *
 * <pre>{@code
 * McpOAuth oauth = McpOAuth.builder()
 *     .redirectUri(URI.create("http://localhost:8976/callback"))
 *     .authorizer(url -> browserLogin(url))   // opens url, returns where the browser was sent
 *     .build();
 * McpServerConfig.http("notes", "https://notes.example.com/mcp").oauth(oauth).build();
 * }</pre>
 */
public final class McpOAuth {

  /**
   * Takes the person to the authorization URL and returns the URI the authorization server sent
   * them back to (the redirect URI with {@code code} and {@code state}).
   */
  @FunctionalInterface
  public interface Authorizer {
    /** Authorizes at {@code authorizationUrl}; returns the redirect it ended at. */
    URI authorize(URI authorizationUrl) throws Exception;
  }

  /** Where tokens are kept, by the resource (the MCP server's URL) they are for. */
  public interface TokenStore {
    /** The tokens for {@code resource}, or null. */
    Tokens get(String resource);

    /** Keeps {@code tokens} for {@code resource}. */
    void put(String resource, Tokens tokens);

    /** A store in this JVM's memory: tokens are lost when it stops. */
    static TokenStore inMemory() {
      Map<String, Tokens> tokens = new ConcurrentHashMap<>();
      return new TokenStore() {
        @Override
        public Tokens get(String resource) {
          return tokens.get(resource);
        }

        @Override
        public void put(String resource, Tokens given) {
          tokens.put(resource, given);
        }
      };
    }
  }

  /**
   * Tokens for one resource.
   *
   * @param accessToken sent as {@code Authorization: Bearer ...}
   * @param refreshToken to get a new access token, or null
   * @param expiresAtMillis when the access token expires (epoch millis), or 0 if not said
   */
  public record Tokens(String accessToken, String refreshToken, long expiresAtMillis) {
    @Override
    public String toString() {
      return "Tokens[***]"; // never in a log
    }
  }

  private final URI redirectUri;
  private final Authorizer authorizer;
  private final String clientId;
  private final String clientSecret;
  private final boolean clientCredentials;
  private final String clientName;
  private final TokenStore tokens;
  private final PrivateKey clientKey;
  private final CrossAppAccess crossAppAccess;

  /**
   * Where an enterprise user's identity comes from for {@link Builder#crossAppAccess}.
   *
   * @param idpTokenEndpoint the identity provider's token endpoint, which exchanges the ID token
   * @param idpClientId this client's id at the identity provider
   * @param idToken the user's current ID token from the identity provider (asked for each time)
   */
  record CrossAppAccess(URI idpTokenEndpoint, String idpClientId, Supplier<String> idToken) {}

  private McpOAuth(Builder b) {
    this.redirectUri = b.redirectUri;
    this.authorizer = b.authorizer;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.clientCredentials = b.clientCredentials;
    this.clientName = b.clientName;
    this.tokens = b.tokens;
    this.clientKey = b.clientKey;
    this.crossAppAccess = b.crossAppAccess;
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a PKCS #8 private key ({@code -----BEGIN PRIVATE KEY-----}, RSA or EC) for {@link
   * Builder#clientCredentials(String, PrivateKey)}.
   *
   * @throws IllegalArgumentException if {@code pem} is not one; the message quotes none of it
   */
  public static PrivateKey privateKey(String pem) {
    return Jwts.privateKey(Objects.requireNonNull(pem, "pem"));
  }

  URI redirectUri() {
    return redirectUri;
  }

  Authorizer authorizer() {
    return authorizer;
  }

  String clientId() {
    return clientId;
  }

  String clientSecret() {
    return clientSecret;
  }

  boolean clientCredentials() {
    return clientCredentials;
  }

  String clientName() {
    return clientName;
  }

  TokenStore tokens() {
    return tokens;
  }

  PrivateKey clientKey() {
    return clientKey;
  }

  CrossAppAccess crossAppAccess() {
    return crossAppAccess;
  }

  @Override
  public String toString() {
    return "McpOAuth[" + (clientId == null ? "dynamic registration" : "client " + clientId) + "]";
  }

  /** Collects an {@link McpOAuth}. */
  public static final class Builder {
    private URI redirectUri = URI.create("http://localhost:8976/callback");
    private Authorizer authorizer;
    private String clientId;
    private String clientSecret;
    private boolean clientCredentials;
    private String clientName = "Cadre";
    private TokenStore tokens = TokenStore.inMemory();
    private PrivateKey clientKey;
    private CrossAppAccess crossAppAccess;

    private Builder() {}

    /** Where the authorization server sends the person back; registered with it. */
    public Builder redirectUri(URI uri) {
      this.redirectUri = Objects.requireNonNull(uri, "redirectUri");
      return this;
    }

    /** Takes the person through authorization: required for the authorization code flow. */
    public Builder authorizer(Authorizer authorizer) {
      this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
      return this;
    }

    /** A client registered beforehand (no dynamic registration); the secret may be null. */
    public Builder client(String id, String secret) {
      this.clientId = Objects.requireNonNull(id, "client id");
      this.clientSecret = secret;
      return this;
    }

    /**
     * Uses the client credentials grant with {@code id} and {@code secret}: for a machine, no
     * person and no authorizer.
     */
    public Builder clientCredentials(String id, String secret) {
      client(id, Objects.requireNonNull(secret, "client secret"));
      this.clientKey = null;
      this.clientCredentials = true;
      return this;
    }

    /**
     * Uses the client credentials grant as client {@code id}, authenticated by a JWT signed with
     * {@code key} ({@code private_key_jwt}, RFC 7523): for a machine whose authorization server
     * holds its public key instead of a secret. RSA keys sign with RS256, EC keys (P-256, P-384)
     * with ES256 or ES384.
     */
    public Builder clientCredentials(String id, PrivateKey key) {
      this.clientId = Objects.requireNonNull(id, "client id");
      this.clientKey = Objects.requireNonNull(key, "client key");
      this.clientSecret = null;
      this.clientCredentials = true;
      return this;
    }

    /**
     * Cross-app access (Enterprise-Managed Authorization): the user's ID token from the
     * enterprise's identity provider is exchanged there for an identity assertion grant (an
     * ID-JAG, RFC 8693 token exchange) naming this server's authorization server and this server,
     * and that grant for an access token at the authorization server (the JWT bearer grant, RFC
     * 7523), as the client given by {@link #client(String, String)}. No person and no browser.
     *
     * @param idpTokenEndpoint the identity provider's token endpoint
     * @param idpClientId this client's id at the identity provider
     * @param idToken gives the user's current ID token (it expires, so it is asked each time)
     */
    public Builder crossAppAccess(
        URI idpTokenEndpoint, String idpClientId, Supplier<String> idToken) {
      this.crossAppAccess =
          new CrossAppAccess(
              Objects.requireNonNull(idpTokenEndpoint, "idpTokenEndpoint"),
              Objects.requireNonNull(idpClientId, "idpClientId"),
              Objects.requireNonNull(idToken, "idToken"));
      return this;
    }

    /** The name registered for this client; "Cadre" unless set. */
    public Builder clientName(String name) {
      this.clientName = Objects.requireNonNull(name, "clientName");
      return this;
    }

    /** Where tokens are kept; {@link TokenStore#inMemory()} unless set. */
    public Builder tokenStore(TokenStore store) {
      this.tokens = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalStateException if neither an authorizer, client credentials nor cross-app
     *     access are given, or cross-app access has no client
     */
    public McpOAuth build() {
      if (authorizer == null && !clientCredentials && crossAppAccess == null) {
        throw new IllegalStateException(
            "McpOAuth needs an authorizer (to take a person through authorization),"
                + " clientCredentials(id, secret or key) or crossAppAccess(...)");
      }
      if (crossAppAccess != null && clientId == null) {
        throw new IllegalStateException(
            "crossAppAccess needs the client registered at the MCP server's authorization"
                + " server: add client(id, secret)");
      }
      return new McpOAuth(this);
    }
  }
}
