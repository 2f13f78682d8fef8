package dev.cadre.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a {@link dev.cadre.team.GraphFlow} is in its run, as saved in a document of kind {@code
 * selector} with {@code "selector": "graph"}.
 *
 * @param traversals how often each edge has activated in the current run
 * @param delivered per ALL-join node, the forward parents whose edges into it have activated since
 *     it last ran
 * @param scheduled the nodes chosen for the turn in progress, in order; empty between runs
 * @param transcriptAfterTurn the transcript's length once the scheduled turn has answered
 */
public record GraphFlowState(
    List<Traversal> traversals,
    Map<String, List<String>> delivered,
    List<String> scheduled,
    int transcriptAfterTurn) {

  public GraphFlowState {
    traversals = List.copyOf(State.require(traversals, "traversals"));
    Map<String, List<String>> copy = new LinkedHashMap<>();
    State.require(delivered, "delivered").forEach((node, parents) -> copy.put(node, List.copyOf(parents)));
    delivered = Collections.unmodifiableMap(copy);
    scheduled = List.copyOf(State.require(scheduled, "scheduled"));
    if (transcriptAfterTurn < 0) {
      throw new StateException("transcriptAfterTurn", "must not be negative, was " + transcriptAfterTurn);
    }
  }

  /** An edge, by its ends, and how often it has activated. */
  public record Traversal(String source, String target, int count) {
    public Traversal {
      State.require(source, "source");
      State.require(target, "target");
      if (count < 1) {
        throw new StateException("count", "must be at least 1, was " + count);
      }
    }
  }
}
