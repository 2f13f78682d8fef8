package dev.cadre.mcp;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/**
 * One MCP server's sessions, as an {@link McpConnection} uses them: a session is started (the
 * process and its {@code initialize}, or an HTTP session) when a request needs one, replaced when
 * it is lost, and every request goes on the current one bounded by its time limit, cancelled at
 * the server when the caller gives up, and retried once on a new session when the transport never
 * wrote it. Its errors name the server and what to change, with the server's secrets masked.
 */
final class Sessions {

  /** How long a ping after a timed-out call may take before the server counts as hung. */
  static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How often a call waiting on an HTTP server checks that the server is still there. The SDK's
   * HTTP transport does not fail a request whose server went away; a ping that cannot connect shows
   * it.
   */
  private static final Duration PROBE_EVERY = Duration.ofSeconds(2);

  /**
   * How much longer the SDK's own request limits are than this class's: they are backstops, and
   * this class's errors, which name server, request and setting, should be the ones seen.
   */
  private static final Duration SDK_MARGIN = Duration.ofSeconds(2);

  private final McpServerConfig config;
  private final McpJsonMapper mapper;
  private final McpClientOptions options;
  private final ClientRequests requests;
  private final Consumer<McpSchema.JSONRPCNotification> notified;
  private final Runnable started;
  private final Map<String, String> roots = new LinkedHashMap<>(); // guarded by this
  private Session session; // guarded by this
  private boolean closed; // guarded by this

