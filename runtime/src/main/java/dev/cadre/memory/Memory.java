package dev.cadre.memory;

import dev.cadre.model.ChatMessage;
import java.util.List;

/**
 * What an agent can be reminded of across turns and sessions: facts about the user, earlier
 * decisions, documents. Give memories to {@code AssistantAgent.Builder.memory(...)}: before each
 * model call the agent queries each one with the conversation's latest text and adds what comes
 * back to that call's request as a system message. The reminder is not stored in the agent's
 * conversation, so it is never repeated turn after turn, and it changes as the conversation does.
 *
 * <p>Implementations must be safe to use from several threads. A memory may be shared by agents.
 */
public interface Memory {

  /** A short name, shown in events and errors. */
  String name();

  /** Remembers {@code content}. */
  void add(MemoryContent content);

  /** Remembers each of {@code contents}, in order. */
  default void addAll(List<MemoryContent> contents) {
    contents.forEach(this::add);
  }

  /**
   * What is relevant to {@code query}, most relevant first (or, for memories that do not rank, in
   * the order they keep), at most {@code limit} results.
   */
  List<MemoryResult> query(String query, int limit);

  /**
   * What is relevant to a conversation: the query is the latest user or assistant message that
   * has text. No such message, no results.
   */
  default List<MemoryResult> query(List<ChatMessage> messages, int limit) {
    String text = latestText(messages);
    return text == null ? List.of() : query(text, limit);
  }

  /** Forgets everything. */
  void clear();

  /** The text of the latest user or assistant message that has any, or null. */
  static String latestText(List<ChatMessage> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      String text = null;
      ChatMessage message = messages.get(i);
      if (message instanceof ChatMessage.User user) {
        text = user.content();
      } else if (message instanceof ChatMessage.Assistant assistant) {
        text = assistant.content();
      }
      if (text != null && !text.isBlank()) {
        return text;
      }
    }
    return null;
  }

  /** Checks a query limit; memories call it so a bad limit fails the same way everywhere. */
  static int requireLimit(String memory, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException(
          "memory '" + memory + "': the query limit must be at least 1, was " + limit);
    }
    return limit;
  }
}
