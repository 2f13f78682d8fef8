package dev.cadre.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.core.Json;
import dev.cadre.tool.Tool;
import dev.cadre.tool.ToolFunction;
import dev.cadre.tool.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Tools on a {@link Cassette}: each call's arguments and result (or failure) written down when
 * recording, and answered from the file when replaying, without running the tool. A tool set (an
 * MCP server's tools) also keeps its tools' specs, so a replay needs no server at all.
 */
final class CassetteTools {

  private CassetteTools() {}

  /** The track of a tool's calls. */
  static String track(String tool) {
    return "tool:" + tool;
  }

  /** The track of a tool set's specs. */
  static String setTrack(String set) {
    return "tools:" + set;
  }

  static Tool wrap(Cassette cassette, Tool tool) {
    return new Tool(tool.spec(), function(cassette, tool), tool.timeout());
  }

  static List<Tool> wrapSet(Cassette cassette, String set, Supplier<List<Tool>> live) {
    String track = setTrack(set);
    List<Tool> wrapped = new ArrayList<>();
    if (cassette.recording()) {
      List<Tool> tools = live.get();
      ObjectNode header = Json.object();
      header.put("track", track).put("call", 0).put("kind", "tools");
      ArrayNode specs = header.putArray("tools");
      for (Tool tool : tools) {
        specs.add(Json.mapper().<JsonNode>valueToTree(tool.spec()));
        wrapped.add(wrap(cassette, tool));
      }
      cassette.record(header);
      return wrapped;
    }
    ObjectNode header = cassette.header(track);
    if (header == null) {
      throw new IllegalStateException(
          "cassette "
              + cassette.file()
              + " holds no tool set \""
              + set
              + "\": record it with -D"
              + Mode.PROPERTY
              + "=record");
    }
    for (JsonNode spec : header.path("tools")) {
      ToolSpec toolSpec =
          new ToolSpec(
              spec.path("name").asText(),
              spec.path("description").asText(),
              (ObjectNode) spec.path("parameters"));
      wrapped.add(Tool.of(toolSpec, function(cassette, toolSpec.name(), null)));
    }
    return wrapped;
  }

  private static ToolFunction function(Cassette cassette, Tool tool) {
    return function(cassette, tool.name(), cassette.recording() ? tool.function() : null);
  }

  private static ToolFunction function(Cassette cassette, String name, ToolFunction live) {
    String track = track(name);
    return (arguments, context) -> {
      int call = cassette.nextCall(track);
      if (live == null) {
        ObjectNode line;
        try {
          line = cassette.replay(track, "arguments", arguments);
        } catch (AssertionError mismatch) {
          // The model reads a failed tool call; the test fails at its end with this diff.
          throw new IllegalStateException(mismatch.getMessage());
        }
        if (line.has("error")) {
          throw failure(line.path("error_type").asText(), line.get("error").asText());
        }
        JsonNode result = line.path("result");
        return result.isTextual() ? result.asText() : result.isMissingNode() ? null : result;
      }
      ObjectNode line = Json.object();
      line.put("track", track).put("call", call).put("kind", "tool");
      line.set("arguments", arguments.deepCopy());
      try {
        Object result = live.call(arguments, context);
        if (result instanceof String text) {
          line.put("result", text);
        } else if (result != null) {
          line.set("result", Json.mapper().valueToTree(result));
        }
        return result;
      } catch (Exception e) {
        line.put("error_type", e.getClass().getSimpleName());
        line.put("error", e.getMessage() == null ? "" : e.getMessage());
        throw e;
      } finally {
        cassette.record(line);
      }
    };
  }

  /**
   * The recorded failure to throw again. The model reads a failure as its exception's simple name
   * and message, so the common JDK exceptions come back as themselves, with no reflection; any
   * other comes back as a {@link RecordedToolException}, and a request that quotes it differs.
   */
  private static Exception failure(String type, String message) {
    String text = message.isEmpty() ? null : message;
    return switch (type) {
      case "IllegalStateException" -> new IllegalStateException(text);
      case "IllegalArgumentException" -> new IllegalArgumentException(text);
      case "UnsupportedOperationException" -> new UnsupportedOperationException(text);
      case "RuntimeException" -> new RuntimeException(text);
      case "Exception" -> new Exception(text);
      case "IOException" -> new java.io.IOException(text);
      case "UncheckedIOException" ->
          new java.io.UncheckedIOException(text, new java.io.IOException(text));
      case "TimeoutException" -> new java.util.concurrent.TimeoutException(text);
      case "NoSuchElementException" -> new java.util.NoSuchElementException(text);
      default -> new RecordedToolException(text);
    };
  }

  /** A tool's recorded failure of a type not rebuilt as itself. */
  static final class RecordedToolException extends Exception {
    RecordedToolException(String message) {
      super(message);
    }
  }
}
