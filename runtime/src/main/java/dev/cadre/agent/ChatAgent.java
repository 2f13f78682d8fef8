package dev.cadre.agent;

import dev.cadre.core.CancellationToken;
import dev.cadre.tool.ToolSpec;
import java.util.List;
import java.util.function.Consumer;

/**
 * Anything that can take part in a conversation: an assistant, a team (teams nest), a person
 * behind a proxy. A team hands each participant the messages it has not seen yet and adds its
 * answer to the conversation.
 */
public interface ChatAgent {

  /** The participant's name: unique within a team; letters, digits, '_' and '-'. */
  String name();

  /** What it is good at, for a team choosing who speaks next. */
  String description();

  /**
   * Takes the messages that arrived since this participant last spoke, and answers them.
   *
   * @param listener receives what the participant reports while it works, in order
   */
  AgentResponse onMessages(
      List<? extends AgentMessage> messages,
      CancellationToken cancellation,
      Consumer<AgentEvent> listener);

  /** Forgets the conversation, ready for a new task. */
  void reset();

  /**
   * Checks a participant's name: it becomes a message source and part of tool names ({@code
   * transfer_to_<name>}), so it takes what tool names take.
   *
   * @param kind what is being named, for the message ("agent", "team", "nested chat")
   * @return {@code name}
   * @throws IllegalArgumentException naming the bad name and the rule
   */
  static String requireValidName(String kind, String name) {
    if (!ToolSpec.isValidName(name)) {
      throw new IllegalArgumentException(
          kind
              + " name '"
              + name
              + "' is not valid: use 1 to 64 letters, digits, '_' or '-' (it becomes a message"
              + " source and part of tool names)");
    }
    return name;
  }
}
