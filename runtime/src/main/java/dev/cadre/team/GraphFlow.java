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
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The graph pattern: participants run along the edges of a {@link ChatGraph}, several at once where
 * the graph fans out, until no node is ready (AutoGen's GraphFlow).
 *
 * <p>Execution, turn by turn:
 *
 * <ul>
 *   <li><b>Ready.</b> Each turn runs every ready node, concurrently, listed in node declaration
 *       order (the order their messages join the conversation). At first the graph's entries are
 *       ready.
 *   <li><b>Activation.</b> After a turn ({@link #afterTurn}), each node that spoke has its outgoing
 *       edges evaluated against its own message of that turn. A sequential edge always activates;
 *       a conditional edge activates when its condition holds; every edge that qualifies activates,
 *       so a node with sequential and conditional edges fires the sequential ones always and the
 *       conditional ones when they hold (the DSL forbids mixing them; this is what happens if it is
 *       done by hand). A node none of whose edges activates ends its branch. An edge that has
 *       activated {@code maxTraversals} times activates no more until the graph starts over, which
 *       is how a bounded loop exits.
 *   <li><b>Joins.</b> An activated edge counts toward its activation group of the edges into its
 *       target ({@link ChatGraph}): an {@link ChatGraph.Join#ANY} group readies the target at once;
 *       an {@link ChatGraph.Join#ALL} group once every parent in the group has activated its edge
 *       since the group last readied it (a parent that activates twice first counts once, where
 *       AutoGen would count it twice and leave the node waiting for ever). Only the groups that
 *       readied the node start counting afresh; the others keep their progress. An ALL group whose
 *       parents sit on exclusive conditional branches waits for ever: use ANY there.
 *   <li><b>Completion.</b> When no node is ready after a turn, the graph is complete: the run ends
 *       with {@link #COMPLETE}, before the termination condition is checked, and the graph starts
 *       over at its entries, its edges' traversals forgotten.
 * </ul>
 *
 * <p>Between runs the graph keeps its place. A run that stopped before the graph completed (its
 * termination condition fired, or the maximum of turns, a failure or a cancellation cut it short)
 * leaves the ready nodes ready, so the next run, with a new task or without, goes on with them; a
 * turn that was cut short is run again. A run after the graph completed starts at the entries.
 *
 * <p>Every graph node must be a participant of the team; participants outside the graph never
 * speak. A condition that throws fails the run with an error naming the edge. {@link #reset()}
 * starts the graph over. Safe for one team at a time.
 */
public final class GraphFlow implements SpeakerSelector {

  /** The stop reason of a run in which the graph completed: AutoGen's words. */
  public static final String COMPLETE = "Digraph execution is complete";

  private static final String TYPE = "graph";

  private final ChatGraph graph;
  // Per node, per named activation group of the edges into it: the parents in the group.
  private final Map<String, Map<String, Set<String>>> groupParents = new HashMap<>();

  // Where the graph is: kept across runs until it completes or is reset.
  private final Map<ChatGraph.Edge, Integer> traversals = new HashMap<>();
  private final Map<String, Map<String, Set<String>>> delivered = new HashMap<>();
  private List<String> ready;

  /** Runs the participants along the edges of {@code graph}. */
  public GraphFlow(ChatGraph graph) {
    this.graph = Objects.requireNonNull(graph, "graph");
    for (ChatGraph.Edge edge : graph.edges()) {
      String group = graph.activationGroupOf(edge);
      if (group != null) {
        groupParents
            .computeIfAbsent(edge.target(), t -> new HashMap<>())
            .computeIfAbsent(group, g -> new HashSet<>())
            .add(edge.source());
      }
    }
    this.ready = graph.entries();
  }

  /** The graph this selector runs. */
  public ChatGraph graph() {
    return graph;
  }

  /** The ready nodes: the graph's entries at first, and after the graph completes. */
  @Override
  public synchronized List<String> next(
      Conversation conversation, CancellationToken cancellation, Consumer<TeamEvent> events) {
    requireParticipants(conversation);
    return ready;
  }

  /**
   * Activates the edges of the turn's speakers and finds the nodes ready next; when there are none,
   * the graph is complete, starts over at its entries, and the run ends with {@link #COMPLETE}.
   *
   * @throws IllegalStateException when an edge's condition throws, naming the edge
   */
  @Override
  public synchronized Optional<String> afterTurn(Conversation conversation) {
    Set<String> activated = new HashSet<>();
    List<String> speakers = conversation.lastSpeakers();
    List<AgentMessage> said = conversation.lastTurn();
    // The speakers' messages come in the order they were chosen, so they pair by position.
    for (int i = 0; i < speakers.size() && i < said.size(); i++) {
      activate(speakers.get(i), said.get(i), activated);
    }
    List<String> next = new ArrayList<>();
    for (ChatGraph.Node node : graph.nodes()) {
      if (activated.contains(node.name())) {
        next.add(node.name());
      }
    }
    if (next.isEmpty()) {
      clear();
      return Optional.of(COMPLETE);
    }
    ready = List.copyOf(next);
    return Optional.empty();
  }

  @Override
  public synchronized void reset() {
    clear();
  }

  /**
   * Saves where the graph is ({@link GraphFlowState}): the ready nodes, each edge's traversals and
   * what the ALL groups have received. A run continued from it, in this process or another, goes
   * on where the graph was.
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
    Map<String, Map<String, List<String>>> arrived = new LinkedHashMap<>();
    for (ChatGraph.Node node : graph.nodes()) {
      Map<String, Set<String>> groups = delivered.getOrDefault(node.name(), Map.of());
      Map<String, List<String>> saved = new LinkedHashMap<>();
      for (ChatGraph.Edge edge : graph.incoming(node.name())) {
        String group = graph.activationGroupOf(edge);
        Set<String> parents = group == null ? null : groups.get(group);
        if (parents != null && !parents.isEmpty() && !saved.containsKey(group)) {
          saved.put(group, inNodeOrder(parents));
        }
      }
      if (!saved.isEmpty()) {
        arrived.put(node.name(), saved);
      }
    }
    GraphFlowState state = new GraphFlowState(ready, counts, arrived);
    ObjectNode document = SpeakerSelector.stateDocument(TYPE);
    document.setAll((ObjectNode) Json.mapper().valueToTree(state));
    return document;
  }

  /**
   * Loads a state {@link #saveState} wrote for the same graph. Every edge, node and group it names
   * is checked against this graph first: when it does not fit, nothing has changed.
   */
  @Override
  public void loadState(JsonNode state) {
    GraphFlowState saved =
        State.read(SpeakerSelector.openState(state, TYPE), GraphFlowState.class);
    if (saved.ready().isEmpty()) {
      throw new StateException(
          "ready", "no node is ready; a graph always has one until it completes");
    }
    for (int i = 0; i < saved.ready().size(); i++) {
      if (graph.node(saved.ready().get(i)) == null) {
        throw new StateException(
            "ready[" + i + "]", "'" + saved.ready().get(i) + "' is not a node of the graph");
      }
    }
    Map<ChatGraph.Edge, Integer> counts = new HashMap<>();
    for (int i = 0; i < saved.traversals().size(); i++) {
      GraphFlowState.Traversal traversal = saved.traversals().get(i);
      ChatGraph.Edge edge = edge(traversal.source(), traversal.target());
      String at = "traversals[" + i + "]";
      if (edge == null) {
        throw new StateException(
            at,
            "the graph has no edge '" + traversal.source() + "' -> '" + traversal.target() + "'");
      }
      if (edge.maxTraversals() > 0 && traversal.count() > edge.maxTraversals()) {
        throw new StateException(
            at + ".count",
            traversal.count() + " traversals of " + edge + " is more than it allows");
      }
      counts.put(edge, traversal.count());
    }
    Map<String, Map<String, Set<String>>> arrived = new HashMap<>();
    for (Map.Entry<String, Map<String, List<String>>> node : saved.delivered().entrySet()) {
      String at = "delivered." + node.getKey();
      if (graph.node(node.getKey()) == null) {
        throw new StateException(at, "'" + node.getKey() + "' is not a node of the graph");
      }
      Map<String, Set<String>> groups = groupParents.getOrDefault(node.getKey(), Map.of());
      for (Map.Entry<String, List<String>> group : node.getValue().entrySet()) {
        Set<String> parents = groups.get(group.getKey());
        if (parents == null) {
          throw new StateException(
              at + "." + group.getKey(),
              "'" + node.getKey() + "' has no activation group '" + group.getKey() + "'");
        }
        if (!parents.containsAll(group.getValue())) {
          throw new StateException(
              at + "." + group.getKey(),
              group.getValue() + " are not all parents in group '" + group.getKey() + "' "
                  + inNodeOrder(parents));
        }
        arrived
            .computeIfAbsent(node.getKey(), n -> new HashMap<>())
            .put(group.getKey(), new HashSet<>(group.getValue()));
      }
    }
    synchronized (this) {
      ready = saved.ready();
      traversals.clear();
      traversals.putAll(counts);
      delivered.clear();
      delivered.putAll(arrived);
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

  private void requireParticipants(Conversation conversation) {
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
  }

  private void activate(String source, AgentMessage message, Set<String> activated) {
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
      String group = graph.activationGroupOf(edge);
      if (group == null || graph.activationOf(edge) == ChatGraph.Join.ANY) {
        activated.add(target);
        continue;
      }
      Set<String> arrived =
          delivered
              .computeIfAbsent(target, t -> new HashMap<>())
              .computeIfAbsent(group, g -> new HashSet<>());
      arrived.add(source);
      if (arrived.containsAll(groupParents.get(target).get(group))) {
        activated.add(target);
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

  private List<String> inNodeOrder(Set<String> names) {
    List<String> ordered = new ArrayList<>();
    graph.nodes().stream().map(ChatGraph.Node::name).filter(names::contains).forEach(ordered::add);
    return ordered;
  }

  private void clear() {
    traversals.clear();
    delivered.clear();
    ready = graph.entries();
  }

  @Override
  public String toString() {
    return "graph";
  }
}
