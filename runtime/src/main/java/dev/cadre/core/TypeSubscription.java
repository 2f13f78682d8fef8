package dev.cadre.core;

/**
 * Delivers messages published to topics of exactly {@code topicType} to the agent of {@code
 * agentType} whose key is the topic's source, so each conversation (source) gets its own agent.
 *
 * @param topicType the topic type to match, as in {@link TopicId#type()}
 * @param agentType the agent type to deliver to, as in {@link AgentId#type()}
 */
public record TypeSubscription(String topicType, String agentType) implements Subscription {

  /** Checks the topic type and the agent type. */
  public TypeSubscription {
    Names.checkTopicType("TypeSubscription topicType", topicType);
    Names.checkAgentType("TypeSubscription agentType", agentType);
  }

  /** {@code type:<topicType>-><agentType>}; '>' cannot occur in either type, so ids never clash. */
  @Override
  public String id() {
    return "type:" + topicType + "->" + agentType;
  }

  @Override
  public boolean matches(TopicId topic) {
    return topic.type().equals(topicType);
  }

  @Override
  public AgentId mapToAgent(TopicId topic) {
    if (!matches(topic)) {
      throw new IllegalArgumentException(
          "subscription "
              + id()
              + " does not match topic "
              + topic
              + ": its type must be "
              + topicType);
    }
    return new AgentId(agentType, topic.source());
  }
}
