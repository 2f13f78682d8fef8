package dev.cadre.team;

import dev.cadre.agent.AgentMessage;
import dev.cadre.core.CancellationToken;
import dev.cadre.model.ChatMessage;
import dev.cadre.event.Telemetry;
import dev.cadre.model.ChatModel;
import dev.cadre.model.ChatRequest;
import dev.cadre.model.ChatResponse;
import dev.cadre.model.Usage;
import java.util.List;
import java.util.Objects;

/**
 * How a finished chat is summed up into one text for whoever comes next: a {@link
 * NestedChatAgent}'s reply, or what a step of {@link SequentialChats} carries over to the next.
 *
 * <p>{@link #lastMessage()} takes the chat's last message as it is: free, and right when the chat
 * ends with its answer. {@link #model(ChatModel, String)} has a model read the whole transcript and
 * write the summary: one more model call, whose usage is counted with the chat's.
 */
public final class SummaryMethod {

  /** The two ways of summing up. */
  public enum Kind {
    /** The text of the chat's last message. */
    LAST_MESSAGE,
    /** A summary a model writes of the whole transcript. */
    MODEL
  }

  /** What the summary model is told when no prompt is given. */
  public static final String DEFAULT_PROMPT =
      "Summarise the conversation below for someone who did not see it: give its outcome and every"
          + " fact needed to carry on from it. Write only the summary, with no introductory"
          + " phrases.";

  private static final SummaryMethod LAST_MESSAGE =
      new SummaryMethod(Kind.LAST_MESSAGE, null, null);

  private final Kind kind;
  private final ChatModel model;
  private final String prompt;

  private SummaryMethod(Kind kind, ChatModel model, String prompt) {
    this.kind = kind;
    this.model = model == null ? null : Telemetry.observe(model);
    this.prompt = prompt;
  }

  /** The summary is the text of the chat's last message. */
  public static SummaryMethod lastMessage() {
    return LAST_MESSAGE;
  }

  /** {@code model} writes the summary, told to by {@link #DEFAULT_PROMPT}. */
  public static SummaryMethod model(ChatModel model) {
    return model(model, DEFAULT_PROMPT);
  }

  /**
   * {@code model} writes the summary. It gets {@code prompt} as its system message and the
   * transcript as one user message, each message there as {@code source: content}.
   */
  public static SummaryMethod model(ChatModel model, String prompt) {
    Objects.requireNonNull(model, "model");
    if (prompt == null || prompt.isBlank()) {
      throw new IllegalArgumentException(
          "the summary prompt is blank: say what the summary should hold, or use"
              + " SummaryMethod.model(model) for the default prompt");
    }
    return new SummaryMethod(Kind.MODEL, model, prompt);
  }

  /** How the summary is made. */
  public Kind kind() {
    return kind;
  }

  /** The summary model's instructions, or null for {@link Kind#LAST_MESSAGE}. */
  public String prompt() {
    return prompt;
  }

  /**
   * Sums up {@code transcript}.
   *
   * @param chat names the chat in errors
   * @throws IllegalStateException if the summary model answers with no text
   */
  Summary summarise(String chat, List<AgentMessage> transcript, CancellationToken cancellation) {
    if (transcript.isEmpty()) {
      throw new IllegalStateException(chat + " has no messages to summarise");
    }
    if (kind == Kind.LAST_MESSAGE) {
      return new Summary(transcript.get(transcript.size() - 1).content(), Usage.ZERO, null);
    }
    ChatRequest request =
        ChatRequest.builder()
            .message(ChatMessage.system(prompt))
            .message(ChatMessage.user(render(transcript)))
            .build();
    ChatResponse reply = model.chat(request, cancellation);
    if (reply.text() == null || reply.text().isBlank()) {
      throw new IllegalStateException(
          "the summary model '"
              + model.info().model()
              + "' wrote no text for "
              + chat
              + " (finish reason "
              + reply.finishReason()
              + "); check the prompt, or use SummaryMethod.lastMessage()");
    }
    return new Summary(
        reply.text(), reply.usage(), reply.model() == null ? model.info().model() : reply.model());
  }

  /** The transcript as the summary model reads it. */
  static String render(List<AgentMessage> transcript) {
    StringBuilder text = new StringBuilder();
    for (AgentMessage message : transcript) {
      if (text.length() > 0) {
        text.append("\n\n");
      }
      text.append(message.source()).append(": ").append(message.content());
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return kind == Kind.LAST_MESSAGE
        ? "last message"
        : "summary by model '" + model.info().model() + "'";
  }

  /**
   * A summary and what it cost.
   *
   * @param model the model that wrote it, or null when no model was called
   */
  record Summary(String text, Usage usage, String model) {}
}
