package dev.cadre.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.model.ChatMessage;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.state.store.Checkpoint;
import dev.cadre.state.store.CheckpointKind;
import dev.cadre.state.store.CheckpointStore;
import dev.cadre.state.store.ConcurrentRunException;
import dev.cadre.state.store.RunState;
import dev.cadre.tool.ToolCall;
import dev.cadre.tool.ToolResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The conversation of one agent in one session, kept in a {@link CheckpointStore} so that it
 * continues across restarts and sessions: an agent built with {@code
 * AssistantAgent.builder(...).history(store, sessionId)} loads it when built and commits every
 * message to it before the message joins the conversation.
 *
 * <p>It is stored as the run {@link #runId(String, String) history/AGENT/SESSION}: each batch of
 * messages is a {@link CheckpointKind#MESSAGE} checkpoint, and clearing or replacing the whole
 * conversation (an agent's {@code reset} or {@code loadState}) is a {@link
 * CheckpointKind#SNAPSHOT}.
 * Appends use the store's optimistic locking, so two agent instances writing one session at once
 * cannot interleave: the one that wrote second fails, and the stored conversation stays whole.
 *
 * <p>Unlike a {@link Memory}, which recalls a few relevant snippets for each call, this is the
 * conversation itself; the agent's {@code ModelContext} still decides how much of it a model call
 * sees.
 */
public final class ChatHistory {

  /** The kind of the state documents this history stores. */
  public static final String KIND = "chat-history";

  private static final String PREFIX = "history/";

  private final CheckpointStore store;
  private final String agent;
  private final String sessionId;
  private final String runId;
  private final List<ChatMessage> messages = new ArrayList<>();
  private long version;

  private ChatHistory(CheckpointStore store, String agent, String sessionId) {
    this.store = store;
    this.agent = agent;
    this.sessionId = sessionId;
    this.runId = runId(agent, sessionId);
  }

  /**
   * Opens the history of {@code agent} in session {@code sessionId}, reading what is stored (an
   * empty conversation for a new session).
   *
   * <p>A conversation that stopped with tool calls and no results (the process died while the tools
   * ran) gets an error result for each such call, committed at once, because providers reject a
   * request with unanswered tool calls.
   *
   * @throws StateException when a stored checkpoint cannot be read, naming its version
   */
  public static ChatHistory open(CheckpointStore store, String agent, String sessionId) {
    Objects.requireNonNull(store, "store");
    ChatHistory history = new ChatHistory(store, agent, sessionId);
    history.read();
    history.answerInterruptedCalls();
    return history;
  }

  /** The store's run id for the history of {@code agent} in session {@code sessionId}. */
  public static String runId(String agent, String sessionId) {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(sessionId, "sessionId");
    if (agent.isBlank() || agent.contains("/")) {
      throw new IllegalArgumentException(
          "chat history: agent name '" + agent + "' must be non-blank and contain no '/'");
    }
    if (sessionId.isBlank()) {
      throw new IllegalArgumentException(
          "chat history of agent '" + agent + "': the session id must not be blank");
    }
    // Agent names hold no '/', so the first '/' after the prefix separates agent from session.
    return PREFIX + agent + "/" + sessionId;
  }

  /** The session ids that {@code agent} has a history for in {@code store}, sorted. */
  public static List<String> sessions(CheckpointStore store, String agent) {
    String prefix = PREFIX + agent + "/";
    return store.runs().stream()
        .filter(run -> run.startsWith(prefix))
        .map(run -> run.substring(prefix.length()))
        .toList();
  }

  public String agent() {
    return agent;
  }

  public String sessionId() {
    return sessionId;
  }

  /** The whole conversation as stored, oldest first. */
  public synchronized List<ChatMessage> messages() {
    return List.copyOf(messages);
  }

  /**
   * Commits {@code added} after the stored conversation, as one checkpoint.
   *
   * @throws dev.cadre.state.store.CheckpointStoreException when the store fails, or when another
   *     instance has written this session since this one read it; nothing was written then
   */
  public synchronized void append(List<? extends ChatMessage> added) {
    if (added.isEmpty()) {
      return;
    }
    commit(CheckpointKind.MESSAGE, List.copyOf(added));
    messages.addAll(added);
  }

  /** Commits {@code replacement} as the whole conversation (empty to clear it). */
  public synchronized void replace(List<? extends ChatMessage> replacement) {
    List<ChatMessage> copy = List.copyOf(replacement);
    commit(CheckpointKind.SNAPSHOT, copy);
    messages.clear();
    messages.addAll(copy);
  }

  private void commit(CheckpointKind kind, List<ChatMessage> batch) {
    JsonNode document = State.write(KIND, new Entry(batch));
    try {
      version = store.append(runId, version, kind, document).version();
    } catch (ConcurrentRunException e) {
      throw new ConcurrentHistoryException(this, e);
    }
  }

  private void read() {
    RunState state = store.load(runId).orElse(null);
    if (state == null) {
      return;
    }
    List<Checkpoint> checkpoints = new ArrayList<>();
    state.snapshot().ifPresent(checkpoints::add);
    checkpoints.addAll(state.steps());
    for (Checkpoint checkpoint : checkpoints) {
      if (checkpoint.kind() != CheckpointKind.MESSAGE
          && checkpoint.kind() != CheckpointKind.SNAPSHOT) {
        throw new StateException(
            "",
            "run '"
                + runId
                + "' version "
                + checkpoint.version()
                + " is a "
                + checkpoint.kind()
                + " checkpoint, not chat history; is another run using this id?");
      }
      Entry entry;
      try {
        entry = State.read(State.open(State.parse(checkpoint.payload()), KIND), Entry.class);
      } catch (StateException e) {
        throw e.within(runId + "@" + checkpoint.version());
      }
      messages.addAll(entry.messages());
    }
    version = state.version();
  }

  private void answerInterruptedCalls() {
    if (!messages.isEmpty()
        && messages.get(messages.size() - 1) instanceof ChatMessage.Assistant last
        && last.hasToolCalls()) {
      List<ToolResult> results = new ArrayList<>();
      for (ToolCall call : last.toolCalls()) {
        results.add(
            ToolResult.failure(
                call,
                "the process stopped before this tool call finished, so whether it ran is"
                    + " unknown; check before calling it again"));
      }
      append(List.of(new ChatMessage.ToolResults(results)));
    }
  }

  @Override
  public String toString() {
    return "ChatHistory[" + runId + "]";
  }

  /** The body of one stored checkpoint. */
  record Entry(List<ChatMessage> messages) {
    Entry {
      messages = List.copyOf(State.require(messages, "messages"));
    }
  }

  /**
   * Another instance of the agent wrote the same session after this one had read it. Nothing was
   * written; build the agent again to continue from the latest conversation.
   */
  public static final class ConcurrentHistoryException
      extends dev.cadre.state.store.CheckpointStoreException {

    private static final long serialVersionUID = 1L;

    ConcurrentHistoryException(ChatHistory history, ConcurrentRunException cause) {
      super(
          "chat history of agent '"
              + history.agent
              + "' in session '"
              + history.sessionId
              + "' was written by another instance since this one read it (two agents on one"
              + " session at once?); nothing was written. Use one agent per session at a time,"
              + " or build the agent again to continue from the latest conversation.",
          cause);
    }
  }
}
