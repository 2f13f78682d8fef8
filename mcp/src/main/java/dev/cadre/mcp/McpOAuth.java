package dev.cadre.mcp;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OAuth 2.1 for an HTTP MCP server that asks for it, as the MCP authorization specification says:
 * on a 401 the client discovers the protected resource's metadata and its authorization server's,
 * registers itself (dynamic client registration) unless a client id is given, sends the person
 * to authorize with PKCE, exchanges the code for a token and retries; a 403 naming a wider scope
 * authorizes again with it (step-up); an expired token is refreshed. Tokens are kept by a {@link
 * TokenStore} (in memory unless set) and never logged or put in an error.
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

  private McpOAuth(Builder b) {
    this.redirectUri = b.redirectUri;
    this.authorizer = b.authorizer;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.clientCredentials = b.clientCredentials;
    this.clientName = b.clientName;
    this.tokens = b.tokens;
  }

  /** Starts a configuration. */
  public static Builder builder() {
    return new Builder();
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
      this.clientCredentials = true;
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
     * @throws IllegalStateException if neither an authorizer nor client credentials are given
     */
    public McpOAuth build() {
      if (authorizer == null && !clientCredentials) {
        throw new IllegalStateException(
            "McpOAuth needs an authorizer (to take a person through authorization) or"
                + " clientCredentials(id, secret)");
      }
      return new McpOAuth(this);
    }
  }
}
