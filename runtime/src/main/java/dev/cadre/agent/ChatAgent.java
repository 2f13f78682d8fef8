package dev.cadre.agent;

import dev.cadre.core.CancellationToken;
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
}
