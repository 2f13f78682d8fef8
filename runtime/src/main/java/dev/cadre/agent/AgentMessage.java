package dev.cadre.agent;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.model.ChatMessage;
import dev.cadre.model.ContentPart;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A message agents exchange in a conversation: what a task starts with and what each agent
 * answers. Every kind is an immutable record that round-trips through JSON, so a conversation can
 * cross processes and be checkpointed.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AgentMessage.Text.class, name = "text"),
  @JsonSubTypes.Type(value = AgentMessage.Structured.class, name = "structured"),
  @JsonSubTypes.Type(value = AgentMessage.Handoff.class, name = "handoff"),
  @JsonSubTypes.Type(value = AgentMessage.ToolCallSummary.class, name = "tool_call_summary"),
  @JsonSubTypes.Type(value = AgentMessage.MultiModal.class, name = "multi_modal")
})
public sealed interface AgentMessage {

  /** Who wrote it: an agent's name, or {@code user}. */
  String source();

  /** The message as text, as another agent's model will read it. */
  String content();

  /** The message as a person reads it: {@link #content()}, but for images (see MultiModal). */
  default String toText() {
    return content();
  }

  /**
   * The message as another agent's model reads it: a user message named after its source ({@code
   * user} gives no name), with its images when it has any.
   */
  default ChatMessage.User toModelMessage() {
    return new ChatMessage.User(content(), source().equals("user") ? null : source());
  }

  /** A task or question from the user. */
  static Text user(String content) {
    return new Text("user", content);
  }

  /** Plain text. */
  record Text(String source, String content) implements AgentMessage {
    /** Checks the components. */
    public Text {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(content, "content");
    }
  }

  /**
   * A structured-output answer: JSON that matched the agent's output schema.
   *
   * @param value the parsed JSON
   */
  record Structured(String source, JsonNode value) implements AgentMessage {
    /** Checks the components. */
    public Structured {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String content() {
      return value.toString();
    }
  }

  /**
   * The agent hands the conversation to another agent.
   *
   * @param target the agent that should speak next
   * @param content what the handing agent says as it hands over
   * @param context what led to the handoff, for the target to see: the tool calls, other than
   *     handoffs, and their results; empty when there were none
   */
  record Handoff(String source, String target, String content, List<ChatMessage> context)
      implements AgentMessage {
    /** Checks and copies the components. */
    public Handoff {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(content, "content");
      context = context == null ? List.of() : List.copyOf(context);
    }
  }

  /**
   * The agent stopped after running tools, without writing an answer of its own (its tool-iteration
   * limit was reached and it does not reflect): the results stand as its reply.
   */
  record ToolCallSummary(String source, List<ToolCall> calls, List<ToolResult> results)
      implements AgentMessage {
    /** Checks and copies the components. */
    public ToolCallSummary {
      Objects.requireNonNull(source, "source");
      calls = List.copyOf(calls);
      results = List.copyOf(results);
    }

    @Override
    public String content() {
      StringBuilder text = new StringBuilder();
      for (ToolResult result : results) {
        if (text.length() > 0) {
          text.append('\n');
        }
        text.append(result.content());
      }
      return text.toString();
    }
  }

  /**
   * Text and images, in order: a task such as a photo and a question about it, or an agent's
   * answer. A model that reads images gets the parts; one that reads text gets {@link #content()}.
   *
   * <pre>{@code
   * team.run(new AgentMessage.MultiModal("user", List.of(
   *     ContentPart.text("What is in this picture?"), ContentPart.image(png, "image/png"))));
   * }</pre>
   */
  record MultiModal(String source, List<ContentPart> parts) implements AgentMessage {
    /** Checks and copies the components. */
    public MultiModal {
      Objects.requireNonNull(source, "source");
      parts = List.copyOf(parts);
      if (parts.isEmpty()) {
        throw new IllegalArgumentException(
            "a multimodal message from '" + source + "' has no parts");
      }
    }

    /** The texts one after another, each image as {@code " [image]"} (AutoGen's to_model_text). */
    @Override
    public String content() {
      StringBuilder text = new StringBuilder();
      for (ContentPart part : parts) {
        text.append(
            part instanceof ContentPart.Text t
                ? t.text()
                : part instanceof ContentPart.Document ? " [document]" : " [image]");
      }
      return text.toString();
    }

    /** The parts one to a line, each image as {@code <image>} (AutoGen's to_text). */
    @Override
    public String toText() {
      List<String> lines = new ArrayList<>();
      for (ContentPart part : parts) {
        lines.add(
            part instanceof ContentPart.Text t
                ? t.text()
                : part instanceof ContentPart.Document ? "<document>" : "<image>");
      }
      return String.join("\n", lines);
    }

    @Override
    public ChatMessage.User toModelMessage() {
      return new ChatMessage.User(content(), source.equals("user") ? null : source, parts);
    }
  }
}
