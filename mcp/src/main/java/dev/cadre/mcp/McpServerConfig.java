package dev.cadre.mcp;

import dev.cadre.model.http.Secrets;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach one MCP server, and how long to wait for it: a process spoken to over stdio ({@link
 * #stdio}) or a streamable HTTP endpoint ({@link #http}). Immutable; build one with the returned
 * {@link Builder}.
 *
 * <pre>{@code
 * McpServerConfig files = McpServerConfig.stdio("files", "npx", "-y",
 *         "@modelcontextprotocol/server-filesystem", "/srv/data")
 *     .callTimeout(Duration.ofSeconds(20))
 *     .build();
 * }</pre>
 */
public final class McpServerConfig {

  /** How long one request (a tool call, a listing) may take unless set otherwise. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

  /** How long a server may take to start and answer {@code initialize} unless set otherwise. */
  public static final Duration DEFAULT_INITIALIZE_TIMEOUT = Duration.ofSeconds(30);

  /** The largest message read from a server (16 MiB) unless set otherwise. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

  /** How much of a tool's result (100,000 characters) reaches the model unless set otherwise. */
  public static final int DEFAULT_MAX_RESULT_CHARS = 100_000;

  private final String name;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path workingDirectory;
  private final URI url;
  private final Map<String, String> headers;
  private final Duration callTimeout;
  private final Duration initializeTimeout;
  private final String toolPrefix;
  private final int maxMessageSize;
  private final int maxResultChars;
  private final McpOAuth oauth;
  private final Secrets secrets;

  /**
   * Names of command-line options, environment variables and headers whose values are taken as
   * secrets: {@code --api-key}, {@code GITHUB_TOKEN}, {@code Authorization}...
   */
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(key|token|secret|passw|pwd|credential|auth|bearer|session|cookie|private).*");

  private McpServerConfig(Builder b) {
    this.name = b.name;
    this.command = List.copyOf(b.command);
    this.env = Map.copyOf(b.env);
    this.workingDirectory = b.workingDirectory;
    this.url = b.url;
    this.headers = Map.copyOf(b.headers);
    this.callTimeout = b.callTimeout;
    this.initializeTimeout = b.initializeTimeout;
    this.toolPrefix = b.toolPrefix;
    this.maxMessageSize = b.maxMessageSize;
    this.maxResultChars = b.maxResultChars;
    this.oauth = b.oauth;
    this.secrets = Secrets.of(secretValues(b));
  }

  /**
   * The values to hide: those the user marked, those of options, variables and headers named like
   * secrets ({@code --api-key=v}, {@code --token v}, {@code API_KEY=v}, {@code Authorization: v}),
   * and the user-info and query values of the URL.
   */
  private static List<String> secretValues(Builder b) {
    List<String> values = new ArrayList<>(b.secrets);
    for (int i = 0; i < b.command.size(); i++) {
      String arg = b.command.get(i);
      if (!arg.startsWith("-")) {
        continue;
      }
      int equals = arg.indexOf('=');
      if (equals > 0) {
        if (SECRET_NAME.matcher(arg.substring(0, equals)).matches()) {
          values.add(arg.substring(equals + 1));
        }
      } else if (SECRET_NAME.matcher(arg).matches()
          && i + 1 < b.command.size()
          && !b.command.get(i + 1).startsWith("-")) {
        values.add(b.command.get(i + 1));
      }
    }
    b.env.forEach(
        (key, value) -> {
          if (SECRET_NAME.matcher(key).matches()) {
            values.add(value);
          }
        });
    b.headers.forEach(
        (key, value) -> {
          if (SECRET_NAME.matcher(key).matches()) {
            values.add(value);
          }
        });
    if (b.url != null) {
      String userInfo = b.url.getRawUserInfo();
      if (userInfo != null && userInfo.indexOf(':') >= 0) {
        values.add(userInfo.substring(userInfo.indexOf(':') + 1));
      }
      String query = b.url.getRawQuery();
      if (query != null) {
        for (String pair : query.split("&")) {
          int equals = pair.indexOf('=');
          if (equals > 0) {
            values.add(pair.substring(equals + 1));
          }
        }
      }
    }
    return values;
  }

  /**
   * {@code text} with this server's secrets hidden as {@code ***}: what the user marked with
   * {@link Builder#secret}, and the values of options, environment variables and headers named
   * like secrets. Every message about this server that may reach a model or a log passes here.
   */
  public String mask(String text) {
    return secrets.mask(text);
  }

  /** {@code cause}, or a stand-in with its messages masked if one of them holds a secret. */
  Throwable mask(Throwable cause) {
    return secrets.maskCause(cause);
  }

  /**
   * A server Cadre starts as a process and speaks to over its stdin and stdout.
   *
   * @param name what errors and logs call this server
   * @param command the program, found on the {@code PATH} if not a path
   * @param args its arguments
   */
  public static Builder stdio(String name, String command, String... args) {
    Objects.requireNonNull(command, "command of MCP server '" + name + "'");
    List<String> line = new ArrayList<>();
    line.add(command);
    line.addAll(List.of(args));
    return new Builder(name, line, null);
  }

  /** Like {@link #stdio(String, String, String...)}, with the command line as a list. */
  public static Builder stdio(String name, List<String> commandLine) {
    Objects.requireNonNull(commandLine, "command line of MCP server '" + name + "'");
    if (commandLine.isEmpty()) {
      throw new IllegalArgumentException(
          "MCP server '" + name + "': the command line is empty; give at least the program");
    }
    return new Builder(name, new ArrayList<>(commandLine), null);
  }

  /**
   * A server reached over MCP's streamable HTTP transport.
   *
   * @param url its MCP endpoint, such as {@code http://localhost:3001/mcp}
   */
  public static Builder http(String name, String url) {
    Objects.requireNonNull(url, "url of MCP server '" + name + "'");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "MCP server '" + name + "': '" + url + "' is not a URL: " + e.getMessage(), e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "MCP server '" + name + "': URL '" + url + "' must start with http:// or https://");
    }
    return new Builder(name, List.of(), uri);
  }

  /** What errors and logs call this server. */
  public String name() {
    return name;
  }

  /** The command line of a stdio server; empty for an HTTP server. */
  public List<String> command() {
    return command;
  }

  /** Variables added to the environment a stdio server inherits. */
  public Map<String, String> env() {
    return env;
  }

  /** Where a stdio server runs; empty means this JVM's working directory. */
  public Optional<Path> workingDirectory() {
    return Optional.ofNullable(workingDirectory);
  }

  /** The endpoint of an HTTP server; empty for a stdio server. */
  public Optional<URI> url() {
    return Optional.ofNullable(url);
  }

  /** Headers sent with every HTTP request (authorization, say); empty for stdio. */
  public Map<String, String> headers() {
    return headers;
  }

  /** How long one request may take before it fails with an error naming server and request. */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** How long the server may take to start and answer {@code initialize}. */
  public Duration initializeTimeout() {
    return initializeTimeout;
  }

  /** The largest message, in bytes, read from this server; see {@link Builder#maxMessageSize}. */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  /** How many characters of one tool result reach the model; the rest is cut, with a note. */
  public int maxResultChars() {
    return maxResultChars;
  }

  /** OAuth for an HTTP server that asks for it; empty if none is set. */
  public Optional<McpOAuth> oauth() {
    return Optional.ofNullable(oauth);
  }

  /** Put before each tool's name in Cadre ({@code "fs_"}), so two servers' tools cannot clash. */
  public String toolPrefix() {
    return toolPrefix;
  }

  /**
   * "command 'node server.js'" or "URL http://host/path": where this server is, for error messages
   * and logs. A URL is shown without its user-info and query string, which often carry tokens.
   */
  public String describe() {
    if (url != null) {
      String authority = url.getRawAuthority() == null ? "" : url.getRawAuthority();
      authority = authority.substring(authority.lastIndexOf('@') + 1);
      return "URL "
          + url.getScheme()
          + "://"
          + authority
          + (url.getRawPath() == null ? "" : url.getRawPath());
    }
    return "command '" + mask(String.join(" ", command)) + "'";
  }

  @Override
  public String toString() {
    // Environment values and headers may carry secrets: names only.
    return "McpServerConfig[" + name + ", " + describe() + "]";
  }

  /** Builds a {@link McpServerConfig}; every setting but the name and the target is optional. */
  public static final class Builder {
    private final String name;
    private final List<String> command;
    private final URI url;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Path workingDirectory;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private Duration initializeTimeout = DEFAULT_INITIALIZE_TIMEOUT;
    private String toolPrefix = "";
    private final List<String> secrets = new ArrayList<>();
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private int maxResultChars = DEFAULT_MAX_RESULT_CHARS;
    private McpOAuth oauth;

    private Builder(String name, List<String> command, URI url) {
      Objects.requireNonNull(name, "name of MCP server");
      if (name.isBlank()) {
        throw new IllegalArgumentException("an MCP server needs a name, for its errors and logs");
      }
      this.name = name;
      this.command = command;
      this.url = url;
    }

    /** Adds {@code key=value} to the environment of a stdio server. */
    public Builder env(String key, String value) {
      requireStdio("env");
      env.put(
          Objects.requireNonNull(key, "env key"),
          Objects.requireNonNull(value, "env value of " + key));
      return this;
    }

    /** Adds every entry of {@code variables} to the environment of a stdio server. */
    public Builder env(Map<String, String> variables) {
      variables.forEach(this::env);
      return this;
    }

    /** Runs a stdio server in {@code directory}. */
    public Builder workingDirectory(Path directory) {
      requireStdio("workingDirectory");
      this.workingDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Sends {@code name: value} with every request to an HTTP server. */
    public Builder header(String name, String value) {
      if (url == null) {
        throw new IllegalStateException(
            "MCP server '" + this.name + "' is a stdio server: headers are for HTTP servers");
      }
      headers.put(Objects.requireNonNull(name, "header name"), Objects.requireNonNull(value));
      return this;
    }

    /** How long one request may take; {@link #DEFAULT_CALL_TIMEOUT} unless set. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = positive(timeout, "callTimeout");
      return this;
    }

    /** How long the server may take to start; {@link #DEFAULT_INITIALIZE_TIMEOUT} unless set. */
    public Builder initializeTimeout(Duration timeout) {
      this.initializeTimeout = positive(timeout, "initializeTimeout");
      return this;
    }

    /** A prefix for the Cadre names of this server's tools, such as {@code "fs_"}. */
    public Builder toolPrefix(String prefix) {
      this.toolPrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /**
     * The largest message, in bytes, read from this server; {@link #DEFAULT_MAX_MESSAGE_SIZE}
     * unless set. A larger answer is dropped unread, and its request fails at once with an error
     * saying so (the model reads it as a tool error), instead of waiting out its time limit.
     */
    public Builder maxMessageSize(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException(
            "maxMessageSize of MCP server '" + name + "' must be 1024 bytes or more, got " + bytes);
      }
      this.maxMessageSize = bytes;
      return this;
    }

    /**
     * How many characters of one tool result reach the model; {@link #DEFAULT_MAX_RESULT_CHARS}
     * unless set. The rest is cut, and the model is told how much was left out.
     */
    public Builder maxResultChars(int chars) {
      if (chars < 100) {
        throw new IllegalArgumentException(
            "maxResultChars of MCP server '" + name + "' must be at least 100, got " + chars);
      }
      this.maxResultChars = chars;
      return this;
    }

    /** Authorizes with {@code oauth} when the HTTP server answers 401; see {@link McpOAuth}. */
    public Builder oauth(McpOAuth oauth) {
      if (url == null) {
        throw new IllegalStateException(
            "MCP server '" + name + "' is a stdio server: OAuth is for HTTP servers");
      }
      this.oauth = Objects.requireNonNull(oauth, "oauth");
      return this;
    }

    /**
     * Marks {@code value} (an argument, or part of one) as a secret: it is shown as {@code ***}
     * wherever this server is described, in errors and logs. Values of options named like secrets
     * ({@code --api-key=...}, {@code --token ...}) are found without being marked.
     */
    public Builder secret(String value) {
      secrets.add(Objects.requireNonNull(value, "secret of MCP server '" + name + "'"));
      return this;
    }

    /** The settings given so far, frozen. */
    public McpServerConfig build() {
      return new McpServerConfig(this);
    }

    private void requireStdio(String setting) {
      if (url != null) {
        throw new IllegalStateException(
            "MCP server '" + name + "' is an HTTP server: " + setting + " is for stdio servers");
      }
    }

    private Duration positive(Duration timeout, String what) {
      Objects.requireNonNull(timeout, what + " of MCP server '" + name + "'");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException(
            what + " of MCP server '" + name + "' must be positive, got " + timeout);
      }
      return timeout;
    }
  }
}
