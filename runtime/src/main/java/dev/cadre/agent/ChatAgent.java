package dev.cadre.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.core.CancellationToken;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import dev.cadre.tool.ToolResultLog;
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

  /**
   * Like {@link #onMessages(List, CancellationToken, Consumer)}, within a durable run: a
   * participant that executes tools consults {@code tools} so that a call completed before a crash
   * is not executed again on resume. The default ignores {@code tools}.
   */
  default AgentResponse onMessages(
      List<? extends AgentMessage> messages,
      CancellationToken cancellation,
      Consumer<AgentEvent> listener,
      ToolResultLog tools) {
    return onMessages(messages, cancellation, listener);
  }

  /** Forgets the conversation, ready for a new task. */
  void reset();

  /**
   * The agents this participant may hand the conversation to by answering with an {@link
   * AgentMessage.Handoff}, for the checks a team's builder runs (in a swarm, every handoff must go
   * to a participant, and every participant must be reachable by handoffs from the first). Only
   * the targets matter there; an {@link AssistantAgent} also offers each to its model as a tool.
   * Empty by default: a participant that hands off declares where to.
   */
  default List<Handoff> handoffs() {
    return List.of();
  }

  /**
   * The team this participant is in was paused ({@link dev.cadre.team.Team#pauseParticipants}):
   * hold off until {@link #onResume}. It is called while the participant may be in the middle of
   * its turn, on another thread, so share what it sets safely (a volatile flag, a latch). Pausing
   * does not end the turn, and the team's run goes on when the turn ends; honouring the pause is
   * the participant's affair. Does nothing by default.
   *
   * @param cancellation cancelled when whoever paused the team gives up waiting for this hook
   */
  default void onPause(CancellationToken cancellation) {}

  /**
   * The team this participant is in was resumed ({@link dev.cadre.team.Team#resumeParticipants}):
   * go on from where {@link #onPause} held off. Called as {@code onPause} is. Does nothing by
   * default.
   */
  default void onResume(CancellationToken cancellation) {}

  /**
   * What the participant remembers, as a state document ({@link dev.cadre.state.State}) that
   * {@link #loadState} takes back, in this process or another. A team saves its participants'
   * state with its own.
   *
   * <p>The default is for a participant that remembers nothing between turns (a fixed reply, a
   * function): an empty document of kind {@value #STATELESS_KIND}, as AutoGen's agents save an
   * empty state by default. A participant that does remember (a conversation, counts) must
   * override this and {@link #loadState}, or what it remembers is lost when its team's state is
   * loaded elsewhere.
   *
   * @throws IllegalStateException while the participant is answering
   */
  default JsonNode saveState() {
    return State.document(STATELESS_KIND);
  }

  /**
   * Replaces what the participant remembers with a document {@link #saveState} wrote. Checks the
   * whole document first: when it is rejected, nothing has changed. The default takes only the
   * empty document the default {@link #saveState} writes.
   *
   * @throws dev.cadre.state.StateException naming what is wrong with the document
   * @throws IllegalStateException while the participant is answering
   */
  default void loadState(JsonNode state) {
    String kind = state == null ? null : state.path("kind").asText(null);
    if (kind != null && !kind.equals(STATELESS_KIND)) {
      throw new StateException(
          "kind",
          "participant '"
              + name()
              + "' ("
              + getClass().getName()
              + ") keeps no state and cannot load a '"
              + kind
              + "' document; load the state into a team of the same participants, or implement"
              + " ChatAgent.saveState and loadState");
    }
    State.open(state, STATELESS_KIND);
  }

  /** The kind of the empty state document of a participant that remembers nothing. */
  String STATELESS_KIND = "stateless_agent";

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
