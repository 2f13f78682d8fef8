package dev.cadre.core;

import java.util.Objects;

/**
 * Where a message is published: its {@code type} (what subscriptions match on) and its {@code
 * source} (which conversation or context; type subscriptions use it as the receiving agent's key).
 *
 * <p>Written as {@code type/source}; the type never contains '/', the source may.
 *
 * @param type letters, digits, '_', '-', '.', ':' or '='
 * @param source any non-empty text without control characters
 */
public record TopicId(String type, String source) {

  /** Checks the type and the source. */
  public TopicId {
    Names.checkTopicType("TopicId type", type);
    Names.checkText("TopicId source", source);
  }

  /** Parses {@code type/source}, splitting on the first '/'. */
  public static TopicId parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "TopicId "
              + Names.quote(text)
              + " is invalid: write it as type/source, e.g. group_chat/run-42");
    }
    return new TopicId(text.substring(0, slash), text.substring(slash + 1));
  }

  /** The topic as {@code type/source}, the form {@link #parse} reads. */
  @Override
  public String toString() {
    return type + "/" + source;
  }
}
