package dev.cadre.agent;

import dev.cadre.memory.ChatHistory;
import dev.cadre.model.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An agent's memory of the conversation, and the rule that decides which part of it each model
 * call sees. The whole history is kept (for saving state); only {@link #view()} is trimmed.
 *
 * <p>A view never starts with tool results whose calls were cut off, and never keeps tool calls
 * whose results were cut off: providers reject both.
 */
public abstract class ModelContext {

  private final List<ChatMessage> history = new ArrayList<>();
  private ChatHistory store;

  /** Every message, however long the conversation. */
  public static ModelContext unbounded() {
    return new ModelContext() {
      @Override
      protected List<ChatMessage> select(List<ChatMessage> all) {
        return all;
      }
    };
  }

  /** The last {@code count} messages. */
  public static ModelContext lastMessages(int count) {
    requirePositive(count, "count");
    return new ModelContext() {
      @Override
      protected List<ChatMessage> select(List<ChatMessage> all) {
        return all.subList(Math.max(0, all.size() - count), all.size());
      }
    };
  }

  /** The most recent messages that fit in {@code maxTokens}, counted by {@code counter}. */
  public static ModelContext tokenLimited(int maxTokens, TokenCounter counter) {
    requirePositive(maxTokens, "maxTokens");
    Objects.requireNonNull(counter, "counter");
    return new ModelContext() {
      @Override
      protected List<ChatMessage> select(List<ChatMessage> all) {
        int used = 0;
        int from = all.size();
        while (from > 0) {
          int cost = counter.count(all.get(from - 1));
          if (used + cost > maxTokens) {
            break;
          }
          used += cost;
          from--;
        }
        return all.subList(from, all.size());
      }
    };
  }

  /** {@link #tokenLimited(int, TokenCounter)} with {@link TokenCounter#approximate()}. */
  public static ModelContext tokenLimited(int maxTokens) {
    return tokenLimited(maxTokens, TokenCounter.approximate());
  }

  /**
   * The first {@code head} messages (usually the task) and the last {@code tail}, with a note in
   * between that says how many were left out.
   */
  public static ModelContext headAndTail(int head, int tail) {
    requirePositive(head, "head");
    requirePositive(tail, "tail");
    return new ModelContext() {
      @Override
      protected List<ChatMessage> select(List<ChatMessage> all) {
        if (all.size() <= head + tail) {
          return all;
        }
        List<ChatMessage> first = dropUnansweredCalls(all.subList(0, head));
        List<ChatMessage> last = dropLeadingResults(all.subList(all.size() - tail, all.size()));
        int skipped = all.size() - first.size() - last.size();
        List<ChatMessage> view = new ArrayList<>(first);
        view.add(ChatMessage.user("[" + skipped + " earlier messages left out]"));
        view.addAll(last);
        return view;
      }
    };
  }

  /** Chooses the part of the history a model call sees. */
  protected abstract List<ChatMessage> select(List<ChatMessage> all);

  /**
   * Adds a message; with a {@link ChatHistory} attached, the message is committed to it first, so
   * a message the store refused is not in the context either.
   */
  public final synchronized void add(ChatMessage message) {
    addAll(List.of(Objects.requireNonNull(message, "message")));
  }

  /** Adds messages in order; with a {@link ChatHistory} attached, as one commit. */
  public final synchronized void addAll(List<? extends ChatMessage> messages) {
    List<ChatMessage> copy = List.copyOf(messages);
    if (store != null) {
      store.append(copy);
    }
    history.addAll(copy);
  }

  /** What the next model call sees, system message not included. */
  public final synchronized List<ChatMessage> view() {
    List<ChatMessage> all = List.copyOf(history);
    return List.copyOf(dropLeadingResults(select(all)));
  }

  /** The whole history. */
  public final synchronized List<ChatMessage> history() {
    return List.copyOf(history);
  }

  /** Replaces the whole history, for loading saved state. */
  final synchronized void replace(List<ChatMessage> messages) {
    if (store != null) {
      store.replace(messages);
    }
    history.clear();
    history.addAll(messages);
  }

  /** Forgets the whole history, in the attached {@link ChatHistory} too. */
  public final synchronized void clear() {
    replace(List.of());
  }

  /**
   * Makes {@code stored} this context's history and commits every later change to it. A context
   * persists to one history only, so one context cannot serve two agents or sessions by mistake.
   */
  final synchronized void attach(ChatHistory stored, String agent) {
    if (store != null) {
      throw new IllegalStateException(
          "agent '"
              + agent
              + "': its model context already keeps "
              + store
              + "; give each agent built with history() its own ModelContext");
    }
    history.clear();
    history.addAll(stored.messages());
    store = stored;
  }

  private static List<ChatMessage> dropLeadingResults(List<ChatMessage> messages) {
    int from = 0;
    while (from < messages.size() && messages.get(from) instanceof ChatMessage.ToolResults) {
      from++;
    }
    return messages.subList(from, messages.size());
  }

  private static List<ChatMessage> dropUnansweredCalls(List<ChatMessage> messages) {
    int to = messages.size();
    while (to > 0
        && messages.get(to - 1) instanceof ChatMessage.Assistant assistant
        && assistant.hasToolCalls()) {
      to--;
    }
    return messages.subList(0, to);
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  /** Counts the tokens a message costs in a model call. */
  @FunctionalInterface
  public interface TokenCounter {

    /** The tokens {@code message} costs. */
    int count(ChatMessage message);

    /**
     * About four characters a token plus a few for the message's framing: close enough to keep
     * under a limit without a provider tokenizer.
     */
    static TokenCounter approximate() {
      return message -> {
        int chars = 0;
        if (message instanceof ChatMessage.System system) {
          chars = system.content().length();
        } else if (message instanceof ChatMessage.User user) {
          chars = user.content().length();
        } else if (message instanceof ChatMessage.Assistant assistant) {
          chars = assistant.content() == null ? 0 : assistant.content().length();
          for (var call : assistant.toolCalls()) {
            chars += call.name().length() + call.arguments().length();
          }
        } else if (message instanceof ChatMessage.ToolResults results) {
          for (var result : results.results()) {
            chars += result.content().length();
          }
        }
        return 4 + (chars + 3) / 4;
      };
    }
  }
}
