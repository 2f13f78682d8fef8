package dev.cadre.core;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Says which agents receive the messages published to which topics.
 *
 * <p>A subscription is data: it serialises to JSON (with a {@code "kind"} field) so a distributed
 * runtime can ship it to other workers, and its {@link #id()} is derived from its fields, so adding
 * the same subscription twice is the same as adding it once.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = TypeSubscription.class, name = "type"),
  @JsonSubTypes.Type(value = TypePrefixSubscription.class, name = "type_prefix")
})
public sealed interface Subscription permits TypeSubscription, TypePrefixSubscription {

  /** A stable id computed from the fields; pass it to {@link AgentRuntime#removeSubscription}. */
  String id();

  /** The type of the agents that receive the matching messages. */
  String agentType();

  /** Whether a message published to {@code topic} goes to this subscription's agents. */
  boolean matches(TopicId topic);

  /**
   * The agent that receives a message published to {@code topic}.
   *
   * @throws IllegalArgumentException if the subscription does not match the topic
   */
  AgentId mapToAgent(TopicId topic);
}
