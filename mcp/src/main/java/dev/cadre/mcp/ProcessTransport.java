package dev.cadre.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * MCP's stdio transport, owning the server's process. The SDK's own stdio transport does not tell
 * its session when the process dies, so a request in flight to a crashed server waits for its full
 * timeout; this one completes {@link #exited()} the moment the process ends, with the exit code and
 * the last lines the server wrote to stderr, and the connection fails the request then.
 */
final class ProcessTransport implements McpClientTransport {

  private static final Logger log = LoggerFactory.getLogger(ProcessTransport.class);
  private static final int STDERR_LINES = 20;

  private final McpServerConfig config;
  private final McpJsonMapper mapper;
  private final CompletableFuture<String> exited = new CompletableFuture<>();
  private final Deque<String> stderr = new ArrayDeque<>();
  private volatile Process process;
  private volatile boolean closing;

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
          started
              .onExit()
              .thenRun(
                  () -> {
                    // stdout may still hold the last answers: let the reader drain it first.
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
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
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

  private void readStderr(Process started) {
    try (BufferedReader err =
        new BufferedReader(
            new InputStreamReader(started.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        log.debug("MCP server '{}' stderr: {}", config.name(), line);
        synchronized (stderr) {
          if (stderr.size() == STDERR_LINES) {
            stderr.removeFirst();
          }
          stderr.addLast(line);
        }
      }
    } catch (IOException e) {
      // The process is gone; what it wrote is kept.
    }
  }

  /** The server's last lines on stderr, for an error message; empty if it wrote none. */
  String lastStderr() {
    synchronized (stderr) {
      return stderr.isEmpty() ? "" : "; its last lines on stderr:\n" + String.join("\n", stderr);
    }
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return Mono.fromRunnable(
        () -> {
          Process running = process;
          if (running == null || !running.isAlive()) {
            throw new McpException("MCP server '" + config.name() + "' is not running");
          }
          try {
            byte[] line =
                (mapper.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
            OutputStream stdin = running.getOutputStream();
            synchronized (this) {
              stdin.write(line);
              stdin.flush();
            }
          } catch (IOException e) {
            throw new McpException(
                "MCP server '" + config.name() + "': writing to its stdin failed: " + e, e);
          }
        });
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  /** Closes stdin, lets the server exit on its own for a moment, then kills it. */
  @Override
  public void close() {
    closing = true;
    Process running = process;
    if (running == null) {
      return;
    }
    try {
      running.getOutputStream().close();
      if (!running.waitFor(1, TimeUnit.SECONDS)) {
        running.destroy();
        if (!running.waitFor(1, TimeUnit.SECONDS)) {
          running.destroyForcibly();
        }
      }
    } catch (IOException e) {
      running.destroyForcibly();
    } catch (InterruptedException e) {
      running.destroyForcibly();
      Thread.currentThread().interrupt();
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
