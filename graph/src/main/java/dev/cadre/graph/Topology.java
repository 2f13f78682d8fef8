package dev.cadre.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the rules derive from a graph's edges: known nodes, adjacency, start nodes, reachability,
 * cycles. Everything iterates in declaration order, so findings come out the same every time.
 */
final class Topology {

  private final Map<String, Participant> nodes = new LinkedHashMap<>();
  private final Map<String, List<Edge>> outgoing = new LinkedHashMap<>();
  private final Set<String> withIncoming = new HashSet<>();
  private final List<String> startNodes;
  private final boolean entriesDeclared;

  Topology(AgentGraph graph) {
    for (Participant participant : graph.participants()) {
      nodes.putIfAbsent(participant.name(), participant);
      outgoing.putIfAbsent(participant.name(), new ArrayList<>());
    }
    for (Edge edge : graph.edges()) {
      // An edge from a misspelt node still says its target has a predecessor; counting it keeps a
      // typo from also surfacing as a second, implicit entry point.
      withIncoming.add(edge.to());
      if (nodes.containsKey(edge.from()) && nodes.containsKey(edge.to())) {
        outgoing.get(edge.from()).add(edge);
      }
    }
    Set<String> declared = new LinkedHashSet<>();
    for (String entry : graph.entryPoints()) {
      if (nodes.containsKey(entry)) {
        declared.add(entry);
      }
    }
    entriesDeclared = !graph.entryPoints().isEmpty();
    startNodes = entriesDeclared ? List.copyOf(declared) : List.copyOf(roots());
  }

  /** Participant names, first occurrence of each, in declaration order. */
  Set<String> names() {
    return nodes.keySet();
  }

  boolean contains(String name) {
    return nodes.containsKey(name);
  }

  Participant participant(String name) {
    return nodes.get(name);
  }

  /** Edges leaving {@code node} whose both ends are participants, in declaration order. */
  List<Edge> outgoing(String node) {
    return outgoing.getOrDefault(node, List.of());
  }

  /** Whether any entry point is declared, known or not. */
  boolean entriesDeclared() {
    return entriesDeclared;
  }

  /** Participants that no edge leads to, in declaration order. */
  List<String> roots() {
    List<String> roots = new ArrayList<>();
    for (String name : nodes.keySet()) {
      if (!withIncoming.contains(name)) {
        roots.add(name);
      }
    }
    return roots;
  }

  List<String> startNodes() {
    return startNodes;
  }

  /** Nodes reachable from {@code starts} (included) along edges. */
  Set<String> reachableFrom(List<String> starts) {
    Set<String> seen = new LinkedHashSet<>(starts);
    Deque<String> queue = new ArrayDeque<>(starts);
    while (!queue.isEmpty()) {
      for (Edge edge : outgoing(queue.removeFirst())) {
        if (seen.add(edge.to())) {
          queue.addLast(edge.to());
        }
      }
    }
    return seen;
  }

  /**
   * The shortest path of edges from a start node to {@code node}, as node names from the start to
   * {@code node}; just {@code node} when it is a start node, empty when no start reaches it. Ties go
   * to the earlier declared edge.
   */
  List<String> pathFromStart(String node) {
    Map<String, String> cameFrom = new LinkedHashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    for (String start : startNodes) {
      cameFrom.putIfAbsent(start, null);
      queue.addLast(start);
    }
    while (!queue.isEmpty() && !cameFrom.containsKey(node)) {
      String current = queue.removeFirst();
      for (Edge edge : outgoing(current)) {
        if (!cameFrom.containsKey(edge.to())) {
          cameFrom.put(edge.to(), current);
          queue.addLast(edge.to());
        }
      }
    }
    if (!cameFrom.containsKey(node)) {
      return List.of();
    }
    List<String> path = new ArrayList<>();
    for (String at = node; at != null; at = cameFrom.get(at)) {
      path.add(0, at);
    }
    return path;
  }

  /**
   * One cycle per strongly connected part of the subgraph of edges that {@code use} accepts: the
   * shortest cycle through that part's first node in declaration order. Parts come in declaration
   * order of those first nodes. Each cycle is its list of edges, the last one closing it.
   */
  List<List<Edge>> cycles(Predicate<Edge> use) {
    List<List<Edge>> cycles = new ArrayList<>();
    Set<String> covered = new HashSet<>();
    for (String node : nodes.keySet()) {
      if (covered.contains(node)) {
        continue;
      }
      List<Edge> cycle = shortestCycleThrough(node, use);
      if (!cycle.isEmpty()) {
        covered.addAll(component(node, use));
        cycles.add(cycle);
      }
    }
    return cycles;
  }

  private List<Edge> shortestCycleThrough(String start, Predicate<Edge> use) {
    Map<String, Edge> reachedBy = new HashMap<>();
    Deque<String> queue = new ArrayDeque<>();
    queue.add(start);
    while (!queue.isEmpty()) {
      String node = queue.removeFirst();
      for (Edge edge : outgoing(node)) {
        if (!use.test(edge)) {
          continue;
        }
        if (edge.to().equals(start)) {
          List<Edge> cycle = new ArrayList<>();
          cycle.add(edge);
          for (String at = node; !at.equals(start); at = reachedBy.get(at).from()) {
            cycle.add(0, reachedBy.get(at));
          }
          return cycle;
        }
        if (!reachedBy.containsKey(edge.to())) {
          reachedBy.put(edge.to(), edge);
          queue.addLast(edge.to());
        }
      }
    }
    return List.of();
  }

  /** The nodes that {@code node} reaches and that reach it back, along accepted edges. */
  private Set<String> component(String node, Predicate<Edge> use) {
    Set<String> forward = reach(node, use, false);
    Set<String> backward = reach(node, use, true);
    forward.retainAll(backward);
    return forward;
  }

  private Set<String> reach(String start, Predicate<Edge> use, boolean reverse) {
    Set<String> seen = new HashSet<>(List.of(start));
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String node = queue.removeFirst();
      for (List<Edge> edges : outgoing.values()) {
        for (Edge edge : edges) {
          if (!use.test(edge) || !(reverse ? edge.to() : edge.from()).equals(node)) {
            continue;
          }
          String next = reverse ? edge.from() : edge.to();
          if (seen.add(next)) {
            queue.addLast(next);
          }
        }
      }
    }
    return seen;
  }

  /** See {@link AgentGraph#backEdges()}; nodes the start nodes miss are walked after them. */
  List<Edge> backEdges() {
    List<Edge> back = new ArrayList<>();
    Set<String> done = new HashSet<>();
    Set<String> onPath = new HashSet<>();
    List<String> order = new ArrayList<>(startNodes);
    order.addAll(nodes.keySet());
    for (String node : order) {
      if (!done.contains(node)) {
        walk(node, done, onPath, back);
      }
    }
    return List.copyOf(back);
  }

  private void walk(String node, Set<String> done, Set<String> onPath, List<Edge> back) {
    // Recursion depth is bounded by the team's size, a handful to a few dozen participants.
    done.add(node);
    onPath.add(node);
    for (Edge edge : outgoing(node)) {
      if (onPath.contains(edge.to())) {
        back.add(edge);
      } else if (!done.contains(edge.to())) {
        walk(edge.to(), done, onPath, back);
      }
    }
    onPath.remove(node);
  }

  /** {@code a -> b -> a}, the path a cycle of edges prints as. */
  static String path(List<Edge> edges) {
    StringBuilder path = new StringBuilder(edges.get(0).from());
    for (Edge edge : edges) {
      path.append(" -> ").append(edge.to());
    }
    return path.toString();
  }
}
