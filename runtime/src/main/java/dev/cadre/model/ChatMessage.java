package dev.cadre.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.util.List;
import java.util.Objects;

/** One message of a conversation with a model. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "role")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ChatMessage.System.class, name = "system"),
  @JsonSubTypes.Type(value = ChatMessage.User.class, name = "user"),
  @JsonSubTypes.Type(value = ChatMessage.Assistant.class, name = "assistant"),
  @JsonSubTypes.Type(value = ChatMessage.ToolResults.class, name = "tool")
})
public sealed interface ChatMessage {

  /** A system message of {@code content}. */
  static System system(String content) {
    return new System(content);
  }

  /** A user message of {@code content}. */
  static User user(String content) {
    return new User(content, null);
  }

  /** An assistant message of text alone. */
  static Assistant assistant(String content) {
    return new Assistant(content, List.of(), null);
  }

  /** Instructions that frame the whole conversation. */
  record System(String content) implements ChatMessage {
    /** Checks the content. */
    public System {
      Objects.requireNonNull(content, "content");
    }
  }

  /**
   * A message from a person, or from another agent speaking as the user.
   *
   * @param content the text; for a message with images, its text with each image as {@code
   *     " [image]"}, for a model that reads text only
   * @param name who wrote it, or null
   * @param parts the text and images in order, for a model that reads images; empty for a message
   *     of text alone
   */
  record User(
      String content,
      String name,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ContentPart> parts)
      implements ChatMessage {
    /** Checks the content and copies the parts. */
    public User {
      Objects.requireNonNull(content, "content");
      parts = parts == null ? List.of() : List.copyOf(parts);
    }

    /** A message of text alone. */
    public User(String content, String name) {
      this(content, name, List.of());
    }

    /**
     * Whether the message holds images or documents, which only a model that reads them can see.
     */
    public boolean hasImages() {
      return parts.stream().anyMatch(part -> !(part instanceof ContentPart.Text));
    }
  }

  /**
   * The model's turn: text, tool calls, or both.
   *
   * @param content the text, or null when the model only called tools
   * @param name which agent spoke, or null
   * @param reasoning the model's reasoning before it, in order, kept so that a provider that wants
   *     it back on the next call (Anthropic's thinking with tools) gets it unchanged; empty when
   *     there was none (and in states saved before reasoning was kept)
   */
  record Assistant(
      String content,
      List<ToolCall> toolCalls,
      String name,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Reasoning> reasoning)
      implements ChatMessage {
    /** Copies the tool calls and the reasoning. */
    public Assistant {
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
      reasoning = reasoning == null ? List.of() : List.copyOf(reasoning);
    }

    /** A turn without reasoning. */
    public Assistant(String content, List<ToolCall> toolCalls, String name) {
      this(content, toolCalls, name, List.of());
    }

    /** Whether the message asks for tool calls. */
    public boolean hasToolCalls() {
      return !toolCalls.isEmpty();
    }
  }

  /** The results of the tool calls of the assistant message before it, in the calls' order. */
  record ToolResults(List<ToolResult> results) implements ChatMessage {
    /** Copies the results. */
    public ToolResults {
      results = List.copyOf(results);
      if (results.isEmpty()) {
        throw new IllegalArgumentException("a tool results message needs at least one result");
      }
    }
  }
}
