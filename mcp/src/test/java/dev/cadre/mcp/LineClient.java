package dev.cadre.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CadreMcpServer} served in this JVM over pipes, and a client that writes JSON-RPC lines
 * to it by hand and reads what it answers: the test sees exactly what goes over the wire.
 */
final class LineClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long the server may take to answer, generous for a loaded machine. */
  private static final long ANSWER_SECONDS = 30;

  private final PipedOutputStream toServer = new PipedOutputStream();
  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final Thread serving;

  LineClient(CadreMcpServer server) throws Exception {
    PipedInputStream serverIn = new PipedInputStream(toServer, 1 << 16);
    PipedInputStream fromServer = new PipedInputStream(1 << 20);
    PipedOutputStream serverOut = new PipedOutputStream(fromServer);
    serving =
        new Thread(
            () -> {
              try {
                server.serve(serverIn, serverOut);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "line-client-server");
    serving.setDaemon(true);
    serving.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  received.add(JSON.readTree(line));
                }
              } catch (IOException e) {
                // the server closed its end
              }
            },
            "line-client-read");
    reader.setDaemon(true);
    reader.start();
    JsonNode init =
        request(
            1,
            "initialize",
            "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"lines\",\"version\":\"1\"}}");
    if (!init.has("result")) {
      throw new AssertionError("initialize failed: " + init);
    }
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
  }

  /** Writes one line to the server. */
  void send(String line) throws IOException {
    toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    toServer.flush();
  }

  /** Sends request {@code id} and waits for its answer; other messages are kept for later. */
  JsonNode request(int id, String method, String params) throws Exception {
    send(
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":\""
            + method
            + "\",\"params\":"
            + params
            + "}");
    return answer(id);
  }

  /** The answer to request {@code id}, waited for at most {@link #ANSWER_SECONDS}. */
  JsonNode answer(int id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
    BlockingQueue<JsonNode> others = new LinkedBlockingQueue<>();
    try {
      while (true) {
        JsonNode message =
            received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (message == null) {
          throw new AssertionError("no answer to request " + id + " in " + ANSWER_SECONDS + "s");
        }
        if (message.path("id").asInt(-1) == id && !message.has("method")) {
          return message;
        }
        others.add(message);
      }
    } finally {
      received.addAll(others);
    }
  }

  @Override
  public void close() throws Exception {
    toServer.close();
    serving.join(TimeUnit.SECONDS.toMillis(ANSWER_SECONDS));
  }
}
