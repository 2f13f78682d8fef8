package dev.cadre.team;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cadre.agent.AgentMessage;
import dev.cadre.core.CancellationToken;
import dev.cadre.core.Json;
import dev.cadre.state.GraphFlowState;
import dev.cadre.state.State;
import dev.cadre.state.StateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The graph pattern: participants run along the edges of a {@link ChatGraph}, several at once where
 * the graph fans out, until no node is ready (AutoGen's GraphFlow).
 *
 * <p>Execution, turn by turn:
 *
 * <ul>
 *   <li><b>Start.</b> A run's first turn runs the graph's entries. Every run starts there: a run
 *       that ended because no node was ready, or by its termination condition, maximum of turns,
 *       failure or cancellation, leaves nothing behind for the next run (as AutoGen resets the
 *       graph at the end of a run). The selector tells a continuing run from a new one by the turn
 *       it scheduled: the team's last speakers are exactly the nodes it chose and the transcript
 *       ends with their answers; anything else (a new task was added) starts afresh.
 *   <li><b>Activation.</b> After a turn, each node that spoke has its outgoing edges evaluated
 *       against its own message of that turn (the speakers' messages come in the order they were
 *       chosen, so they pair by position). A sequential edge always activates; a conditional edge
 *       activates when its condition holds; every edge that qualifies activates, so a node with
 *       sequential and conditional edges fires the sequential ones always and the conditional ones
 *       when they hold (the DSL forbids mixing them; this is what happens if it is done by hand). A
 *       node none of whose edges activates ends its branch. An edge that has activated {@code
 *       maxTraversals} times in this run activates no more, which is how a bounded loop exits.
 *   <li><b>Joins.</b> A node with {@link ChatGraph.Join#ANY} is ready when at least one of its
 *       incoming edges activated in the last turn; it runs once however many did, and again each
 *       later turn one does. A node with {@link ChatGraph.Join#ALL} is ready when every parent
 *       along a <em>forward</em> edge has activated its edge into it since the node last ran (a
 *       parent that activates twice first counts once). Each <em>back edge</em> (one that closes a
 *       cycle, {@link ChatGraph#closesCycle}) is a join of its own: when it activates the node is
 *       ready, whatever the forward parents did, and the forward parents' progress is kept. So a
 *       loop whose head also has a forward parent runs instead of deadlocking. An ALL node whose
 *       parents sit on exclusive conditional branches waits for ever: use ANY there.
 *   <li><b>Next.</b> Every ready node runs in the next turn, concurrently, listed in node
 *       declaration order (the order their messages join the conversation). When none is ready the
 *       selector answers with no one and the run ends with "no participant is left to speak".
 * </ul>
 *
 * <p>Every graph node must be a participant of the team; participants outside the graph never
 * speak. A condition that throws fails the run with an error naming the edge. {@link #reset()}
 * forgets the execution state. Safe for one team at a time.
 */
public final class GraphFlow implements SpeakerSelector {

  private static final String TYPE = "graph";

  private final ChatGraph graph;
  // Per node: the parents along forward edges, all of which an ALL join waits for.
  private final Map<String, Set<String>> forwardParents = new HashMap<>();

  // The current run's state.
  private final Map<ChatGraph.Edge, Integer> traversals = new HashMap<>();
  private final Map<String, Set<String>> delivered = new HashMap<>();
  private List<String> scheduled = List.of();
  private int transcriptAfterTurn;

  public GraphFlow(ChatGraph graph) {
    this.graph = Objects.requireNonNull(graph, "graph");
    for (ChatGraph.Node node : graph.nodes()) {
      Set<String> parents = new HashSet<>();
      for (ChatGraph.Edge edge : graph.incoming(node.name())) {
        if (!graph.closesCycle(edge)) {
          parents.add(edge.source());
        }
      }
      forwardParents.put(node.name(), parents);
    }
  }

  /** The graph this selector runs. */
  public ChatGraph graph() {
    return graph;
  }

  @Override
  public synchronized List<String> next(
      Conversation conversation, CancellationToken cancellation, Consumer<TeamEvent> events) {
    if (!continuesScheduledTurn(conversation)) {
      start(conversation);
      return schedule(graph.entries(), conversation);
    }
    Set<String> ready = new HashSet<>();
    List<String> speakers = conversation.lastSpeakers();
    List<AgentMessage> said = conversation.lastTurn();
    for (int i = 0; i < speakers.size(); i++) {
      activate(speakers.get(i), said.get(i), ready);
    }
    List<String> next = new ArrayList<>();
    for (ChatGraph.Node node : graph.nodes()) {
      if (ready.contains(node.name())) {
        next.add(node.name());
      }
    }
    if (next.isEmpty()) {
      clear();
      return List.of();
    }
    return schedule(next, conversation);
  }

  @Override
  public synchronized void reset() {
    clear();
  }

  /**
   * Saves where the run is ({@link GraphFlowState}): each edge's traversals, what the ALL joins have
   * received, and the turn it scheduled. Between runs that is nothing, since every run starts at the
   * entries; a run checkpointed between turns continues where it was.
   */
  @Override
  public synchronized JsonNode saveState() {
    List<GraphFlowState.Traversal> counts = new ArrayList<>();
    for (ChatGraph.Edge edge : graph.edges()) {
      Integer count = traversals.get(edge);
      if (count != null) {
        counts.add(new GraphFlowState.Traversal(edge.source(), edge.target(), count));
      }
    }
    Map<String, List<String>> arrived = new LinkedHashMap<>();
    for (ChatGraph.Node node : graph.nodes()) {
      Set<String> parents = delivered.get(node.name());
      if (parents != null && !parents.isEmpty()) {
        List<String> ordered = new ArrayList<>();
        graph.nodes().stream().map(ChatGraph.Node::name).filter(parents::contains).forEach(ordered::add);
        arrived.put(node.name(), ordered);
      }
    }
    GraphFlowState state = new GraphFlowState(counts, arrived, scheduled, transcriptAfterTurn);
    ObjectNode document = SpeakerSelector.stateDocument(TYPE);
    document.setAll((ObjectNode) Json.mapper().valueToTree(state));
    return document;
  }

  /**
   * Loads a state {@link #saveState} wrote for the same graph. Every edge and node it names is
   * checked against this graph first: when it does not fit, nothing has changed.
   */
  @Override
  public void loadState(JsonNode state) {
    GraphFlowState saved =
        State.read(SpeakerSelector.openState(state, TYPE), GraphFlowState.class);
    Map<ChatGraph.Edge, Integer> counts = new HashMap<>();
    for (int i = 0; i < saved.traversals().size(); i++) {
      GraphFlowState.Traversal traversal = saved.traversals().get(i);
      ChatGraph.Edge edge = edge(traversal.source(), traversal.target());
      String at = "traversals[" + i + "]";
      if (edge == null) {
        throw new StateException(
            at, "the graph has no edge '" + traversal.source() + "' -> '" + traversal.target() + "'");
      }
      if (edge.maxTraversals() > 0 && traversal.count() > edge.maxTraversals()) {
        throw new StateException(
            at + ".count", traversal.count() + " traversals of " + edge + " is more than it allows");
      }
      counts.put(edge, traversal.count());
    }
    Map<String, Set<String>> arrived = new HashMap<>();
    for (Map.Entry<String, List<String>> entry : saved.delivered().entrySet()) {
      Set<String> parents = forwardParents.get(entry.getKey());
      if (parents == null) {
        throw new StateException(
            "delivered." + entry.getKey(), "'" + entry.getKey() + "' is not a node of the graph");
      }
      if (!parents.containsAll(entry.getValue())) {
        throw new StateException(
            "delivered." + entry.getKey(),
            entry.getValue() + " are not all forward parents of '" + entry.getKey() + "' " + parents);
      }
      arrived.put(entry.getKey(), new HashSet<>(entry.getValue()));
    }
    for (int i = 0; i < saved.scheduled().size(); i++) {
      if (graph.node(saved.scheduled().get(i)) == null) {
        throw new StateException(
            "scheduled[" + i + "]", "'" + saved.scheduled().get(i) + "' is not a node of the graph");
      }
    }
    synchronized (this) {
      traversals.clear();
      traversals.putAll(counts);
      delivered.clear();
      delivered.putAll(arrived);
      scheduled = saved.scheduled();
      transcriptAfterTurn = saved.transcriptAfterTurn();
    }
  }

  private ChatGraph.Edge edge(String source, String target) {
    for (ChatGraph.Edge edge : graph.outgoing(source)) {
      if (edge.target().equals(target)) {
        return edge;
      }
    }
    return null;
  }

  private boolean continuesScheduledTurn(Conversation conversation) {
    if (scheduled.isEmpty() || !conversation.lastSpeakers().equals(scheduled)) {
      return false;
    }
    List<AgentMessage> messages = conversation.messages();
    List<AgentMessage> lastTurn = conversation.lastTurn();
    return messages.size() == transcriptAfterTurn
        && lastTurn.size() == scheduled.size()
        && messages.subList(messages.size() - lastTurn.size(), messages.size()).equals(lastTurn);
  }

  private void start(Conversation conversation) {
    for (ChatGraph.Node node : graph.nodes()) {
      if (conversation.participant(node.name()) == null) {
        List<String> names = new ArrayList<>();
        conversation.participants().forEach(p -> names.add(p.name()));
        throw new IllegalStateException(
            "graph node '"
                + node.name()
                + "' is not a participant of the team "
                + names
                + ": add an agent named '"
                + node.name()
                + "' or remove the node from the graph");
      }
    }
    clear();
  }

  private void activate(String source, AgentMessage message, Set<String> ready) {
    for (ChatGraph.Edge edge : graph.outgoing(source)) {
      if (!holds(edge, message)) {
        continue;
      }
      int used = traversals.getOrDefault(edge, 0);
      if (edge.maxTraversals() > 0 && used >= edge.maxTraversals()) {
        continue;
      }
      traversals.put(edge, used + 1);
      String target = edge.target();
      if (graph.node(target).join() == ChatGraph.Join.ANY || graph.closesCycle(edge)) {
        ready.add(target);
        continue;
      }
      Set<String> arrived = delivered.computeIfAbsent(target, t -> new HashSet<>());
      arrived.add(source);
      if (arrived.containsAll(forwardParents.get(target))) {
        ready.add(target);
        arrived.clear();
      }
    }
  }

  private static boolean holds(ChatGraph.Edge edge, AgentMessage message) {
    try {
      return edge.activatesOn(message);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "the condition of graph edge "
              + edge
              + " failed on the message of '"
              + edge.source()
              + "': "
              + e,
          e);
    }
  }

  private List<String> schedule(List<String> speakers, Conversation conversation) {
    scheduled = List.copyOf(speakers);
    transcriptAfterTurn = conversation.messages().size() + speakers.size();
    return scheduled;
  }

  private void clear() {
    traversals.clear();
    delivered.clear();
    scheduled = List.of();
    transcriptAfterTurn = 0;
  }

  @Override
  public String toString() {
    return "graph";
  }
}
