package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cadre.agent.AgentMessage;
import dev.cadre.state.TeamState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a team's manager remembers of the conversation between runs, until a reset: every chat
 * message, who produced each, how many each participant has been handed, the last turn, and the
 * turns since a run last stopped. It is the conversation part of the team's state document.
 *
 * <p>The messages sit in an array that is only appended to (forgetting starts a new one), so the
 * selector's {@link Conversation}, the last turn and a speaker's unseen messages are parts of it,
 * shared rather than copied ({@link SharedMessages}), and a turn costs the same however long the
 * conversation has grown. Used on the manager's thread only.
 */
final class Transcript {

  private static final AgentMessage[] NONE = new AgentMessage[0];

  private final List<Conversation.Participant> participants;
  private AgentMessage[] messages = NONE;
  private int size;
  // Who said each message (null for a task message): a team that takes part says its inner
  // participants' messages, and is not handed them again.
  private final List<String> producers = new ArrayList<>();
  private final Map<String, Integer> seen = new HashMap<>();
  private List<String> lastSpeakers = List.of();
  private List<AgentMessage> lastTurn = List.of();
  // Turns since a run last stopped on the condition, maxTurns or a finished pattern (AutoGen's
  // current_turn): a run that failed or was cancelled leaves it for the run that continues.
  private int turnsSinceStop;
  // What the selector sees, made when it is first asked for after a change.
  private Conversation conversation;

  Transcript(List<Conversation.Participant> participants) {
    this.participants = List.copyOf(participants);
  }

  /** The conversation as a selector sees it: immutable, and valid for as long as it is kept. */
  Conversation conversation() {
    Conversation now = conversation;
    if (now == null) {
      now = new Conversation(participants, part(0, size), lastSpeakers, lastTurn);
      conversation = now;
    }
    return now;
  }

  /** How many messages the conversation holds. */
  int size() {
    return size;
  }

  /** Adds a message that {@code producer} said; null for a task message. */
  void add(AgentMessage message, String producer) {
    if (size == messages.length) {
      messages = Arrays.copyOf(messages, Math.max(16, size * 2));
    }
    messages[size++] = message;
    producers.add(producer);
    conversation = null;
  }

  /** The messages from {@code from} on are a task, which stands for the last turn. */
  void taskAdded(int from) {
    lastTurn = part(from, size);
    conversation = null;
  }

  /** {@code speakers} took a turn, which added the messages from {@code from} on. */
  void turnTaken(List<String> speakers, int from) {
    lastSpeakers = List.copyOf(speakers);
    lastTurn = part(from, size);
    turnsSinceStop++;
    conversation = null;
  }

  int turnsSinceStop() {
    return turnsSinceStop;
  }

  /** A run stopped in a way that ends a stretch of turns: the next run counts afresh. */
  void stretchEnded() {
    turnsSinceStop = 0;
  }

  /**
   * The chat messages since {@code speaker} last spoke, leaving out what it said itself, and marks
   * them seen. Shared when they follow one another in the transcript, as they do unless two
   * speakers of one turn are each other's audience.
   */
  List<AgentMessage> unseenBy(String speaker) {
    int from = seen.getOrDefault(speaker, 0);
    seen.put(speaker, size);
    int start = from;
    while (start < size && speaker.equals(producers.get(start))) {
      start++;
    }
    int end = start;
    while (end < size && !speaker.equals(producers.get(end))) {
      end++;
    }
    if (end == size) {
      return part(start, size);
    }
    List<AgentMessage> unseen = new ArrayList<>(size - start);
    for (int i = start; i < size; i++) {
      if (!speaker.equals(producers.get(i))) {
        unseen.add(messages[i]);
      }
    }
    return unseen;
  }

  /** Forgets the conversation. Parts handed out before stay as they were. */
  void clear() {
    messages = NONE;
    size = 0;
    producers.clear();
    seen.clear();
    lastSpeakers = List.of();
    lastTurn = List.of();
    turnsSinceStop = 0;
    conversation = null;
  }

  /**
   * The team's state document with this conversation in it.
   *
   * @param order the participants' names in the team's order, which the document's {@code seen}
   *     follows
   */
  TeamState state(
      String team,
      Iterable<String> order,
      JsonNode selector,
      JsonNode termination,
      Map<String, JsonNode> participantStates) {
    Map<String, Integer> seenInOrder = new LinkedHashMap<>();
    for (String name : order) {
      if (seen.containsKey(name)) {
        seenInOrder.put(name, seen.get(name));
      }
    }
    return new TeamState(
        team,
        part(0, size),
        producers,
        seenInOrder,
        lastSpeakers,
        lastTurn,
        turnsSinceStop,
        selector,
        termination,
        participantStates);
  }

  /** Replaces the conversation with a checked document's. */
  void restore(TeamState saved) {
    messages = saved.messages().toArray(NONE);
    size = messages.length;
    producers.clear();
    producers.addAll(saved.producers());
    seen.clear();
    seen.putAll(saved.seen());
    lastSpeakers = saved.lastSpeakers();
    lastTurn = saved.lastTurn();
    turnsSinceStop = saved.turnsSinceStop();
    conversation = null;
  }

  private List<AgentMessage> part(int from, int to) {
    return from == to ? SharedMessages.EMPTY : new SharedMessages(messages, from, to);
  }
}
