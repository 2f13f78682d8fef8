package dev.cadre.mcp;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

  private final String name;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path workingDirectory;
  private final URI url;
  private final Map<String, String> headers;
  private final Duration callTimeout;
  private final Duration initializeTimeout;
  private final String toolPrefix;

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
    return "command '" + String.join(" ", command) + "'";
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
