package dev.cadre.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A minimal MCP client written straight on JSON-RPC lines, without the SDK: it shows what a stdio
 * server itself sends, for tests to compare Cadre's view with.
 */
final class RawMcp {

  private static final ObjectMapper JSON = new ObjectMapper();

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

  private static JsonNode answer(BufferedReader in, int id) throws Exception {
    String line;
    while ((line = in.readLine()) != null) {
      JsonNode message = JSON.readTree(line);
      if (message.path("id").asInt(-1) == id) {
        return message;
      }
    }
    throw new AssertionError("the server closed stdout before answering request " + id);
  }
}
