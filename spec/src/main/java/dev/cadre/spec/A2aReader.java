package dev.cadre.spec;

import java.util.Map;
import java.util.Set;

/**
 * Reads an agent's {@code a2a}, the address of a remote A2A agent, and checks that such an agent
 * brings nothing of its own but its name and description.
 */
final class A2aReader {

  private static final Set<String> KEYS = Set.of("name", "description", "a2a");

  private final TreeReader tree;

  A2aReader(TreeReader tree) {
    this.tree = tree;
  }

  /**
   * Reports each of the agent's {@code fields} (its node is {@code node}) that a remote agent does
   * not take, when it has {@code a2a}; {@code agentKeys} are all the keys an agent can have.
   */
  void checkRemote(Node node, Map<String, Node> fields, Set<String> agentKeys) {
    if (fields.containsKey("a2a")) {
      // Every agent key but the three a remote agent takes: whatever it brings of its own.
      for (String own : agentKeys.stream().sorted().toList()) {
        if (fields.containsKey(own) && !KEYS.contains(own)) {
          tree.error(
              "Cadre/SpecA2a",
              fields.get(own),
              Node.join(node.path, own)
                  + ": a remote A2A agent (a2a:) brings its own "
                  + own
                  + "; give it only name, description and a2a");
        }
      }
    }
  }

  /** The agent's {@code a2a} address, or null when it has none. */
  String address(Map<String, Node> fields) {
    return tree.optionalText(fields, "a2a");
  }
}
