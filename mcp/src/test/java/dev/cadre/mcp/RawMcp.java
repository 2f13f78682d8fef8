package dev.cadre.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A minimal MCP client written straight on JSON-RPC lines, without the SDK: it shows what a stdio
 * server itself sends, for tests to compare Cadre's view with.
 */
final class RawMcp {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long the server may take to answer one request. */
  private static final long ANSWER_TIMEOUT_SECONDS = 30;

  private RawMcp() {}

  /** The {@code tools} array of the server's {@code tools/list} answer, as the server wrote it. */
  static JsonNode listTools(List<String> command) throws Exception {
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = process.getOutputStream()) {
      send(
          out,
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
              + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
              + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      answer(in, 1);
      send(out, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(out, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{}}");
      JsonNode result = answer(in, 2).path("result");
      if (result.hasNonNull("nextCursor")) {
        throw new AssertionError("the raw client reads one page only, and the server sent more");
      }
      return result.path("tools");
    } finally {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  private static void send(OutputStream out, String line) throws Exception {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * The server's answer to request {@code id}, waited for at most {@link #ANSWER_TIMEOUT_SECONDS}.
   * The lines are read on a thread of their own, since a read cannot be interrupted; the caller
   * kills the process afterwards, which ends that read.
   */
  private static JsonNode answer(BufferedReader in, int id) throws Exception {
    FutureTask<JsonNode> read =
        new FutureTask<>(
            () -> {
              String line;
              while ((line = in.readLine()) != null) {
                JsonNode message = JSON.readTree(line);
                if (message.path("id").asInt(-1) == id) {
                  return message;
                }
              }
              throw new AssertionError("the server closed stdout before answering request " + id);
            });
    Thread reader = new Thread(read, "raw-mcp-read");
    reader.setDaemon(true);
    reader.start();
    try {
      return read.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "the server did not answer request " + id + " within " + ANSWER_TIMEOUT_SECONDS + "s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error; // the AssertionError above
      }
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
