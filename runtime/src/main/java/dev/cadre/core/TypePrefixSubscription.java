package dev.cadre.core;

/**
 * Delivers messages published to every topic whose type starts with {@code topicTypePrefix} to the
 * agent of {@code agentType} whose key is the topic's source.
 *
 * @param topicTypePrefix the start of the topic types to match; same characters as a topic type
 * @param agentType the agent type to deliver to, as in {@link AgentId#type()}
 */
public record TypePrefixSubscription(String topicTypePrefix, String agentType)
    implements Subscription {

  /** Checks the prefix and the agent type. */
  public TypePrefixSubscription {
    Names.checkTopicType("TypePrefixSubscription topicTypePrefix", topicTypePrefix);
    Names.checkAgentType("TypePrefixSubscription agentType", agentType);
  }

  /**
   * {@code prefix:<topicTypePrefix>*-><agentType>}; never equal to a {@link TypeSubscription} id.
   */
  @Override
  public String id() {
    return "prefix:" + topicTypePrefix + "*->" + agentType;
  }

  @Override
  public boolean matches(TopicId topic) {
    return topic.type().startsWith(topicTypePrefix);
  }

  @Override
  public AgentId mapToAgent(TopicId topic) {
    if (!matches(topic)) {
      throw new IllegalArgumentException(
          "subscription "
              + id()
              + " does not match topic "
              + topic
              + ": its type must start with "
              + topicTypePrefix);
    }
    return new AgentId(agentType, topic.source());
  }
}