  /**
   * @param notified sees each notification from the server as it is read
   * @param started told each time a session has been started
   */
  Sessions(
      McpServerConfig config,
      McpClientOptions options,
      ClientRequests requests,
      Consumer<McpSchema.JSONRPCNotification> notified,
      Runnable started) {
    this.config = config;
    this.options = options;
    this.requests = requests;
    this.notified = notified;
    this.started = started;
    options.roots().forEach(r -> roots.put(r.uri(), r.name()));
    // Jackson's own string limit (20 MB by default) must not be what stops a large answer: past
    // it, a message would vanish unparsed. maxMessageSize is the limit, with its own error.
    ObjectMapper json = Json.mapper().copy();
    json.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxStringLength(
                    Math.max(config.maxMessageSize(), StreamReadConstraints.DEFAULT_MAX_STRING_LEN))
                .build());
    this.mapper = new JacksonMcpJsonMapper(json);
  }

  /** Declares root {@code uri} called {@code name}; returns the session now, or null. */
  synchronized Session addRoot(String uri, String name) {
    roots.put(uri, name);
    return session;
  }

  /** Withdraws root {@code uri}; returns the session now, or null. */
  synchronized Session removeRoot(String uri) {
    roots.remove(uri);
    return session;
  }

  /** Ends the session, if any; later requests fail. */
  void close() {
    Session ending;
    synchronized (this) {
      closed = true;
      ending = session;
      session = null;
    }
    if (ending != null) {
      ending.discard();
    }
  }

  /**
   * Follows {@code nextCursor} until the last page; an empty list, without asking, from a server
   * whose declared capabilities ({@code declared}) leave the listing out. Such a server is
   * healthy: asking it anyway would fail in the SDK, and the failure would drop its session.
   *
   * @throws McpException if the server sends a cursor it sent before: the list would never end
   */
  <R, T> List<T> paged(
      String what,
      Predicate<McpSchema.ServerCapabilities> declared,
      java.util.function.BiFunction<McpAsyncClient, String, Mono<R>> page,
      Function<R, List<T>> items,
      Function<R, String> next) {
    McpSchema.ServerCapabilities capabilities = session().client.getServerCapabilities();
    if (capabilities == null || !declared.test(capabilities)) {
      return List.of();
    }
    List<T> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int pages = 0;
    String cursor = null;
    do {
      String at = cursor;
      R result = request(what, CancellationToken.none(), null, c -> page.apply(c, at));
      List<T> got = items.apply(result);
      if (got != null) {
        all.addAll(got);
      }
      pages++;
      cursor = next.apply(result);
      if (cursor != null && !cursor.isEmpty() && !seen.add(cursor)) {
        throw failure(
            "MCP server '"
                + config.name()
                + "' sent nextCursor '"
                + (cursor.length() <= 100 ? cursor : cursor.substring(0, 97) + "...")
                + "' a second time in its "
                + what
                + " answers (after "
                + pages
                + " pages), so the list would never end; Cadre stopped reading it. The server"
                + " has a bug: its pages must end with no nextCursor");
      }
    } while (cursor != null && !cursor.isEmpty());
    return all;
  }

  /**
   * Sends one request on the current session (starting one if there is none or it was lost) and
   * waits for the answer, the call timeout, the session's loss, or the caller's cancellation. A
   * call abandoned on cancellation or timeout is cancelled at the server too, when it carries a
   * {@code token} (see {@link TrackedTransport}).
   */
  <T> T request(
      String what,
      CancellationToken cancellation,
      String token,
      Function<McpAsyncClient, Mono<T>> send) {
    try {
      return requestOnce(what, cancellation, token, send);
    } catch (NeverSent e) {
      // The server's process had ended before the request was written (the session did not know
      // yet): the server never saw it, so it goes once more, on a new session.
      try {
        return requestOnce(what, cancellation, token, send);
      } catch (NeverSent again) {
        throw failure(
            "MCP server '" + config.name() + "' (" + config.describe() + ") ended before the"
                + " request for " + what + " could be written, twice; " + nextCall());
      }
    }
  }

  /** A request the transport never wrote, its session forgotten: safe to send again. */
  private static final class NeverSent extends RuntimeException {
    NeverSent() {
      super(null, null, false, false);
    }
  }

  private <T> T requestOnce(
      String what,
      CancellationToken cancellation,
      String token,
      Function<McpAsyncClient, Mono<T>> send) {
    Session current = session();
    CompletableFuture<T> answer = send.apply(current.client).toFuture();
    try (CancellationToken.Registration ignored =
        cancellation.onCancel(
            () -> {
              // The server is told first: the waiting thread forgets the call's id as soon as the
              // answer is cancelled.
              current.tracked.cancel(token, "the Cadre run cancelled the call");
              answer.cancel(true);
            })) {
      return current.awaitCall(answer, config.callTimeout(), what);
    } catch (TimeoutException e) {
      answer.cancel(true);
      current.tracked.cancel(
          token, "no answer within callTimeout " + format(config.callTimeout()));
      String state;
      if (current.answersPing()) {
        state =
            "the server still answers pings, so it is kept; raise callTimeout if the "
                + "call needs longer";
      } else {
        // Killed, not closed: a hung server will not exit by itself, and killing it is what
        // releases a writer blocked on its full stdin.
        kill(current);
        state = "it does not answer pings either, so it was dropped; " + nextCall();
      }
      throw failure(
          "MCP server '"
              + config.name()
              + "' did not answer "
              + what
              + " within "
              + format(config.callTimeout())
              + ": "
              + state);
    } catch (Lost e) {
      forget(current);
      throw failure(
          "MCP server '"
              + config.name()
              + "' ("
              + config.describe()
              + ") "
              + e.getMessage()
              + " during the request for "
              + what
              + "; "
              + nextCall());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof McpError error) {
        throw failure(
            "MCP server '"
                + config.name()
                + "' answered the request for "
                + what
                + " with an error: "
                + error.getMessage(),
            error);
      }
      // Not an answer but a broken transport (connection refused, session unknown to the server):
      // the session is of no more use.
      forget(current);
      if (cause instanceof ProcessTransport.NotRunning) {
        throw new NeverSent();
      }
      throw failure(
          "MCP server '"
              + config.name()
              + "' ("
              + config.describe()
              + ") could not be reached for "
              + what
              + ": "
              + cause
              + "; "
              + nextCall(),
          cause);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw failure(
          "interrupted while waiting for MCP server '" + config.name() + "' to answer " + what);
    } catch (java.util.concurrent.CancellationException e) {
      throw failure(
          "the request to MCP server '" + config.name() + "' for " + what + " was cancelled");
    } finally {
      current.tracked.done(token);
    }
  }

  /**
   * An error about this server, with its secrets masked: messages here quote its command line,
   * its stderr and its own error messages, any of which may hold a key.
   */
  McpException failure(String message) {
    return new McpException(config.mask(message));
  }

  /** Like {@link #failure(String)}, with the cause's messages masked too. */
  McpException failure(String message, Throwable cause) {
    return new McpException(config.mask(message), config.mask(cause));
  }

  /**
   * What went wrong under the SDK's wrapping: the message of a Cadre error in the chain (an OAuth
   * step, an HTTP status), which says more than the SDK's "failed to initialize".
   */
  private static String reason(Throwable cause) {
    for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof McpException cadre) {
        return cadre.getMessage();
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (suppressed instanceof McpException cadre) {
          return cadre.getMessage();
        }
      }
    }
    return String.valueOf(cause);
  }

  /** What the next request will do about a lost session, for error messages. */
  private String nextCall() {
    return config.url().isPresent()
        ? "the next call opens a new session"
        : "the next call starts the server again";
  }

  synchronized Session session() {
    if (closed) {
      throw failure(
          "the connection to MCP server '" + config.name() + "' is closed; open a new one");
    }
    if (session != null && !session.lost.isDone()) {
      return session;
    }
    if (session != null) {
      session.discard();
      session = null;
    }
    session = start();
    return session;
  }

  private synchronized void forget(Session lost) {
    if (session == lost) {
      session = null;
    }
    lost.discard();
  }

  private synchronized void kill(Session hung) {
    if (session == hung) {
      session = null;
    }
    hung.kill();
  }

  private Session start() {
    McpClientTransport transport;
    CompletableFuture<String> lost;
    if (config.url().isPresent()) {
      // Cadre's own transport, not the SDK's: it resumes a broken stream (Last-Event-ID, retry)
      // and keeps to maxMessageSize.
      transport = new HttpTransport(config, mapper);
      lost = new CompletableFuture<>();
    } else {
      ProcessTransport process = new ProcessTransport(config, mapper);
      transport = process;
      lost = process.exited();
    }
    TrackedTransport tracked = new TrackedTransport(transport, notified);
    McpClient.AsyncSpec spec =
        McpClient.async(tracked)
            // The SDK's own limits are backstops: this class keeps the time with its own errors
            // (calls at callTimeout). The SDK's request limit bounds `initialize` too, so it must
            // let the slower of the two finish.
            .requestTimeout(max(config.callTimeout(), config.initializeTimeout()).plus(SDK_MARGIN))
            .initializationTimeout(config.initializeTimeout().plus(SDK_MARGIN))
            .clientInfo(new McpSchema.Implementation("cadre", "Cadre", "0.1.0"))
            .capabilities(requests.capabilities())
            .loggingConsumer(requests::log)
            .progressConsumer(
                p -> {
                  options
                      .onProgress()
                      .accept(
                          new McpClientOptions.McpProgress(
                              config.name(), p.progressToken(), p.progress(), p.total(),
                              p.message()));
                  return Mono.empty();
                })
            .toolsChangeConsumer(
                changed -> {
                  options.onToolsChanged().run();
                  return Mono.empty();
                })
            .resourcesUpdateConsumer(
                updated -> {
                  updated.forEach(c -> options.onResourceUpdated().accept(c.uri()));
                  return Mono.empty();
                })
            .applyElicitationDefaults(true);
    synchronized (this) {
      roots.forEach((uri, name) -> spec.roots(new McpSchema.Root(uri, name)));
    }
    if (options.sampling() != null) {
      spec.sampling(requests::sample);
    }
    if (options.elicitation() != null) {
      spec.elicitation(requests::elicit);
    }
    McpAsyncClient client = spec.build();
    started.run(); // a server started again may list other tools
    Session started = new Session(client, transport, tracked, lost);
    CompletableFuture<McpSchema.InitializeResult> init = client.initialize().toFuture();
    try {
      started.await(init, config.initializeTimeout(), "initialize");
      if (transport instanceof ProcessTransport process) {
        process.rememberDescendants(); // the real server behind npx or sh -c is running by now
      }
      return started;
    } catch (TimeoutException e) {
      started.discard();
      throw failure(
          "MCP server '"
              + config.name()
              + "' ("
              + config.describe()
              + ") did not answer initialize within "
              + format(config.initializeTimeout())
              + started.stderr()
              + "; check that it is an MCP server and starts, or raise initializeTimeout");
    } catch (Lost e) {
      started.discard();
      throw failure(
          "MCP server '" + config.name() + "' (" + config.describe() + ") " + e.getMessage());
    } catch (ExecutionException e) {
      started.discard();
      Throwable cause = e.getCause();
      if (lost.isDone() && !"was stopped".equals(lost.getNow(""))) {
        // The process could not start or died: that, not the SDK's echo of it, is the news.
        throw failure(
            "MCP server '" + config.name() + "' (" + config.describe() + ") " + lost.getNow(""),
            cause);
      }
      throw failure(
          "MCP server '"
              + config.name()
              + "' ("
              + config.describe()
              + ") could not be initialized: "
              + reason(cause)
              + started.stderr(),
          cause);
    } catch (InterruptedException e) {
      started.discard();
      Thread.currentThread().interrupt();
      throw failure("interrupted while starting MCP server '" + config.name() + "'");
    } catch (RuntimeException e) {
      started.discard();
      throw e;
    }
  }

  /** The session ended under a request: the process exited, or the session was dropped. */
  private static final class Lost extends Exception {
    private static final long serialVersionUID = 1L;

    Lost(String reason) {
      super(reason, null, false, false);
    }
  }

  /** One SDK client on one transport; replaced as a whole when lost. */
  static final class Session {
    final McpAsyncClient client;
    final McpClientTransport transport;
    final TrackedTransport tracked;
    final CompletableFuture<String> lost;

    Session(
        McpAsyncClient client,
        McpClientTransport transport,
        TrackedTransport tracked,
        CompletableFuture<String> lost) {
      this.client = client;
      this.transport = transport;
      this.tracked = tracked;
      this.lost = lost;
    }

    <T> T await(CompletableFuture<T> answer, Duration timeout, String what)
        throws TimeoutException, Lost, ExecutionException, InterruptedException {
      try {
        CompletableFuture.anyOf(answer, lost).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        // anyOf failed: either the answer (handled below) or, never, the loss signal
      }
      if (answer.isDone()) {
        return answer.get();
      }
      if (lost.isDone()) {
        throw new Lost(lost.getNow("was lost"));
      }
      throw new TimeoutException(what);
    }

    /**
     * Like {@link #await}, for a call: on HTTP, the server is probed every {@link #PROBE_EVERY}
     * while the answer is awaited, and a probe that cannot reach it ends the wait as {@link Lost}.
     * A probe that merely goes unanswered proves nothing (the server may be busy), so only the
     * call's own time limit ends the wait then.
     */
    <T> T awaitCall(CompletableFuture<T> answer, Duration timeout, String what)
        throws TimeoutException, Lost, ExecutionException, InterruptedException {
      if (transport instanceof ProcessTransport) {
        return await(answer, timeout, what); // a process's exit is seen at once
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(what);
        }
        try {
          return await(answer, Duration.ofNanos(Math.min(left, PROBE_EVERY.toNanos())), what);
        } catch (TimeoutException e) {
          probe(
              Duration.ofNanos(
                  Math.max(1, Math.min(deadline - System.nanoTime(), PING_TIMEOUT.toNanos()))));
        }
      }
    }

    private void probe(Duration bound) throws Lost, InterruptedException {
      CompletableFuture<Object> pong = client.ping().toFuture();
      try {
        pong.get(bound.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        pong.cancel(true);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof McpError)) {
          lost.complete("went away (" + e.getCause() + ")");
          throw new Lost(lost.getNow("went away"));
        }
      }
    }

    boolean answersPing() {
      CompletableFuture<Object> pong = client.ping().toFuture();
      try {
        await(pong, PING_TIMEOUT, "ping");
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (Exception e) {
        pong.cancel(true);
        return false;
      }
    }

    String stderr() {
      return transport instanceof ProcessTransport process ? process.lastStderr() : "";
    }

    /** Kills a hung server at once, with whatever it started, then discards the session. */
    void kill() {
      if (transport instanceof ProcessTransport process) {
        process.kill();
      }
      discard();
    }

    void discard() {
      lost.complete("was stopped");
      try {
        client.close();
      } catch (RuntimeException e) {
        // closing a broken session can fail; the transport is closed below either way
      }
      transport.close();
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  static String format(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
