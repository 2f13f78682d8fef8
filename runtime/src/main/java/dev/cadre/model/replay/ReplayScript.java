package dev.cadre.model.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.Json;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.FinishReason;
import dev.cadre.model.Reasoning;
import dev.cadre.model.Usage;
import dev.cadre.tool.ToolCall;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a replay script: one JSON object a line, one reply each. Blank lines and lines starting
 * with {@code #} are skipped. Fields of a line:
 *
 * <ul>
 *   <li>{@code "text"}: the reply's text;
 *   <li>{@code "json"}: a structured-output reply, any JSON value, sent as its text;
 *   <li>{@code "tool_calls"}: {@code [{"id": "...", "name": "...", "arguments": {...}}]}; the id
 *       is optional, arguments may be an object or a string of JSON (even broken JSON, to test
 *       how an agent copes);
 *   <li>{@code "chunks"}: the pieces the text streams in;
 *   <li>{@code "usage"}: {@code {"input": 12, "output": 7}}, and optionally {@code "reasoning"},
 *       {@code "cached"} and {@code "cache_write"}, counted within them as {@link Usage} says;
 *   <li>{@code "reasoning"}: the reasoning the model shows before its reply;
 *   <li>{@code "finish_reason"}: stop, length, tool_calls or content_filter;
 *   <li>{@code "delay_ms"}: how long the reply takes;
 *   <li>{@code "model"}: the model id the reply reports.
 * </ul>
 */
public final class ReplayScript {

  private ReplayScript() {}

  /** Reads every step of {@code file}; a bad line fails with the file, line number and reason. */
  public static List<ReplayStep> read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Reads every step from {@code in}, such as a script on the class path; {@code source} names it
   * in errors.
   */
  public static List<ReplayStep> read(InputStream in, String source) throws IOException {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return parse(reader.lines().toList(), source);
    }
  }

  private static List<ReplayStep> parse(List<String> lines, String source) {
    List<ReplayStep> steps = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        steps.add(parse(line, steps.size() + 1));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            source + ":" + (i + 1) + ": not valid JSON: " + e.getOriginalMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException(source + ": the replay script has no reply in it");
    }
    return steps;
  }

  /** One step from one line of JSON; {@code ordinal} numbers generated tool-call ids. */
  static ReplayStep parse(String line, int ordinal) throws JsonProcessingException {
    JsonNode node = Json.parse(line);
    if (!node.isObject()) {
      throw new IllegalArgumentException("each line must be a JSON object, got " + node.getNodeType());
    }
    String text = null;
    if (node.has("text") && node.has("json")) {
      throw new IllegalArgumentException("a reply has \"text\" or \"json\", not both");
    }
    if (node.has("text")) {
      text = node.get("text").asText();
    } else if (node.has("json")) {
      text = Json.write(node.get("json"));
    }
    List<ToolCall> calls = new ArrayList<>();
    JsonNode callNodes = node.path("tool_calls");
    for (int i = 0; i < callNodes.size(); i++) {
      JsonNode call = callNodes.get(i);
      if (!call.path("name").isTextual()) {
        throw new IllegalArgumentException("tool_calls[" + i + "] needs a \"name\"");
      }
      JsonNode arguments = call.path("arguments");
      String argumentText =
          arguments.isMissingNode() ? "{}" : arguments.isTextual() ? arguments.asText() : Json.write(arguments);
      String id = call.path("id").asText("call_" + ordinal + "_" + (i + 1));
      calls.add(new ToolCall(id, call.get("name").asText(), argumentText));
    }
    if (text == null && calls.isEmpty()) {
      throw new IllegalArgumentException("a reply needs \"text\", \"json\" or \"tool_calls\"");
    }
    FinishReason finish = calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
    if (node.has("finish_reason")) {
      String reason = node.get("finish_reason").asText().toUpperCase(Locale.ROOT);
      try {
        finish = FinishReason.valueOf(reason);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown finish_reason '" + reason.toLowerCase(Locale.ROOT) + "'");
      }
    }
    JsonNode usage = node.path("usage");
    Usage tokens =
        new Usage(
            usage.path("input").asLong(10),
            usage.path("output").asLong(5),
            usage.path("reasoning").asLong(0),
            usage.path("cached").asLong(0),
            usage.path("cache_write").asLong(0));
    List<Reasoning> reasoning =
        node.path("reasoning").isTextual()
            ? List.of(Reasoning.text(node.get("reasoning").asText()))
            : List.of();
    List<String> chunks = new ArrayList<>();
    node.path("chunks").forEach(chunk -> chunks.add(chunk.asText()));
    Duration delay = Duration.ofMillis(node.path("delay_ms").asLong(0));
    String model = node.path("model").asText("replay");
    return new ReplayStep(
        new ChatResponse(text, calls, finish, tokens, model, null, null, reasoning), chunks, delay);
  }
}
