package dev.cadre.a2a;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The A2A 1.0 wire types Cadre reads and writes (JSON-RPC binding, as {@code @a2a-js/sdk} 1.3.0
 * speaks it): Jackson records, with the protocol's names. Unknown fields are ignored when read, so
 * a newer peer's additions do not break a call.
 */
final class A2aWire {

  private A2aWire() {}

  /** The protocol version Cadre speaks, sent as the {@code A2A-Version} header. */
  static final String VERSION = "1.0";

  /** The header a client names the protocol version with. */
  static final String VERSION_HEADER = "A2A-Version";

  /** Where a server publishes its agent card, below its base URL. */
  static final String CARD_PATH = "/.well-known/agent-card.json";

  static final String SUBMITTED = "TASK_STATE_SUBMITTED";
  static final String WORKING = "TASK_STATE_WORKING";
  static final String COMPLETED = "TASK_STATE_COMPLETED";
  static final String FAILED = "TASK_STATE_FAILED";
  static final String CANCELED = "TASK_STATE_CANCELED";
  static final String INPUT_REQUIRED = "TASK_STATE_INPUT_REQUIRED";
  static final String REJECTED = "TASK_STATE_REJECTED";
  static final String AUTH_REQUIRED = "TASK_STATE_AUTH_REQUIRED";

  static final String ROLE_USER = "ROLE_USER";
  static final String ROLE_AGENT = "ROLE_AGENT";

  /** The JSON-RPC methods of A2A 1.0, and the 0.3 names a server also takes for them. */
  static final Map<String, String> LEGACY_METHODS =
      Map.of(
          "message/send", "SendMessage",
          "message/stream", "SendStreamingMessage",
          "tasks/get", "GetTask",
          "tasks/cancel", "CancelTask",
          "tasks/resubscribe", "SubscribeToTask");

  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  static final int INTERNAL_ERROR = -32603;
  static final int TASK_NOT_FOUND = -32001;
  static final int TASK_NOT_CANCELABLE = -32002;
  static final int UNSUPPORTED_OPERATION = -32004;

  /** States after which a task never changes again. */
  static boolean terminal(String state) {
    return Set.of(COMPLETED, FAILED, CANCELED, REJECTED).contains(state);
  }

  /** States in which a task stops until the client acts: a stream ends there too. */
  static boolean interrupted(String state) {
    return INPUT_REQUIRED.equals(state) || AUTH_REQUIRED.equals(state);
  }

  /**
   * One piece of content: exactly one of text, data (any JSON), url or raw (base64) is set.
   *
   * @param metadata Cadre puts the Cadre message's source here, under {@code source}
   */
  record Part(
      String text,
      JsonNode data,
      String url,
      String raw,
      String mediaType,
      String filename,
      ObjectNode metadata) {

    static Part text(String text) {
      return new Part(text, null, null, null, "text/plain", null, null);
    }

    static Part data(JsonNode data) {
      return new Part(null, data, null, null, "application/json", null, null);
    }

    /** The part as text: the text, the JSON of data, or the file's name or URL. */
    String asText() {
      if (text != null) {
        return text;
      }
      if (data != null) {
        return Json.write(data);
      }
      if (url != null) {
        return url;
      }
      return filename == null ? "" : "[file " + filename + "]";
    }
  }

  /** A message of the conversation, from the client ({@code ROLE_USER}) or the agent. */
  record Message(
      String messageId,
      String contextId,
      String taskId,
      String role,
      List<Part> parts,
      ObjectNode metadata) {

    Message {
      parts = parts == null ? List.of() : List.copyOf(parts);
    }

    static Message agent(String contextId, String taskId, List<Part> parts, String source) {
      ObjectNode metadata = null;
      if (source != null) {
        metadata = Json.object();
        metadata.put("source", source);
      }
      return new Message(newId(), contextId, taskId, ROLE_AGENT, parts, metadata);
    }

    /** The text of every part, one per line. */
    String text() {
      StringBuilder out = new StringBuilder();
      for (Part part : parts) {
        if (out.length() > 0) {
          out.append('\n');
        }
        out.append(part.asText());
      }
      return out.toString();
    }
  }

  /** Where a task stands, and the message that says so. */
  record TaskStatus(String state, Message message, String timestamp) {
    static TaskStatus of(String state, Message message) {
      return new TaskStatus(state, message, Instant.now().toString());
    }
  }

  /** A result of a task. */
  record Artifact(
      String artifactId, String name, String description, List<Part> parts, ObjectNode metadata) {
    Artifact {
      parts = parts == null ? List.of() : List.copyOf(parts);
    }
  }

  /** A unit of work, with its status, its results and the messages so far. */
  record Task(
      String id,
      String contextId,
      TaskStatus status,
      List<Artifact> artifacts,
      List<Message> history,
      ObjectNode metadata) {
    Task {
      artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
      history = history == null ? List.of() : List.copyOf(history);
    }
  }

  /** A change of a task's status, as a stream reports it. */
  record StatusUpdate(String taskId, String contextId, TaskStatus status, ObjectNode metadata) {}

  /** An artifact of a task, as a stream reports it. */
  record ArtifactUpdate(
      String taskId,
      String contextId,
      Artifact artifact,
      Boolean append,
      Boolean lastChunk,
      ObjectNode metadata) {}

  /** One event of a stream, or the answer to {@code SendMessage}: exactly one field is set. */
  record StreamResponse(
      Task task, Message message, StatusUpdate statusUpdate, ArtifactUpdate artifactUpdate) {
    static StreamResponse of(Task task) {
      return new StreamResponse(task, null, null, null);
    }

    static StreamResponse of(StatusUpdate update) {
      return new StreamResponse(null, null, update, null);
    }

    static StreamResponse of(ArtifactUpdate update) {
      return new StreamResponse(null, null, null, update);
    }
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  /** The parts a Cadre message becomes: a data part for structured output, else its text. */
  static List<Part> parts(AgentMessage message) {
    List<Part> parts = new ArrayList<>();
    if (message instanceof AgentMessage.Structured structured) {
      parts.add(Part.data(structured.value()));
    } else {
      parts.add(Part.text(message.content()));
    }
    return parts;
  }
}
