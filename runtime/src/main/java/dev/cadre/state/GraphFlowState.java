package dev.cadre.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a {@link dev.cadre.team.GraphFlow} is in its graph, as saved in a document of kind {@code
 * selector} with {@code "selector": "graph"}; kept across runs until the graph completes.
 *
 * @param ready the nodes that run next, in order: the entries when the graph starts
 * @param traversals how often each edge has activated since the graph started
 * @param delivered per node, per activation group of the edges into it that waits for all its
 *     parents, the parents whose edges have activated since the group last readied the node
 */
public record GraphFlowState(
    List<String> ready,
    List<Traversal> traversals,
    Map<String, Map<String, List<String>>> delivered) {

  /** Checks and copies the collections. */
  public GraphFlowState {
    ready = List.copyOf(State.require(ready, "ready"));
    traversals = List.copyOf(State.require(traversals, "traversals"));
    Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
    State.require(delivered, "delivered")
        .forEach(
            (node, groups) -> {
              Map<String, List<String>> inner = new LinkedHashMap<>();
              State.require(groups, "delivered." + node)
                  .forEach((group, parents) -> inner.put(group, List.copyOf(parents)));
              copy.put(node, Collections.unmodifiableMap(inner));
            });
    delivered = Collections.unmodifiableMap(copy);
  }

  /** An edge, by its ends, and how often it has activated. */
  public record Traversal(String source, String target, int count) {
    /** Checks the ends and the count. */
    public Traversal {
      State.require(source, "source");
      State.require(target, "target");
      if (count < 1) {
        throw new StateException("count", "must be at least 1, was " + count);
      }
    }
  }
}
