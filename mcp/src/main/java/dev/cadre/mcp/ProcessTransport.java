package dev.cadre.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * MCP's stdio transport, owning the server's process. The SDK's own stdio transport does not tell
 * its session when the process dies, so a request in flight to a crashed server waits for its full
 * timeout; this one completes {@link #exited()} the moment the process ends, with the exit code and
 * the last lines the server wrote to stderr, and the connection fails the request then.
 *
 * <p>Messages are written to the server's stdin by a thread of this transport, never by the caller:
 * a server that stops reading (stopped, or stuck) blocks that thread once the pipe is full, while
 * the caller's time limit runs. {@link #kill()} releases the blocked writer. Closing stops the
 * server and whatever it started (the real server behind {@code npx} or {@code sh -c}).
 */
final class ProcessTransport implements McpClientTransport {

  private static final Logger log = LoggerFactory.getLogger(ProcessTransport.class);
  private static final int STDERR_LINES = 20;

  /** At most this much of stderr goes into an error message, which the model reads. */
  private static final int STDERR_CHARS = 2_000;

  /** How long {@link #close()} gives the server, and then its descendants, to exit. */
  private static final long EXIT_WAIT_MILLIS = 1_000;

  /** Tells the writer thread to close stdin and stop; only its identity counts. */
  private static final Write END = new Write(new byte[0], new CompletableFuture<>());

  private final McpServerConfig config;
  private final McpJsonMapper mapper;
  private final CompletableFuture<String> exited = new CompletableFuture<>();
  private final Deque<String> stderr = new ArrayDeque<>();
  private final CompletableFuture<Void> stderrEnded = new CompletableFuture<>();
  private final BlockingQueue<Write> writes = new LinkedBlockingQueue<>();
  private volatile boolean writerEnded;
  private volatile Process process;
  private volatile boolean closing;
  private volatile List<ProcessHandle> descendants = List.of();

  /** One line for the writer thread, completed once it is in the pipe. */
  private record Write(byte[] line, CompletableFuture<Void> written) {}

  ProcessTransport(McpServerConfig config, McpJsonMapper mapper) {
    this.config = config;
    this.mapper = mapper;
  }

  /** Completes, with what happened, once the process has ended for whatever reason. */
  CompletableFuture<String> exited() {
    return exited;
  }

  @Override
  public Mono<Void> connect(
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    return Mono.fromRunnable(
        () -> {
          ProcessBuilder builder = new ProcessBuilder(config.command());
          builder.environment().putAll(config.env());
          config.workingDirectory().ifPresent(dir -> builder.directory(dir.toFile()));
          Process started;
          try {
            started = builder.start();
          } catch (IOException e) {
            String reason =
                "could not be started: "
                    + e.getMessage()
                    + "; check that the program is installed and on the PATH";
            exited.complete(reason);
            throw new McpException(
                "MCP server '" + config.name() + "' (" + config.describe() + ") " + reason, e);
          }
          process = started;
          thread("stdout", () -> readMessages(started, handler));
          thread("stderr", () -> readStderr(started));
          thread("stdin", () -> writeMessages(started));
          started
              .onExit()
              // Its last stderr lines may still be in the pipe: give the reader a moment to reach
              // the end (not forever: a process the server started may hold stderr open).
              .thenCompose(p -> stderrEnded.completeOnTimeout(null, 500, TimeUnit.MILLISECONDS))
              .thenRun(
                  () -> {
                    writes.add(END); // an idle writer learns it is done
                    exited.complete(
                        (closing ? "was stopped" : "exited with code " + started.exitValue())
                            + lastStderr());
                  });
        });
  }

  private void thread(String stream, Runnable body) {
    Thread thread = new Thread(body, "mcp-" + config.name() + "-" + stream);
    thread.setDaemon(true);
    thread.start();
  }

  private void readMessages(
      Process started,
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    try (InputStream stdout = started.getInputStream()) {
      BoundedLines in = new BoundedLines(stdout, config.maxMessageSize());
      BoundedLines.Line read;
      while ((read = in.next()) != null) {
        if (read.text() == null) {
          tooLarge(read, handler);
          continue;
        }
        String line = read.text();
        if (line.isBlank()) {
          continue;
        }
        McpSchema.JSONRPCMessage message;
        try {
          message = McpSchema.deserializeJsonRpcMessage(mapper, line);
        } catch (IOException | RuntimeException e) {
          // A server that logs to stdout breaks the protocol; say so and keep reading.
          log.warn(
              "MCP server '{}' wrote a line to stdout that is not JSON-RPC: {}",
              config.name(),
              shorten(line));
          continue;
        }
        handler.apply(Mono.just(message)).subscribe(m -> {}, e -> log.debug("handler failed", e));
      }
    } catch (IOException e) {
      if (!closing) {
        log.debug("MCP server '{}': reading stdout failed", config.name(), e);
      }
    }
  }

  /**
   * A message over {@link McpServerConfig#maxMessageSize()} was dropped: the request it answers
   * fails now with a message saying so, rather than at its time limit.
   */
  private void tooLarge(
      BoundedLines.Line read,
      Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    McpSchema.JSONRPCResponse failed = BoundedLines.tooLarge(config, read.oversize(), read.id());
    log.warn("MCP server '{}': {}", config.name(), failed.error().message());
    if (read.id() != null) {
      handler.apply(Mono.just(failed)).subscribe(m -> {}, e -> log.debug("handler failed", e));
    }
  }

  private void readStderr(Process started) {
    try (BufferedReader err =
        new BufferedReader(
            new InputStreamReader(started.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        log.debug("MCP server '{}' stderr: {}", config.name(), line);
        // One huge line (a minified stack trace) must not fill the memory or the message.
        String kept = line.length() <= STDERR_CHARS ? line : line.substring(0, STDERR_CHARS);
        synchronized (stderr) {
          if (stderr.size() == STDERR_LINES) {
            stderr.removeFirst();
          }
          stderr.addLast(kept);
        }
      }
    } catch (IOException e) {
      // The process is gone; what it wrote is kept.
    } finally {
      stderrEnded.complete(null);
    }
  }

  /**
   * The server's last lines on stderr (at most {@value #STDERR_LINES} lines and about {@value
   * #STDERR_CHARS} characters: the end is what explains a crash), for an error message; empty if it
   * wrote none.
   */
  String lastStderr() {
    String tail;
    synchronized (stderr) {
      if (stderr.isEmpty()) {
        return "";
      }
      tail = String.join("\n", stderr);
    }
    if (tail.length() > STDERR_CHARS) {
      tail = "..." + tail.substring(tail.length() - STDERR_CHARS);
    }
    // A server may print its own command line or key when it fails.
    return "; its last lines on stderr:\n" + config.mask(tail);
  }

  /**
   * Queues {@code message} for the writer thread; the returned Mono completes once it is written.
   * Subscribing never blocks, so the caller's time limit starts even when the server's stdin is
   * full.
   */
  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return Mono.defer(
        () -> {
          Process running = process;
          if (running == null || !running.isAlive() || writerEnded) {
            return Mono.error(notRunning());
          }
          byte[] line;
          try {
            line = (mapper.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
          } catch (IOException e) {
            return Mono.error(
                new McpException(
                    "MCP server '" + config.name() + "': a message to it is not JSON: " + e, e));
          }
          Write write = new Write(line, new CompletableFuture<>());
          writes.add(write);
          if (writerEnded) {
            failQueuedWrites(); // the writer ended between the check above and the add
          }
          // A cancelled request keeps its line: the writer writes every line queued, in order.
          return Mono.fromFuture(write.written(), true);
        });
  }

  /** The writer thread: writes queued lines in order until {@link #END} or a broken pipe. */
  private void writeMessages(Process started) {
    OutputStream stdin = started.getOutputStream();
    Write current = null;
    try {
      while (true) {
        current = writes.take();
        if (current == END) {
          break;
        }
        stdin.write(current.line());
        stdin.flush();
        current.written().complete(null);
      }
    } catch (IOException e) {
      // The server closed its stdin or died; the exit is reported through exited().
      current
          .written()
          .completeExceptionally(
              new McpException(
                  "MCP server '" + config.name() + "': writing to its stdin failed: " + e, e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      writerEnded = true;
      try {
        stdin.close(); // the server's sign to exit, after every line queued before it
      } catch (IOException e) {
        // a broken pipe cannot be closed cleanly; the process is ended by close() either way
      }
      failQueuedWrites();
    }
  }

  private void failQueuedWrites() {
    Write left;
    while ((left = writes.poll()) != null) {
      if (left != END) {
        left.written().completeExceptionally(notRunning());
      }
    }
  }

  private McpException notRunning() {
    return new NotRunning("MCP server '" + config.name() + "' is not running");
  }

  /**
   * A message this transport never wrote, because the server's process had ended: the server never
   * saw it, so the request may be sent again on a new session.
   */
  static final class NotRunning extends McpException {
    NotRunning(String message) {
      super(message);
    }
  }

  /**
   * Notes the processes the server has started so far, so that they are stopped with it even if it
   * exits first (once it has, they are no longer its descendants and cannot be found).
   */
  void rememberDescendants() {
    Process running = process;
    if (running != null && running.isAlive()) {
      descendants = running.descendants().toList();
    }
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  /**
   * Closes stdin (after the lines already queued), lets the server exit on its own for a moment,
   * then kills it; then kills whatever it started that is still running. Never waits on a writer
   * that is blocked: killing the server releases it.
   */
  @Override
  public void close() {
    closing = true;
    Process running = process;
    if (running == null) {
      return;
    }
    List<ProcessHandle> family = family(running);
    writes.add(END);
    try {
      if (!running.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
        running.destroy();
        if (!running.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
          running.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      running.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    destroy(family);
  }

  /**
   * Kills the server and whatever it started, at once: for a server that no longer answers, where
   * waiting for it to exit on its own gains nothing. A writer blocked on its full stdin fails.
   */
  void kill() {
    closing = true;
    Process running = process;
    if (running == null) {
      return;
    }
    List<ProcessHandle> family = family(running);
    running.destroyForcibly();
    destroy(family);
  }

  /** The server's descendants now, and those noted earlier that are still running. */
  private List<ProcessHandle> family(Process running) {
    List<ProcessHandle> family = new ArrayList<>(running.descendants().toList());
    for (ProcessHandle noted : descendants) {
      if (!family.contains(noted)) {
        family.add(noted);
      }
    }
    return family;
  }

  /**
   * Kills {@code family} and waits a moment for them to exit. A program started through {@code npx}
   * or {@code sh -c} is a descendant of the process Cadre started, and outlives it unless it is
   * killed too. (ProcessHandle checks the start time, so a reused pid is not killed.)
   */
  private void destroy(List<ProcessHandle> family) {
    family.forEach(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EXIT_WAIT_MILLIS);
    for (ProcessHandle member : family) {
      try {
        member.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        // Killed; an orphan is reaped by init when it gets to it.
      }
    }
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
    return mapper.convertValue(data, type);
  }

  private static String shorten(String text) {
    return text.length() <= 200 ? text : text.substring(0, 197) + "...";
  }
}
