package dev.cadre.core;

import java.util.Objects;

/**
 * Names one agent instance: its {@code type} (which factory makes it) and its {@code key} (which
 * instance of that type). The runtime creates one agent per id, on the first message to it.
 *
 * <p>Written as {@code type/key}; the type never contains '/', the key may.
 *
 * @param type letters, digits, '_', '-' or '.'
 * @param key any non-empty text without control characters
 */
public record AgentId(String type, String key) {

  /** Checks the type and the key. */
  public AgentId {
    Names.checkAgentType("AgentId type", type);
    Names.checkText("AgentId key", key);
  }

  /**
   * Checks an agent type as {@link AgentRuntime#register} does, for runtimes in other modules.
   *
   * @return the type
   * @throws IllegalArgumentException naming the type and the rule
   */
  public static String checkType(String type) {
    return Names.checkAgentType("agent type", type);
  }

  /** Parses {@code type/key}, splitting on the first '/'. */
  public static AgentId parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "AgentId "
              + Names.quote(text)
              + " is invalid: write it as type/key, e.g. writer/default");
    }
    return new AgentId(text.substring(0, slash), text.substring(slash + 1));
  }

  /** The id as {@code type/key}, the form {@link #parse} reads. */
  @Override
  public String toString() {
    return type + "/" + key;
  }
}
