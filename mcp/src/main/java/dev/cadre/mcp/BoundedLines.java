package dev.cadre.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the newline-delimited JSON-RPC messages of a stdio server, none kept beyond {@code max}
 * bytes. A longer message is not held in memory: it is read to its end while its top-level
 * {@code "id"} is picked out, so that the request it answers can fail at once, with a clear
 * message, instead of waiting out its time limit.
 */
final class BoundedLines {

  /** One message: its text, or, for one over the limit, its size and the id it carried. */
  record Line(String text, long oversize, Object id) {}

  private final InputStream in;
  private final int max;
  private final byte[] buffer = new byte[8192];
  private int start;
  private int end;

  BoundedLines(InputStream in, int max) {
    this.in = in;
    this.max = max;
  }

  /** The next message, or null at the end of the stream. */
  Line next() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    IdScanner scanner = null;
    long size = 0;
    while (true) {
      if (start == end) {
        end = in.read(buffer);
        start = 0;
        if (end <= 0) {
          end = 0;
          if (scanner == null && line.size() == 0) {
            return null;
          }
          return finish(line, scanner, size);
        }
      }
      int newline = start;
      while (newline < end && buffer[newline] != '\n') {
        newline++;
      }
      int length = newline - start;
      size += length;
      if (scanner == null && size > max) {
        scanner = new IdScanner();
        byte[] kept = line.toByteArray();
        scanner.feed(kept, 0, kept.length);
        line = null;
      }
      if (scanner != null) {
        scanner.feed(buffer, start, length);
      } else {
        line.write(buffer, start, length);
      }
      start = newline;
      if (newline < end) {
        start++; // past the newline
        return finish(line, scanner, size);
      }
    }
  }

  /**
   * The error answer standing in for a message of {@code size} bytes, over the limit, that
   * answered request {@code id}: the request fails at once, saying why and what to change.
   */
  static McpSchema.JSONRPCResponse tooLarge(McpServerConfig config, long size, Object id) {
    String why =
        "its answer was "
            + size
            + " bytes, more than maxMessageSize ("
            + config.maxMessageSize()
            + " bytes), so Cadre dropped it; ask for less (a smaller page, a narrower query), or"
            + " raise maxMessageSize of MCP server '"
            + config.name()
            + "'";
    return new McpSchema.JSONRPCResponse(
        McpSchema.JSONRPC_VERSION,
        id,
        null,
        new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR, why, null));
  }

  private static Line finish(ByteArrayOutputStream line, IdScanner scanner, long size) {
    if (scanner != null) {
      return new Line(null, size, scanner.id());
    }
    return new Line(line.toString(StandardCharsets.UTF_8), 0, null);
  }

  /**
   * Finds the value of the top-level {@code "id"} in a JSON object seen a piece at a time, without
   * keeping the rest: a string or a number, as JSON-RPC allows.
   */
  static final class IdScanner {
    private static final int MAX_TOKEN = 200;

    private int depth;
    private boolean inString;
    private boolean escaped;
    private boolean expectKey; // at depth 1, the next string is a key
    private StringBuilder key;
    private String lastKey;
    private StringBuilder value; // the id's value, while it is read
    private Object id;

    void feed(byte[] bytes, int off, int len) {
      for (int i = off; i < off + len; i++) {
        char c = (char) (bytes[i] & 0xff);
        if (value != null) {
          readValue(c);
          continue;
        }
        if (inString) {
          if (escaped) {
            escaped = false;
          } else if (c == '\\') {
            escaped = true;
          } else if (c == '"') {
            inString = false;
            if (key != null) {
              lastKey = key.toString();
              key = null;
            }
            continue;
          }
          if (key != null && key.length() < MAX_TOKEN) {
            key.append(c);
          }
          continue;
        }
        switch (c) {
          case '{', '[' -> {
            depth++;
            expectKey = depth == 1 && c == '{';
          }
          case '}', ']' -> depth--;
          case ',' -> expectKey = depth == 1;
          case '"' -> {
            inString = true;
            if (depth == 1 && expectKey) {
              key = new StringBuilder();
              expectKey = false;
            }
          }
          case ':' -> {
            if (depth == 1 && "id".equals(lastKey) && id == null) {
              value = new StringBuilder();
            }
            lastKey = null;
          }
          default -> {}
        }
      }
    }

    private void readValue(char c) {
      boolean quoted = value.length() > 0 && value.charAt(0) == '"';
      if (value.length() == 0 && Character.isWhitespace(c)) {
        return;
      }
      if (quoted && c == '"' && value.charAt(value.length() - 1) != '\\' && value.length() > 0) {
        id = value.substring(1);
        value = null;
        return;
      }
      if (!quoted && (c == ',' || c == '}' || Character.isWhitespace(c))) {
        String number = value.toString();
        id = number.matches("-?\\d{1,18}") ? (Object) Long.valueOf(number) : number;
        value = null;
        if (c == '}') {
          depth--;
        } else if (c == ',') {
          expectKey = true;
        }
        return;
      }
      if (value.length() < MAX_TOKEN) {
        value.append(c);
      }
    }

    /** The id found, or null if the message had none (a notification) or was not an object. */
    Object id() {
      return id;
    }
  }
}
